#pragma once

#include "corridors/model.hpp"
#include "readers/imported_quote.hpp"
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace rw::collector {

// A quote as a source of a collection run found it, before it is keyed.
struct CollectedQuote
{
  corridors::CorridorKey corridor;
  corridors::Service service;
  std::string send_currency, receive_currency;
  double amount = 0, fee = 0, rate = 0;
  std::optional<double> received;
  double benchmark = 0;
  std::string benchmark_source;
  std::chrono::sys_seconds collected_at{};
  int usd = 200; // the standard amount it stands for
  std::string source, source_ref;
  std::string method = "api";
  std::string flag; // why the quote is flagged; empty: not flagged
};

// The quote keyed as every observed quote is (readers::observed_quote), if
// it meets the bounds every source's quotes meet (readers::check_plausible):
// else an error naming the provider, so that no remote server can store a
// row that breaks the reads after it.
util::Expected<readers::ImportedQuote> imported(CollectedQuote collected);

} // namespace rw::collector
