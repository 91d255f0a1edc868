#include "reports/targets.hpp"

#include <algorithm>

namespace rw::reports {

const std::vector<Target>&
all_targets()
{
  // Baselines and deadlines: see docs/methodology.md, "Targets".
  static const std::vector<Target> table = {
    {"g8_5x5",
     "G8 \"5 by 5\": global average cut by 5 pp in five years",
     10.0,
     corridors::Quarter(2009, 3),
     5.0,
     corridors::Quarter(2014, 3),
     "G8 L'Aquila summit declaration, July 2009"},
    {"sdg_10c",
     "SDG 10.c: global average below 3 % by 2030",
     7.60,
     corridors::Quarter(2016, 2),
     3.0,
     corridors::Quarter(2030, 4),
     "UN 2030 Agenda (2015), indicator 10.c.1; baseline: RPW 2016Q2 global average 7.60 %"},
    {"sdg_10c_corridors",
     "SDG 10.c: no corridor above 5 % (SmaRT)",
     0,
     corridors::Quarter(2016, 2),
     0,
     corridors::Quarter(2030, 4),
     "UN 2030 Agenda (2015), indicator 10.c.1: corridors tested on SmaRT",
     TargetMeasure::corridors_smart_above_5},
    {"g20_2030",
     "G20 roadmap: global average at most 3 % by 2030",
     6.51,
     corridors::Quarter(2020, 4),
     3.0,
     corridors::Quarter(2030, 4),
     "G20 Roadmap for Enhancing Cross-border Payments (2020/2021); baseline: RPW 2020Q4 6.51 %"},
    {"g20_2030_corridors",
     "G20 roadmap: no corridor above 5 % by 2030",
     0,
     corridors::Quarter(2020, 4),
     0,
     corridors::Quarter(2030, 4),
     "G20 Roadmap for Enhancing Cross-border Payments (2020/2021)",
     TargetMeasure::corridors_average_above_5},
    {"g20_2027_speed",
     "G20 roadmap: 75 % of remittances within one hour by end-2027",
     0,
     corridors::Quarter(2020, 4),
     75,
     corridors::Quarter(2027, 4),
     "G20 Roadmap for Enhancing Cross-border Payments (2020/2021); measured on services, not on remitted value",
     TargetMeasure::within_one_hour_share},
  };
  return table;
}

double
path_value(const Target& target, corridors::Quarter quarter)
{
  const int span = target.deadline.index() - target.baseline_period.index();
  const double progress =
    span <= 0 ? 1.0
              : std::clamp(static_cast<double>(quarter.index() - target.baseline_period.index())
                             / static_cast<double>(span),
                           0.0,
                           1.0);
  return target.baseline + (target.target - target.baseline) * progress;
}

TargetProgress
evaluate(const Target& target, corridors::Quarter quarter, double current)
{
  TargetProgress progress;
  progress.current = current;
  progress.share_achieved = (target.baseline - current) / (target.baseline - target.target);
  progress.path_value = path_value(target, quarter);
  // Most targets bring a cost down; the G20 speed target brings a share up.
  if (target.target <= target.baseline) {
    progress.on_track = current <= progress.path_value;
    progress.reached = current <= target.target;
  } else {
    progress.on_track = current >= progress.path_value;
    progress.reached = current >= target.target;
  }
  progress.deadline_passed = quarter > target.deadline;
  return progress;
}

} // namespace rw::reports
