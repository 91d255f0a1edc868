#pragma once

#include "corridors/quarter.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rw::reports {

// A target on the global average cost (percent, USD 200): from `baseline` at
// `baseline_period` down to `target` by `deadline` (docs/methodology.md says
// where each number comes from).
struct Target
{
  std::string id;   // "g8_5x5", "sdg_10c", "g20_2030"
  std::string name; // for people
  double baseline = 0;
  corridors::Quarter baseline_period{2000, 1};
  double target = 0;
  corridors::Quarter deadline{2000, 1};
  std::string source;
};

// The global-average targets: G8 "5 by 5", SDG 10.c, G20 roadmap 2030.
const std::vector<Target>& global_targets();

struct TargetProgress
{
  double current = 0;
  // (baseline − current) / (baseline − target): 1 = target reached, < 0 =
  // costlier than at the baseline.
  double share_achieved = 0;
  // The straight line from the baseline to the target, at `quarter`; the
  // target itself after the deadline.
  double path_value = 0;
  // current ≤ path value / target; ≥ for a target above its baseline (a
  // share that must rise).
  bool on_track = false;
  bool reached = false;
  bool deadline_passed = false;
};

TargetProgress evaluate(const Target& target, corridors::Quarter quarter, double current);

// The straight-line path value of `target` at `quarter`.
double path_value(const Target& target, corridors::Quarter quarter);

} // namespace rw::reports
