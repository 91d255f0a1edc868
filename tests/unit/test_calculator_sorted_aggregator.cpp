#include "calculator/sorted_aggregator.hpp"
#include "tests/unit/aggregates_text.hpp"
#include "tests/unit/calculator_fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace rw::test::calculator_fixtures;

// The suite docs/methodology.md cites for these cases.
TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("SortedAggregator: observations streamed in key order give aggregate_quarter's figures, bit for bit")
  {
    // Three quarters x five corridors (one without a flow, one with a country
    // outside the catalogue) x six services x one to three quotes, figures in
    // quarters of a point (ties on the cheapest), transparency, access, speed
    // and firm type drawn per quote; a service's provider changes between
    // its quotes (the last one describes it).
    std::mt19937 random(20261202);
    const auto draw = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const std::vector<std::string> corridors = {"GBR-IND", "GBR-NGA", "KEN-UGA", "USA-GBR", "USA-MEX"};
    const std::vector<SpeedClass> speeds = {SpeedClass::less_than_one_hour, SpeedClass::same_day,
                                            SpeedClass::next_day, SpeedClass::six_days_or_more};
    const std::vector<FirmType> firms = {FirmType::bank, FirmType::mto, FirmType::post_office,
                                         FirmType::mobile_operator};
    std::vector<ServiceCost> observations;
    for (const Quarter quarter : {Quarter(2024, 2), Quarter(2024, 3), Quarter(2025, 1)}) {
      for (const auto& corridor : corridors) {
        for (const char key : std::string("abcdef")) {
          const int quotes = 1 + draw(3);
          for (int q = 0; q < quotes; ++q) {
            ServiceCost s = make({.corridor = corridor,
                                  .key = std::string(1, key),
                                  .total = 0.25 * draw(60),
                                  .firm = firms[static_cast<size_t>(draw(4))],
                                  .transparent = draw(5) != 0,
                                  .accessible = draw(4) != 0,
                                  .quarter = quarter});
            s.speed = draw(6) == 0 ? std::nullopt : std::optional(speeds[static_cast<size_t>(draw(4))]);
            s.provider = fmt::format("{}{}", key, q);
            s.fee_pct = 0.125 * draw(20);
            s.fx_margin_pct = s.total_pct - s.fee_pct;
            observations.push_back(s);
          }
        }
      }
    }
    rw::calculator::SortedAggregator aggregator(catalogue());
    for (const auto& o : observations) {
      REQUIRE(aggregator.add(view(o)));
    }
    const auto streamed = aggregator.finish();
    REQUIRE(streamed.size() == 3);
    for (const auto& [quarter, aggregates] : streamed) {
      CAPTURE(quarter.to_string());
      const auto expected = aggregate_quarter(observations, quarter, catalogue());
      CHECK(expected.services > 0);
      CHECK(rw::test::describe(aggregates) == rw::test::describe(expected));
    }
    // Nothing added: no quarter.
    CHECK(rw::calculator::SortedAggregator(catalogue()).finish().empty());
  }

  TEST_CASE("SortedAggregator refuses an observation out of key order, and everything after it")
  {
    rw::calculator::SortedAggregator aggregator(catalogue());
    const auto b = make({.key = "b", .total = 2});
    const auto a = make({.key = "a", .total = 1});
    const auto later = make({.corridor = "USA-MEX", .key = "z", .total = 1, .quarter = Quarter(2025, 1)});
    const auto earlier_quarter = make({.key = "z", .total = 1, .quarter = Quarter(2024, 3)});
    CHECK(aggregator.add(view(b)));
    CHECK(aggregator.add(view(b))); // the same service again: its next quote
    CHECK(aggregator.add(view(later)));
    CHECK_FALSE(aggregator.add(view(earlier_quarter)));
    CHECK_FALSE(aggregator.add(view(later))); // stopped for good

    rw::calculator::SortedAggregator corridor_order(catalogue());
    CHECK(corridor_order.add(view(make({.corridor = "USA-MEX", .key = "a", .total = 1}))));
    CHECK_FALSE(corridor_order.add(view(make({.corridor = "GBR-NGA", .key = "z", .total = 1}))));

    rw::calculator::SortedAggregator key_order(catalogue());
    CHECK(key_order.add(view(b)));
    CHECK_FALSE(key_order.add(view(a)));
  }
}
