#include "collector/collected_quote.hpp"

#include <fmt/format.h>

namespace rw::collector {

util::Expected<readers::ImportedQuote>
imported(CollectedQuote collected)
{
  corridors::Quote quote;
  quote.corridor = collected.corridor;
  quote.service = std::move(collected.service);
  quote.send_currency = std::move(collected.send_currency);
  quote.receive_currency = std::move(collected.receive_currency);
  quote.amount = collected.amount;
  quote.fee = collected.fee;
  quote.rate = collected.rate;
  quote.received = collected.received;
  quote.benchmark = collected.benchmark;
  quote.benchmark_source = std::move(collected.benchmark_source);
  quote.collected_at = collected.collected_at;
  quote.source = std::move(collected.source);
  quote.method = std::move(collected.method);
  quote.standard_amount_usd = collected.usd;
  readers::ImportedQuote q = readers::observed_quote(std::move(quote));
  q.source_ref = std::move(collected.source_ref);
  q.flagged = !collected.flag.empty();
  q.flag_reason = std::move(collected.flag);
  if (auto ok = readers::check_plausible(q); !ok) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("provider '{}' ({} USD {}): {}", q.quote.service.provider,
                                        q.quote.corridor.to_string(), q.quote.standard_amount_usd,
                                        ok.error().message));
  }
  return q;
}

} // namespace rw::collector
