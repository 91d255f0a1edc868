#include "calculator/quarter_accumulator.hpp"
#include "tests/unit/calculator_fixtures.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace rw::test::calculator_fixtures;

// The suite docs/methodology.md cites for these cases.
TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("QuarterAccumulator: parts merged in any order equal one pass")
  {
    // Services of three corridors spread over two accumulators; the tie on
    // the cheapest (3.0, keys "b" and "a") goes to "a" however it is split.
    std::vector<ServiceCost> services = {
      make({.key = "b", .total = 3.0}), make({.key = "a", .total = 3.0}), make({.key = "c", .total = 7.5}),
      make({.corridor = "GBR-NGA", .key = "a", .total = 4.25}),
      make({.corridor = "KEN-UGA", .key = "a", .total = 9.0, .transparent = false})};
    const auto whole = aggregate(services);
    for (size_t split = 0; split <= services.size(); ++split) {
      INFO("split at ", split);
      rw::calculator::QuarterAccumulator left(k_q, catalogue());
      rw::calculator::QuarterAccumulator right(k_q, catalogue());
      for (size_t i = 0; i < services.size(); ++i) {
        const auto& s = services[i];
        (i < split ? left : right).add({.sender = s.corridor.sender, .receiver = s.corridor.receiver,
                                        .provider = s.provider, .firm_type = s.firm_type, .speed = s.speed,
                                        .transparent = s.transparent, .accessible = s.accessible,
                                        .total_pct = s.total_pct},
                                       [&] { return std::string_view(s.service_key); });
      }
      right.merge(std::move(left));
      const auto merged = right.finish();
      REQUIRE(merged.corridors.size() == whole.corridors.size());
      for (size_t i = 0; i < merged.corridors.size(); ++i) {
        CHECK(merged.corridors[i].average == whole.corridors[i].average);
        CHECK(merged.corridors[i].cheapest_provider == whole.corridors[i].cheapest_provider);
        CHECK(merged.corridors[i].smart.value == whole.corridors[i].smart.value);
        CHECK(merged.corridors[i].excluded_non_transparent == whole.corridors[i].excluded_non_transparent);
      }
      CHECK(merged.global.value == whole.global.value);
      CHECK(merged.smart_global.value == whole.smart_global.value);
    }
    CHECK(corridor(whole, "USA-MEX").cheapest_provider == "a"); // provider = key in make()
  }
}
