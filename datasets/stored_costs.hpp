#pragma once

#include "calculator/aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::datasets {

// Told of each stored quote a read leaves out, with a message naming it and
// why: its collection date or period does not parse or lies outside
// corridors::k_first_year..k_last_year (a row planted by hand, or stored
// before the bounds were checked). The read goes on without it: one bad row
// must not stop every report. Other stored data that no longer parses still
// stops the read with an error naming the quote.
using SkippedQuote = std::function<void(const std::string& message)>;

// The default: "remitwatch: warning: <message>" on stderr.
void warn_skipped(const std::string& message);

// One stored quote as the calculator's service cost (the source's published
// figures kept). Errors name the quote's source and natural key.
util::Expected<calculator::ServiceCost> service_cost(const store::QuoteRecord& record);

// The stored quotes of one standard amount as cost observations, one at a
// time, in the store's order (quarter, corridor, service key, time collected,
// id): sources' published figures kept (RPW), the rest computed from the
// quote. A quote with a bad date or period is left out and told to
// `skipped`; other stored data that no longer parses stops the read with an
// error naming the quote. Quarters outside [from, to] are not read.
util::Expected<void> for_each_service_cost(store::Database& database,
                                           int standard_amount_usd,
                                           std::optional<corridors::Quarter> from,
                                           std::optional<corridors::Quarter> to,
                                           const std::function<void(const calculator::ObservationView&)>& visit,
                                           const SkippedQuote& skipped = warn_skipped);

// The stored quotes of one standard amount as the calculator's service costs:
// sources' published figures kept (RPW), the rest computed from the quote.
// Quarters outside [from, to] are not read.
util::Expected<std::vector<calculator::ServiceCost>> load_service_costs(
  store::Database& database,
  int standard_amount_usd,
  std::optional<corridors::Quarter> from = std::nullopt,
  std::optional<corridors::Quarter> to = std::nullopt,
  const SkippedQuote& skipped = warn_skipped);

// aggregate_quarter() of every quarter with stored quotes of the amount in
// [from, to], over the corridors `keep` accepts (empty: all), streamed from
// the store without keeping the quotes, on `threads` threads (0: one per
// core; never more than the quarters).
util::Expected<std::map<corridors::Quarter, calculator::QuarterAggregates>> aggregate_stored_quarters(
  store::Database& database,
  int standard_amount_usd,
  std::optional<corridors::Quarter> from,
  std::optional<corridors::Quarter> to,
  const corridors::Catalogue& catalogue,
  const std::function<bool(std::string_view sender, std::string_view receiver)>& keep = {},
  unsigned threads = 0,
  const SkippedQuote& skipped = warn_skipped);

} // namespace rw::datasets
