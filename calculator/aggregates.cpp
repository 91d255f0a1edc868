#include "calculator/aggregates.hpp"

namespace rw::calculator {

QuarterAggregates
aggregate_quarter(std::span<const ServiceCost> observations,
                  corridors::Quarter quarter,
                  const corridors::Catalogue& catalogue)
{
  QuarterAccumulator accumulator(quarter, catalogue);
  for (const Collapsed& c : collapse_groups(observations, quarter)) {
    const ServiceCost& s = observations[c.last]; // the service as last observed
    accumulator.add({.sender = s.corridor.sender,
                     .receiver = s.corridor.receiver,
                     .provider = s.provider,
                     .firm_type = s.firm_type,
                     .speed = s.speed,
                     .transparent = c.transparent,
                     .accessible = s.accessible,
                     .total_pct = c.total_pct},
                    [&] { return std::string_view(s.service_key); });
  }
  return accumulator.finish();
}

Change
change(std::optional<double> current,
       std::optional<double> previous,
       std::optional<double> year_ago)
{
  Change result;
  if (current && previous) {
    result.quarter_on_quarter_pp = *current - *previous;
  }
  if (current && year_ago) {
    result.year_on_year_pp = *current - *year_ago;
  }
  return result;
}

} // namespace rw::calculator
