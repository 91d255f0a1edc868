#pragma once

// What the rest of the code includes for the aggregates: the parts below, the
// one-call aggregate_quarter() over observations, and quarter-on-quarter change.

#include "calculator/collapse.hpp"
#include "calculator/cost.hpp"
#include "calculator/exact_mean.hpp"
#include "calculator/levels.hpp"
#include "calculator/observe.hpp"
#include "calculator/quarter_accumulator.hpp"
#include "calculator/quarter_aggregates.hpp"
#include "calculator/sorted_aggregator.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"

#include <optional>
#include <span>

namespace rw::calculator {

struct Change
{
  std::optional<double> quarter_on_quarter_pp;
  std::optional<double> year_on_year_pp;
};

// Every aggregate of docs/methodology.md for one quarter. `observations` may hold
// other quarters (ignored) and several quotes per service (collapsed first).
QuarterAggregates aggregate_quarter(std::span<const ServiceCost> observations,
                                    corridors::Quarter quarter,
                                    const corridors::Catalogue& catalogue);

// current − previous and current − year-ago, in percentage points.
Change change(std::optional<double> current,
              std::optional<double> previous,
              std::optional<double> year_ago);

} // namespace rw::calculator
