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
#include <string_view>
#include <vector>

namespace rw::datasets {

// One stored quote as the calculator's service cost (the source's published
// figures kept). Errors name the quote's source and natural key.
util::Expected<calculator::ServiceCost> service_cost(const store::QuoteRecord& record);

// The stored quotes of one standard amount as cost observations, one at a
// time, in the store's order (quarter, corridor, service key, time collected,
// id): sources' published figures kept (RPW), the rest computed from the
// quote. Stored data that no longer parses stops the read with an error
// naming the quote. Quarters outside [from, to] are not read.
util::Expected<void> for_each_service_cost(store::Database& database,
                                           int standard_amount_usd,
                                           std::optional<corridors::Quarter> from,
                                           std::optional<corridors::Quarter> to,
                                           const std::function<void(const calculator::ObservationView&)>& visit);

// The stored quotes of one standard amount as the calculator's service costs:
// sources' published figures kept (RPW), the rest computed from the quote.
// Quarters outside [from, to] are not read.
util::Expected<std::vector<calculator::ServiceCost>> load_service_costs(
  store::Database& database,
  int standard_amount_usd,
  std::optional<corridors::Quarter> from = std::nullopt,
  std::optional<corridors::Quarter> to = std::nullopt);

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
  unsigned threads = 0);

} // namespace rw::datasets
