#pragma once

#include "calculator/aggregates.hpp"
#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <optional>
#include <vector>

namespace rw::reports {

// One stored quote as the calculator's service cost (the source's published
// figures kept). Errors name the quote's source and natural key.
util::Expected<calculator::ServiceCost> service_cost(const store::QuoteRecord& record);

// The stored quotes of one standard amount as the calculator's service costs:
// sources' published figures kept (RPW), the rest computed from the quote.
// Quarters outside [from, to] are not read.
util::Expected<std::vector<calculator::ServiceCost>> load_service_costs(
  store::Database& database,
  int standard_amount_usd,
  std::optional<corridors::Quarter> from = std::nullopt,
  std::optional<corridors::Quarter> to = std::nullopt);

} // namespace rw::reports
