#include "reports/projection.hpp"

#include <doctest/doctest.h>

using rw::corridors::Quarter;
using rw::reports::project;
using rw::reports::ProjectionTarget;

namespace {

using Points = std::vector<std::pair<Quarter, double>>;

// `count` consecutive quarters from `first`, value start + step × i.
Points
line_points(Quarter first, size_t count, double start, double step)
{
  Points points;
  Quarter q = first;
  for (size_t i = 0; i < count; ++i, q = q.next()) {
    points.emplace_back(q, start + step * static_cast<double>(i));
  }
  return points;
}

ProjectionTarget
cost_target(double target, Quarter deadline)
{
  ProjectionTarget t;
  t.target = target;
  t.deadline = deadline;
  return t;
}

} // namespace

TEST_SUITE("reports::projection")
{
  TEST_CASE("points on an exact line: exact slope, no error, the crossing quarter")
  {
    // 2018Q1..2020Q4 (12 quarters), 8.0 falling 0.1 a quarter: 2020Q4 is
    // 8.0 − 1.1 = 6.9. A year is 4 quarters: −0.4 pp a year. The line meets
    // 3 % after (8 − 3) / 0.1 = 50 quarters from 2018Q1: 2030Q3. At the
    // deadline 2030Q4 (51 quarters in): 8 − 5.1 = 2.9.
    const auto p = project(line_points(Quarter(2018, 1), 12, 8.0, -0.1), cost_target(3.0, Quarter(2030, 4)));
    REQUIRE(p);
    CHECK(p->quarters == 12);
    CHECK(p->first == Quarter(2018, 1));
    CHECK(p->last == Quarter(2020, 4));
    CHECK(p->slope_per_year == doctest::Approx(-0.4));
    CHECK(p->standard_error == doctest::Approx(0.0).epsilon(1e-12));
    CHECK(p->at_deadline == doctest::Approx(2.9));
    CHECK(p->reached == Quarter(2030, 3));
    // No error: the band is the line itself.
    CHECK(p->reached_earliest == Quarter(2030, 3));
    CHECK(p->reached_latest == Quarter(2030, 3));
    CHECK_FALSE(p->already_met);
    CHECK(p->text.find("reached in 2030Q3") != std::string::npos);
    CHECK(p->text.find("-0.40 pp a year") != std::string::npos);
  }

  TEST_CASE("only the last 12 quarters are fitted; gaps count as time")
  {
    // 20 quarters: the first 8 flat at 50 (ignored), then 12 on an exact line.
    Points points = line_points(Quarter(2014, 1), 8, 50.0, 0.0);
    const Points tail = line_points(Quarter(2016, 1), 12, 8.0, -0.1);
    points.insert(points.end(), tail.begin(), tail.end());
    auto p = project(points, cost_target(3.0, Quarter(2030, 4)));
    REQUIRE(p);
    CHECK(p->first == Quarter(2016, 1));
    CHECK(p->slope_per_year == doctest::Approx(-0.4));
    // Survey rounds two quarters apart: 2011Q1, 2011Q3, 2012Q1, 2012Q3 with
    // 10, 9, 8, 7: −1 every 2 quarters = −2 pp a year (not −4).
    const Points rounds = {{Quarter(2011, 1), 10}, {Quarter(2011, 3), 9}, {Quarter(2012, 1), 8}, {Quarter(2012, 3), 7}};
    p = project(rounds, cost_target(3.0, Quarter(2030, 4)));
    REQUIRE(p);
    CHECK(p->slope_per_year == doctest::Approx(-2.0));
    // 7 → 3 takes 4 / 0.5 = 8 quarters after 2012Q3: 2014Q3.
    CHECK(p->reached == Quarter(2014, 3));
  }

  TEST_CASE("a flat series: not before 2040")
  {
    const auto p = project(line_points(Quarter(2018, 1), 12, 6.0, 0.0), cost_target(3.0, Quarter(2030, 4)));
    REQUIRE(p);
    CHECK(p->slope_per_year == doctest::Approx(0.0));
    CHECK_FALSE(p->reached);
    CHECK_FALSE(p->reached_earliest);
    CHECK(p->at_deadline == doctest::Approx(6.0));
    CHECK(p->text.find("not before 2040") != std::string::npos);
  }

  TEST_CASE("fewer than 4 points: no projection")
  {
    CHECK_FALSE(project(line_points(Quarter(2018, 1), 3, 6.0, -1.0), cost_target(3.0, Quarter(2030, 4))));
    CHECK_FALSE(project({}, cost_target(3.0, Quarter(2030, 4))));
  }

  TEST_CASE("the error band: ±2 residual standard errors")
  {
    // 2019Q1..2019Q4: 6, 4, 4, 2 → x̄ = 1.5, ȳ = 4; Sxx = 5, Sxy = (−1.5)(2) +
    // (−0.5)(0) + (0.5)(0) + (1.5)(−2) = −6: slope −1.2 a quarter (−4.8 a
    // year), intercept 4 + 1.2 × 1.5 = 5.8. Fitted 5.8, 4.6, 3.4, 2.2;
    // residuals 0.2, −0.6, 0.6, −0.2: SSR = 0.8, SE = sqrt(0.8 / 2) = 0.6325.
    const Points points = {{Quarter(2019, 1), 6}, {Quarter(2019, 2), 4}, {Quarter(2019, 3), 4}, {Quarter(2019, 4), 2}};
    auto target = cost_target(1.0, Quarter(2030, 4));
    const auto p = project(points, target);
    REQUIRE(p);
    CHECK(p->slope_per_year == doctest::Approx(-4.8));
    CHECK(p->standard_error == doctest::Approx(std::sqrt(0.4)));
    // Line at x: 5.8 − 1.2x. Meets 1 at x ≥ 4 (1.0): 2020Q1. Minus 2 SE
    // (1.2649): 4.5351 − 1.2x ≤ 1 at x ≥ 2.95, but the search starts at
    // the fit's last quarter (x = 3): 2019Q4. Plus 2 SE: 7.0649 − 1.2x ≤ 1 at
    // x ≥ 5.05: x = 6, 2020Q3.
    CHECK(p->reached == Quarter(2020, 1));
    CHECK(p->reached_earliest == Quarter(2019, 4));
    CHECK(p->reached_latest == Quarter(2020, 3));
  }

  TEST_CASE("a rising target and one already met")
  {
    // Speed share 40, 45, 50, 55 from 2020Q1: +20 a year; 75 % at x = 7: 2021Q4.
    ProjectionTarget speed = cost_target(75.0, Quarter(2027, 4));
    speed.falling = false;
    auto p = project(line_points(Quarter(2020, 1), 4, 40.0, 5.0), speed);
    REQUIRE(p);
    CHECK(p->reached == Quarter(2021, 4));
    CHECK_FALSE(p->already_met);
    speed.current = 80.0;
    p = project(line_points(Quarter(2020, 1), 4, 40.0, 5.0), speed);
    REQUIRE(p);
    CHECK(p->already_met);
    CHECK(p->text.starts_with("already met"));
  }
}
