#include "calculator/collapse.hpp"
#include "tests/unit/calculator_fixtures.hpp"

#include <doctest/doctest.h>

#include <vector>

using rw::calculator::collapse;
using namespace rw::test::calculator_fixtures;

// The suite docs/methodology.md cites for these cases.
TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("collapse: transparency")
  {
    SUBCASE("non-transparent quotes of a transparent service do not count")
    {
      // Quotes 3 (transparent) and 99 (rate undisclosed that day): the service costs 3.
      const auto services = collapse(std::vector{
        make({.key = "s", .total = 3}),
        make({.key = "s", .total = 99, .transparent = false}),
      });
      REQUIRE(services.size() == 1);
      CHECK(services[0].transparent);
      CHECK(services[0].total_pct == doctest::Approx(3.0));
      CHECK(services[0].quotes == 1);
    }
    SUBCASE("never transparent: kept, marked, at the mean of all its quotes")
    {
      // (5 + 7) / 2 = 6
      const auto services = collapse(std::vector{
        make({.key = "s", .total = 5, .transparent = false}),
        make({.key = "s", .total = 7, .transparent = false}),
      });
      REQUIRE(services.size() == 1);
      CHECK_FALSE(services[0].transparent);
      CHECK(services[0].total_pct == doctest::Approx(6.0));
      CHECK(services[0].quotes == 2);
    }
  }

  TEST_CASE("collapse keeps the last observation's description, in input order")
  {
    auto first =
      make({.key = "s", .total = 3, .firm = FirmType::bank, .speed = SpeedClass::two_days});
    first.provider = "Old name";
    auto last = make({.key = "s", .total = 5, .speed = SpeedClass::same_day, .accessible = false});
    last.provider = "New name";
    // An unrelated service between them does not matter.
    const auto services = collapse(std::vector{first, make({.key = "t", .total = 1}), last});
    REQUIRE(services.size() == 2);
    CHECK(services[0].service_key == "s");
    CHECK(services[0].provider == "New name");
    CHECK(services[0].firm_type == FirmType::mto);
    CHECK(services[0].speed == SpeedClass::same_day);
    CHECK_FALSE(services[0].accessible);
    CHECK(services[0].total_pct == doctest::Approx(4.0)); // (3 + 5) / 2
    CHECK(services[0].quotes == 2);
  }

  TEST_CASE("collapse weighs an already collapsed value by its quotes")
  {
    // Quotes 2 and 4 collapsed first: 3 over 2 quotes. Adding a quote at 9:
    // (2 × 3 + 9) / 3 = 5 = (2 + 4 + 9) / 3, the mean over the three quotes.
    const auto part =
      collapse(std::vector{make({.key = "s", .total = 2}), make({.key = "s", .total = 4})});
    REQUIRE(part.size() == 1);
    REQUIRE(part[0].quotes == 2);
    const auto whole = collapse(std::vector{part[0], make({.key = "s", .total = 9})});
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].total_pct == doctest::Approx(5.0));
    CHECK(whole[0].quotes == 3);
    // Collapsing again changes nothing.
    const auto again = collapse(whole);
    REQUIRE(again.size() == 1);
    CHECK(again[0].total_pct == whole[0].total_pct);
    CHECK(again[0].quotes == 3);
  }

  TEST_CASE("collapse keeps quarters, corridors and services apart, sorted")
  {
    const auto services = collapse(std::vector{
      make({.corridor = "USA-MEX", .key = "s", .total = 1}),
      make({.corridor = "GBR-NGA", .key = "s", .total = 2}),
      make({.corridor = "USA-MEX", .key = "s", .total = 3, .quarter = Quarter(2024, 3)}),
      make({.corridor = "USA-MEX", .key = "r", .total = 4}),
    });
    REQUIRE(services.size() == 4);
    CHECK(services[0].quarter == Quarter(2024, 3));
    CHECK(services[0].total_pct == doctest::Approx(3.0));
    CHECK(services[1].corridor.to_string() == "GBR-NGA");
    CHECK(services[2].service_key == "r");
    CHECK(services[3].service_key == "s");
    CHECK(services[3].total_pct == doctest::Approx(1.0));
    CHECK(collapse(std::vector<ServiceCost>{}).empty());
  }
}
