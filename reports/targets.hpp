#pragma once

#include "corridors/quarter.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rw::reports {

// What a target measures. Only the global average has a published
// baseline; the others are measured on our own data in the baseline quarter.
enum class TargetMeasure {
  global_average,            // global average total cost, service-level, USD 200 (percent)
  corridors_smart_above_5,   // corridors whose SmaRT is above 5 % (a count)
  corridors_average_above_5, // corridors whose average is above 5 % (a count)
  within_one_hour_share,     // services delivering in less than one hour (percent)
};

// A target: from `baseline` at `baseline_period` to `target` by `deadline`
// (docs/methodology.md says where each number comes from).
struct Target
{
  std::string id;   // "g8_5x5", "sdg_10c", "g20_2030", "g20_2027_speed", …
  std::string name; // for people
  double baseline = 0; // global_average only; the others take theirs from the data of baseline_period
  corridors::Quarter baseline_period{2000, 1};
  double target = 0;
  corridors::Quarter deadline{2000, 1};
  std::string source;
  TargetMeasure measure = TargetMeasure::global_average;
};

// Every target of the report, in the report's order: G8 "5 by 5", SDG 10.c
// (global average, then corridors on SmaRT), G20 roadmap 2030 (global
// average, then corridors), G20 speed by 2027.
const std::vector<Target>& all_targets();

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
