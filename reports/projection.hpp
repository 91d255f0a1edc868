#pragma once

#include "corridors/quarter.hpp"
#include "reports/report.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rw::reports {

// A target's measure projected at its recent pace (docs/methodology.md, "The
// quarterly report", "Projection"): a least-squares straight line over the
// last k_projection_quarters quarters with a value, on a true time axis (the
// quarter's index, so gaps between survey rounds count as the time they are).

// Quarters in the fit: three years, long enough that one survey round's
// sample does not set the pace, short enough to be today's pace.
inline constexpr size_t k_projection_quarters = 12;
// Fewer points than this: no projection (a line through 2 or 3 points has
// almost no residual to say how uncertain it is).
inline constexpr size_t k_projection_min_points = 4;
// The search for the quarter the line meets the target stops here.
inline const corridors::Quarter k_projection_horizon{2040, 4};

struct ProjectionTarget
{
  double target = 0;
  corridors::Quarter deadline{2000, 1};
  bool falling = true;             // the measure must fall to the target (costs, counts); else rise (speed)
  std::optional<double> current;   // the report's value: already_met when it meets the target
  std::string unit = "%";          // "%": slopes in pp; "corridors"
};

// `points`: the measure by quarter, ascending, at most up to the report's
// quarter. Empty when fewer than k_projection_min_points quarters have a value.
std::optional<Projection> project(const std::vector<std::pair<corridors::Quarter, double>>& points,
                                  const ProjectionTarget& target);

} // namespace rw::reports
