#include "calculator/levels.hpp"

#include "calculator/cost.hpp"

namespace rw::calculator {

bool
within_band(double value, double limit)
{
  return at_most_pp(value, limit);
}

CorridorLevel
corridor_level(std::span<const CorridorValue> averages, const corridors::Catalogue& catalogue)
{
  CorridorLevel level;
  ExactMean means;
  double weighted_sum = 0;
  for (const auto& [key, average] : averages) {
    means.add(average);
    ++level.shares.corridors;
    if (within_band(average, 3.0)) {
      ++level.shares.at_most_3;
    } else if (within_band(average, 5.0)) {
      ++level.shares.from_3_to_5;
    } else {
      ++level.shares.above_5;
    }
    const corridors::CorridorInfo* info = catalogue.find_corridor(key);
    if (info != nullptr && info->flow_usd && *info->flow_usd > 0) {
      weighted_sum += average * *info->flow_usd;
      level.weighted.total_flow_usd += *info->flow_usd;
      ++level.weighted.corridors_used;
    } else {
      ++level.weighted.corridors_without_flow;
    }
  }
  level.mean_of_corridor_averages = means.result();
  if (level.weighted.total_flow_usd > 0) {
    level.weighted.value = weighted_sum / level.weighted.total_flow_usd;
  }
  return level;
}

} // namespace rw::calculator
