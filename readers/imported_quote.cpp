#include "readers/imported_quote.hpp"

#include "util/time.hpp"

#include <fmt/format.h>

namespace rw::readers {

ImportedQuote
observed_quote(corridors::Quote quote)
{
  ImportedQuote imported;
  imported.period = corridors::Quarter::from_time(quote.collected_at);
  imported.service_key = quote.service.key();
  imported.natural_key = fmt::format("{}|{}|{}|{}",
                                     quote.corridor.to_string(),
                                     imported.service_key,
                                     util::format_timestamp(quote.collected_at),
                                     quote.standard_amount_usd);
  imported.quote = std::move(quote);
  return imported;
}

} // namespace rw::readers
