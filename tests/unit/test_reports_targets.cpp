#include "reports/targets.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using rw::corridors::Quarter;
using rw::reports::evaluate;
using rw::reports::all_targets;

namespace {

const rw::reports::Target&
target(const char* id)
{
  const auto& targets = all_targets();
  const auto it = std::ranges::find(targets, std::string(id), &rw::reports::Target::id);
  REQUIRE(it != targets.end());
  return *it;
}

} // namespace

TEST_SUITE("reports::targets")
{
  TEST_CASE("the six targets, in the report's order, three of them on the global average")
  {
    std::vector<std::string> ids;
    for (const auto& t : all_targets()) {
      ids.push_back(t.id);
    }
    CHECK(ids
          == std::vector<std::string>{"g8_5x5", "sdg_10c", "sdg_10c_corridors", "g20_2030", "g20_2030_corridors",
                                      "g20_2027_speed"});
    CHECK(std::ranges::count(all_targets(), rw::reports::TargetMeasure::global_average, &rw::reports::Target::measure)
          == 3);
    CHECK(target("g20_2027_speed").target == 75.0);
    CHECK(target("g8_5x5").target == 5.0);
    CHECK(target("sdg_10c").target == 3.0);
    CHECK(target("g20_2030").deadline == Quarter(2030, 4));
  }

  TEST_CASE("5 by 5 in 2011Q3 at RPW's published 9.30 %")
  {
    // Baseline 10 % (2009Q3), target 5 % (2014Q3): 20 quarters.
    // 2011Q3 is 8 quarters in: path = 10 − 5 × 8/20 = 8.0.
    // Share achieved = (10 − 9.30) / (10 − 5) = 0.14.
    const auto p = evaluate(target("g8_5x5"), Quarter(2011, 3), 9.30);
    CHECK(p.path_value == doctest::Approx(8.0));
    CHECK(p.share_achieved == doctest::Approx(0.14));
    CHECK_FALSE(p.on_track);
    CHECK_FALSE(p.reached);
    CHECK_FALSE(p.deadline_passed);
  }

  TEST_CASE("after the deadline the path is the target")
  {
    // 2023Q3 at 6.18 %: path = 5.0; share = (10 − 6.18) / 5 = 0.764.
    const auto p = evaluate(target("g8_5x5"), Quarter(2023, 3), 6.18);
    CHECK(p.path_value == doctest::Approx(5.0));
    CHECK(p.share_achieved == doctest::Approx(0.764));
    CHECK(p.deadline_passed);
    CHECK_FALSE(p.on_track);
  }

  TEST_CASE("G20 2030 in 2023Q3: on track when below the straight line")
  {
    // Baseline 6.51 (2020Q4), target 3.0 (2030Q4): 40 quarters. 2023Q3 is 11 in:
    // path = 6.51 − 3.51 × 11/40 = 6.51 − 0.96525 = 5.54475. 6.18 > 5.54475: off track.
    const auto off = evaluate(target("g20_2030"), Quarter(2023, 3), 6.18);
    CHECK(off.path_value == doctest::Approx(5.54475));
    CHECK_FALSE(off.on_track);
    // At 5.5 % it would be on track; share = (6.51 − 5.5) / 3.51 = 0.287749...
    const auto on = evaluate(target("g20_2030"), Quarter(2023, 3), 5.5);
    CHECK(on.on_track);
    CHECK(on.share_achieved == doctest::Approx(1.01 / 3.51));
  }

  TEST_CASE("before the baseline the path is the baseline; a rise gives a negative share")
  {
    const auto p = evaluate(target("sdg_10c"), Quarter(2015, 1), 8.0);
    CHECK(p.path_value == doctest::Approx(7.60));
    // (7.60 − 8.0) / (7.60 − 3.0) = −0.0869565...
    CHECK(p.share_achieved == doctest::Approx(-0.4 / 4.6));
  }

  TEST_CASE("reaching the target")
  {
    const auto p = evaluate(target("sdg_10c"), Quarter(2030, 4), 2.9);
    CHECK(p.reached);
    CHECK(p.on_track);
    CHECK(p.share_achieved > 1.0);
  }

  TEST_CASE("a target above its baseline (a share that must rise): on track at or above the path")
  {
    // 40 % of services within one hour in 2020Q4, 75 % by 2027Q4 (28 quarters).
    // 2024Q4 is 16 quarters in: path 40 + 35 × 16 / 28 = 60.
    const rw::reports::Target speed{"speed", "speed", 40, Quarter(2020, 4), 75, Quarter(2027, 4), ""};
    const auto behind = evaluate(speed, Quarter(2024, 4), 55);
    CHECK(behind.path_value == doctest::Approx(60.0));
    CHECK_FALSE(behind.on_track);
    CHECK_FALSE(behind.reached);
    CHECK(behind.share_achieved == doctest::Approx(15.0 / 35)); // (40 − 55) / (40 − 75)
    const auto ahead = evaluate(speed, Quarter(2024, 4), 61);
    CHECK(ahead.on_track);
    CHECK(evaluate(speed, Quarter(2027, 4), 75).reached);
  }
}
