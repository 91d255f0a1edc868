#pragma once

// Figures over corridor averages alone (their mean, the flow-weighted
// average, the cost bands) and the band rule, within_band().

#include "calculator/quarter_aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"

#include <span>

namespace rw::calculator {

// A corridor's average total cost, however it was obtained (computed from
// services, or published as a corridor series).
struct CorridorValue
{
  corridors::CorridorKey corridor;
  double average = 0;
};

// The figures that need only corridor averages: their mean, the flow-weighted
// average and the cost bands (the SmaRT fields of `shares` stay 0).
struct CorridorLevel
{
  Mean mean_of_corridor_averages;
  WeightedAverage weighted;
  CorridorShares shares;
};
CorridorLevel corridor_level(std::span<const CorridorValue> averages, const corridors::Catalogue& catalogue);

// value ≤ limit, a value within 1e-9 pp of the limit counting as on it (the
// rule of the cost bands, for anyone else comparing a cost with a limit).
bool within_band(double value, double limit);

} // namespace rw::calculator
