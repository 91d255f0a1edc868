// A target's measure projected on a least-squares straight line; see
// projection.hpp and docs/methodology.md.

#include "reports/projection.hpp"

#include <fmt/format.h>

#include <cmath>

namespace rw::reports {

namespace {

using corridors::Quarter;

struct Line
{
  int origin = 0; // quarter index of x = 0
  double intercept = 0, slope = 0; // slope per quarter

  double at(Quarter quarter) const { return intercept + slope * static_cast<double>(quarter.index() - origin); }
};

// Ordinary least squares over (quarter index, value), and the residual
// standard error sqrt(SSR / (n − 2)).
std::pair<Line, double>
fit(const std::vector<std::pair<Quarter, double>>& points)
{
  Line line;
  line.origin = points.front().first.index();
  const auto n = static_cast<double>(points.size());
  double mean_x = 0, mean_y = 0;
  for (const auto& [quarter, value] : points) {
    mean_x += static_cast<double>(quarter.index() - line.origin);
    mean_y += value;
  }
  mean_x /= n;
  mean_y /= n;
  double sxx = 0, sxy = 0;
  for (const auto& [quarter, value] : points) {
    const double dx = static_cast<double>(quarter.index() - line.origin) - mean_x;
    sxx += dx * dx;
    sxy += dx * (value - mean_y);
  }
  line.slope = sxx > 0 ? sxy / sxx : 0;
  line.intercept = mean_y - line.slope * mean_x;
  double ssr = 0;
  for (const auto& [quarter, value] : points) {
    const double residual = value - line.at(quarter);
    ssr += residual * residual;
  }
  return {line, std::sqrt(ssr / (n - 2))};
}

bool
meets(double value, const ProjectionTarget& target)
{
  // Within 1e-9 of the target counts as on it, as for the cost bands.
  return target.falling ? value <= target.target + 1e-9 : value >= target.target - 1e-9;
}

// The first quarter from `from` to the horizon at which `line` + `shift` meets the target.
std::optional<Quarter>
first_meeting(const Line& line, double shift, Quarter from, const ProjectionTarget& target)
{
  for (Quarter q = from; q <= k_projection_horizon; q = q.next()) {
    if (meets(line.at(q) + shift, target)) {
      return q;
    }
  }
  return std::nullopt;
}

std::string
describe(const Projection& p, const ProjectionTarget& target)
{
  const bool percent = target.unit != "corridors";
  const std::string pace = percent ? fmt::format("{:+.2f} pp a year", p.slope_per_year)
                                   : fmt::format("{:+.1f} corridors a year", p.slope_per_year);
  const std::string at_deadline =
    percent ? fmt::format("{:.2f} %", *p.at_deadline) : fmt::format("{:.0f} corridors", *p.at_deadline);
  std::string text = fmt::format("{} (straight line over {} quarters, {} to {}); the line is at {} at the deadline "
                                 "{}",
                                 pace, p.quarters, p.first.to_string(), p.last.to_string(), at_deadline,
                                 target.deadline.to_string());
  if (p.already_met) {
    return "already met; " + text;
  }
  const auto when = [](const std::optional<Quarter>& q) { return q ? q->to_string() : "after 2040"; };
  if (p.reached) {
    text += fmt::format("; reached in {} at this pace", p.reached->to_string());
  } else {
    text += "; not before 2040 at this pace";
  }
  if (p.reached_earliest) {
    text += fmt::format(" (within 2 standard errors: {} to {})", p.reached_earliest->to_string(),
                        when(p.reached_latest));
  }
  return text;
}

} // namespace

std::optional<Projection>
project(const std::vector<std::pair<Quarter, double>>& points, const ProjectionTarget& target)
{
  if (points.size() < k_projection_min_points) {
    return std::nullopt;
  }
  const size_t take = std::min(points.size(), k_projection_quarters);
  const std::vector<std::pair<Quarter, double>> window(points.end() - static_cast<std::ptrdiff_t>(take),
                                                        points.end());
  const auto [line, error] = fit(window);
  Projection p;
  p.quarters = window.size();
  p.first = window.front().first;
  p.last = window.back().first;
  p.slope_per_year = 4 * line.slope;
  p.standard_error = error;
  p.at_deadline = line.at(target.deadline);
  p.already_met = target.current && meets(*target.current, target);
  // The band: the line moved by two standard errors towards the target
  // (earliest) and away from it (latest).
  const double toward = target.falling ? -2 * error : 2 * error;
  p.reached = first_meeting(line, 0, p.last, target);
  p.reached_earliest = first_meeting(line, toward, p.last, target);
  p.reached_latest = first_meeting(line, -toward, p.last, target);
  p.text = describe(p, target);
  return p;
}

} // namespace rw::reports
