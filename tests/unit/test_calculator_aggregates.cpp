#include "calculator/aggregates.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using rw::calculator::aggregate_quarter;
using rw::calculator::ServiceCost;
using rw::corridors::FirmType;
using rw::corridors::Quarter;
using rw::corridors::SpeedClass;

namespace {

const Quarter k_q(2024, 4);

// A catalogue written for these tests: flows are round numbers so weighted
// averages can be checked by hand.
const rw::corridors::Catalogue&
catalogue()
{
  static const auto loaded = rw::corridors::Catalogue::load(
    "iso3,name,currency,region,income_group,g20\n"
    "GBR,United Kingdom,GBP,eca,high,yes\n"
    "KEN,Kenya,KES,ssa,lower_middle,no\n"
    "MEX,Mexico,MXN,lac,upper_middle,yes\n"
    "NGA,Nigeria,NGN,ssa,lower_middle,no\n"
    "UGA,Uganda,UGX,ssa,low,no\n"
    "USA,United States,USD,na,high,yes\n",
    "countries.csv",
    "sender,receiver,flow_usd,flow_year,flow_source\n"
    "USA,MEX,100,2021,test\n"
    "GBR,NGA,300,2021,test\n"
    "KEN,UGA,,,\n",
    "corridors.csv");
  REQUIRE(loaded);
  return *loaded;
}

struct Make
{
  std::string corridor = "USA-MEX";
  std::string key = "s";
  double total = 0;
  FirmType firm = FirmType::mto;
  std::optional<SpeedClass> speed = SpeedClass::same_day;
  bool transparent = true;
  bool accessible = true;
  Quarter quarter = k_q;
};

ServiceCost
make(const Make& m)
{
  ServiceCost s;
  s.quarter = m.quarter;
  s.corridor = *rw::corridors::CorridorKey::parse(m.corridor);
  s.service_key = m.key;
  s.provider = m.key;
  s.firm_type = m.firm;
  s.speed = m.speed;
  s.transparent = m.transparent;
  s.accessible = m.accessible;
  s.total_pct = m.total;
  s.fee_pct = m.total / 2;
  s.fx_margin_pct = m.total / 2;
  return s;
}

const rw::calculator::CorridorAverage&
corridor(const rw::calculator::QuarterAggregates& a, const char* key)
{
  for (const auto& c : a.corridors) {
    if (c.corridor.to_string() == key) {
      return c;
    }
  }
  FAIL("no corridor " << key);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("non-transparent services are excluded from every average and counted")
  {
    // Transparent 4 and 6: average 5. The non-transparent 100 must not move it.
    const std::vector<ServiceCost> services = {
      make({.key = "a", .total = 4}),
      make({.key = "b", .total = 6}),
      make({.key = "c", .total = 100, .firm = FirmType::bank, .transparent = false}),
    };
    const auto a = aggregate_quarter(services, k_q, catalogue());
    REQUIRE(a.corridors.size() == 1);
    CHECK(a.corridors[0].average == doctest::Approx(5.0));
    CHECK(a.corridors[0].services == 2);
    CHECK(a.corridors[0].excluded_non_transparent == 1);
    CHECK(a.services == 2);
    CHECK(a.excluded_non_transparent == 1);
    CHECK(a.global.value == doctest::Approx(5.0));
    CHECK_FALSE(a.by_firm_type.at(FirmType::bank).value.has_value());
    CHECK(a.speed.total == 2);
    CHECK(a.corridors[0].smart.qualifying == 2);
  }

  TEST_CASE("the global average is service-level, not the mean of corridor averages")
  {
    // USA-MEX: 2 and 4 (average 3); GBR-NGA: 10.
    // Service-level: (2 + 4 + 10) / 3 = 5.3333; corridor-level: (3 + 10) / 2 = 6.5.
    const std::vector<ServiceCost> services = {
      make({.key = "a", .total = 2}),
      make({.key = "b", .total = 4}),
      make({.corridor = "GBR-NGA", .key = "c", .total = 10}),
    };
    const auto a = aggregate_quarter(services, k_q, catalogue());
    CHECK(a.global.value == doctest::Approx(16.0 / 3.0));
    CHECK(a.global.count == 3);
    CHECK(a.mean_of_corridor_averages.value == doctest::Approx(6.5));
    CHECK(a.mean_of_corridor_averages.count == 2);
  }

  TEST_CASE("SmaRT with 0, 1, 2, 3 and 5 qualifying services")
  {
    SUBCASE("none: n/a and counted")
    {
      const std::vector<ServiceCost> services = {
        make({.key = "a", .total = 3, .speed = SpeedClass::six_days_or_more}),
        make({.key = "b", .total = 4, .speed = std::nullopt}),
      };
      const auto a = aggregate_quarter(services, k_q, catalogue());
      CHECK_FALSE(a.corridors[0].smart.value.has_value());
      CHECK(a.corridors[0].smart.qualifying == 0);
      CHECK(a.smart_not_available == 1);
      CHECK_FALSE(a.smart_global.value.has_value());
    }
    SUBCASE("one: its own cost, flagged; the others fail one condition each")
    {
      const std::vector<ServiceCost> services = {
        make({.key = "ok", .total = 4}),
        make({.key = "slow", .total = 1, .speed = SpeedClass::six_days_or_more}),
        make({.key = "unknown-speed", .total = 1.5, .speed = std::nullopt}),
        make({.key = "inaccessible", .total = 2, .accessible = false}),
        make({.key = "opaque", .total = 0.5, .transparent = false}),
      };
      const auto a = aggregate_quarter(services, k_q, catalogue());
      const auto& smart = a.corridors[0].smart;
      CHECK(smart.qualifying == 1);
      CHECK(smart.value == doctest::Approx(4.0));
      CHECK(smart.fewer_than_three);
    }
    SUBCASE("two: their mean, flagged")
    {
      // (3 + 5) / 2 = 4
      const auto a = aggregate_quarter(
        std::vector{make({.key = "a", .total = 3}), make({.key = "b", .total = 5})}, k_q, catalogue());
      CHECK(a.corridors[0].smart.value == doctest::Approx(4.0));
      CHECK(a.corridors[0].smart.fewer_than_three);
    }
    SUBCASE("three: their mean, not flagged")
    {
      // (1 + 2 + 6) / 3 = 3
      const auto a = aggregate_quarter(
        std::vector{make({.key = "a", .total = 1}), make({.key = "b", .total = 2}),
                    make({.key = "c", .total = 6})},
        k_q, catalogue());
      CHECK(a.corridors[0].smart.value == doctest::Approx(3.0));
      CHECK_FALSE(a.corridors[0].smart.fewer_than_three);
    }
    SUBCASE("five: the three cheapest")
    {
      // Cheapest three of 9, 1, 7, 3, 5: (1 + 3 + 5) / 3 = 3; corridor average (25 / 5) = 5.
      const auto a = aggregate_quarter(
        std::vector{make({.key = "a", .total = 9}), make({.key = "b", .total = 1}),
                    make({.key = "c", .total = 7}), make({.key = "d", .total = 3}),
                    make({.key = "e", .total = 5})},
        k_q, catalogue());
      CHECK(a.corridors[0].smart.value == doctest::Approx(3.0));
      CHECK(a.corridors[0].smart.qualifying == 5);
      CHECK(a.corridors[0].average == doctest::Approx(5.0));
      CHECK(a.corridors[0].cheapest == doctest::Approx(1.0));
      CHECK(a.corridors[0].spread == doctest::Approx(4.0));
    }
  }

  TEST_CASE("SmaRT global is the mean of corridor values; shares count SmaRT ≤ 5 %")
  {
    // USA-MEX SmaRT 4 (one service), GBR-NGA SmaRT 8, KEN-UGA none.
    const auto a = aggregate_quarter(
      std::vector{make({.key = "a", .total = 4}), make({.corridor = "GBR-NGA", .key = "b", .total = 8}),
                  make({.corridor = "KEN-UGA", .key = "c", .total = 2, .speed = SpeedClass::six_days_or_more})},
      k_q, catalogue());
    CHECK(a.smart_global.value == doctest::Approx(6.0));
    CHECK(a.smart_global.count == 2);
    CHECK(a.smart_not_available == 1);
    CHECK(a.shares.smart_corridors == 2);
    CHECK(a.shares.smart_at_most_5 == 1);
  }

  TEST_CASE("weighted average skips and counts corridors without a flow")
  {
    // USA-MEX 4 × 100, GBR-NGA 8 × 300: (400 + 2400) / 400 = 7. KEN-UGA (20) has no flow.
    const auto a = aggregate_quarter(
      std::vector{make({.key = "a", .total = 4}), make({.corridor = "GBR-NGA", .key = "b", .total = 8}),
                  make({.corridor = "KEN-UGA", .key = "c", .total = 20})},
      k_q, catalogue());
    CHECK(a.weighted.value == doctest::Approx(7.0));
    CHECK(a.weighted.corridors_used == 2);
    CHECK(a.weighted.corridors_without_flow == 1);
    CHECK(a.weighted.total_flow_usd == doctest::Approx(400.0));
  }

  TEST_CASE("no corridor with a flow: no weighted average")
  {
    const auto a = aggregate_quarter(std::vector{make({.corridor = "KEN-UGA", .total = 20})}, k_q, catalogue());
    CHECK_FALSE(a.weighted.value.has_value());
    CHECK(a.weighted.corridors_without_flow == 1);
  }

  TEST_CASE("a service quoted several times counts once, at the mean of its quotes")
  {
    // Service s quoted 2, 4, 6 (mean 4); service t quoted once at 10.
    // Corridor average (4 + 10) / 2 = 7, not (2 + 4 + 6 + 10) / 4 = 5.5.
    const auto a = aggregate_quarter(
      std::vector{make({.key = "s", .total = 2}), make({.key = "s", .total = 4}),
                  make({.key = "s", .total = 6}), make({.key = "t", .total = 10})},
      k_q, catalogue());
    CHECK(a.corridors[0].average == doctest::Approx(7.0));
    CHECK(a.corridors[0].services == 2);
    CHECK(a.global.value == doctest::Approx(7.0));
  }

  TEST_CASE("collapse: non-transparent quotes of a transparent service do not count")
  {
    // Quotes 3 (transparent) and 99 (rate undisclosed that day): the service costs 3.
    const auto services = rw::calculator::collapse(
      std::vector{make({.key = "s", .total = 3}), make({.key = "s", .total = 99, .transparent = false})});
    REQUIRE(services.size() == 1);
    CHECK(services[0].transparent);
    CHECK(services[0].total_pct == doctest::Approx(3.0));
    CHECK(services[0].quotes == 1);
    // Never transparent: stays, marked non-transparent.
    const auto opaque = rw::calculator::collapse(
      std::vector{make({.key = "s", .total = 5, .transparent = false}), make({.key = "s", .total = 7, .transparent = false})});
    REQUIRE(opaque.size() == 1);
    CHECK_FALSE(opaque[0].transparent);
  }

  TEST_CASE("collapse keeps the last observation's description")
  {
    const auto services = rw::calculator::collapse(
      std::vector{make({.key = "s", .total = 3, .speed = SpeedClass::two_days}),
                  make({.key = "s", .total = 5, .speed = SpeedClass::same_day})});
    REQUIRE(services.size() == 1);
    CHECK(services[0].speed == SpeedClass::same_day);
    CHECK(services[0].total_pct == doctest::Approx(4.0));
    CHECK(services[0].quotes == 2);
  }

  TEST_CASE("other quarters are ignored")
  {
    const auto a = aggregate_quarter(
      std::vector{make({.key = "a", .total = 4}), make({.key = "b", .total = 40, .quarter = Quarter(2024, 3)})},
      k_q, catalogue());
    CHECK(a.global.value == doctest::Approx(4.0));
    CHECK(a.services == 1);
  }

  TEST_CASE("by firm type: every type present, empty where no service")
  {
    // Banks 10 and 20: 15. MTO 2. Post office, mobile operator, other: none.
    const auto a = aggregate_quarter(
      std::vector{make({.key = "a", .total = 10, .firm = FirmType::bank}),
                  make({.key = "b", .total = 20, .firm = FirmType::bank}),
                  make({.key = "c", .total = 2, .firm = FirmType::mto})},
      k_q, catalogue());
    CHECK(a.by_firm_type.size() == 5);
    CHECK(a.by_firm_type.at(FirmType::bank).value == doctest::Approx(15.0));
    CHECK(a.by_firm_type.at(FirmType::bank).count == 2);
    CHECK(a.by_firm_type.at(FirmType::mto).value == doctest::Approx(2.0));
    CHECK_FALSE(a.by_firm_type.at(FirmType::post_office).value.has_value());
    CHECK(a.by_firm_type.at(FirmType::post_office).count == 0);
  }

  TEST_CASE("regions, G20, income groups and North/South by sender and receiver")
  {
    // USA-MEX 4 (North→South, both G20, receiver LAC upper-middle)
    // GBR-NGA 8 (North→South, G20 sender, receiver SSA lower-middle)
    // KEN-UGA 20 (South→South, receiver SSA low)
    // USA-GBR 6 (North→North, receiver high income)
    // USA-ZZZ 100 (receiver not in the catalogue: global only)
    const auto a = aggregate_quarter(
      std::vector{make({.key = "a", .total = 4}), make({.corridor = "GBR-NGA", .key = "b", .total = 8}),
                  make({.corridor = "KEN-UGA", .key = "c", .total = 20}),
                  make({.corridor = "USA-GBR", .key = "d", .total = 6}),
                  make({.corridor = "USA-ZZZ", .key = "e", .total = 100})},
      k_q, catalogue());
    CHECK(a.global.value == doctest::Approx(138.0 / 5.0));
    CHECK(a.unknown_countries == 1);
    CHECK(a.by_region.at("lac").value == doctest::Approx(4.0));
    CHECK(a.by_region.at("ssa").value == doctest::Approx(14.0)); // (8 + 20) / 2
    CHECK(a.by_region.at("ssa").count == 2);
    CHECK(a.by_region.at("high_income").value == doctest::Approx(6.0));
    CHECK_FALSE(a.by_region.contains("na"));
    CHECK(a.g20_senders.value == doctest::Approx(6.0)); // (4 + 8 + 6) / 3
    CHECK(a.g20_senders.count == 3);
    CHECK(a.g20_receivers.value == doctest::Approx(5.0)); // (4 + 6) / 2
    CHECK(a.south_south.value == doctest::Approx(20.0));
    CHECK(a.north_south.value == doctest::Approx(6.0)); // (4 + 8) / 2
    CHECK(a.north_north.value == doctest::Approx(6.0));
    CHECK_FALSE(a.south_north.value.has_value());
    CHECK(a.by_receiver_income.at(rw::corridors::IncomeGroup::low).value == doctest::Approx(20.0));
    CHECK(a.by_receiver_income.at(rw::corridors::IncomeGroup::lower_middle).value == doctest::Approx(8.0));
  }

  TEST_CASE("corridor shares at the 3 % and 5 % boundaries")
  {
    // Averages 2.0 and 3.0 are ≤ 3; 5.0 is in (3, 5]; 5.0001 is above 5.
    const auto a = aggregate_quarter(
      std::vector{make({.corridor = "USA-MEX", .total = 2.0}), make({.corridor = "GBR-NGA", .total = 3.0}),
                  make({.corridor = "KEN-UGA", .total = 5.0}), make({.corridor = "USA-GBR", .total = 5.0001})},
      k_q, catalogue());
    CHECK(a.shares.corridors == 4);
    CHECK(a.shares.at_most_3 == 2);
    CHECK(a.shares.from_3_to_5 == 1);
    CHECK(a.shares.above_5 == 1);
  }

  TEST_CASE("a corridor with only non-transparent services has no average and no band")
  {
    const auto a = aggregate_quarter(
      std::vector{make({.corridor = "USA-MEX", .total = 2.0}),
                  make({.corridor = "KEN-UGA", .total = 9.0, .transparent = false})},
      k_q, catalogue());
    CHECK_FALSE(corridor(a, "KEN-UGA").average.has_value());
    CHECK(corridor(a, "KEN-UGA").excluded_non_transparent == 1);
    CHECK(a.shares.corridors == 1);
    CHECK(a.weighted.corridors_without_flow == 0);
  }

  TEST_CASE("speed distribution of transparent services")
  {
    const auto a = aggregate_quarter(
      std::vector{make({.key = "a", .total = 1, .speed = SpeedClass::less_than_one_hour}),
                  make({.key = "b", .total = 1, .speed = SpeedClass::less_than_one_hour}),
                  make({.key = "c", .total = 1, .speed = SpeedClass::three_to_five_days}),
                  make({.key = "d", .total = 1, .speed = std::nullopt}),
                  make({.key = "e", .total = 1, .speed = SpeedClass::next_day, .transparent = false})},
      k_q, catalogue());
    CHECK(a.speed.total == 4);
    CHECK(a.speed.counts[static_cast<size_t>(SpeedClass::less_than_one_hour)] == 2);
    CHECK(a.speed.counts[static_cast<size_t>(SpeedClass::three_to_five_days)] == 1);
    CHECK(a.speed.counts[static_cast<size_t>(SpeedClass::next_day)] == 0);
    CHECK(a.speed.unknown == 1);
  }

  TEST_CASE("observe computes a quote's cost and quarter")
  {
    rw::corridors::Quote quote;
    quote.corridor = {"KEN", "UGA"};
    quote.service.provider = "Alpha";
    quote.amount = 18000;
    quote.fee = 315;
    quote.rate = 31.7658;
    quote.benchmark = 33;
    quote.collected_at = std::chrono::sys_seconds(date::sys_days(date::year(2011) / 9 / 6));
    const auto s = rw::calculator::observe(quote);
    REQUIRE(s);
    CHECK(s->quarter == Quarter(2011, 3));
    CHECK(s->total_pct == doctest::Approx(5.49).epsilon(1e-4));
    CHECK(s->service_key == quote.service.key());
    quote.rate = 0;
    CHECK_FALSE(rw::calculator::observe(quote));
  }

  TEST_CASE("changes in percentage points")
  {
    // 9.30 − 8.90 = +0.40 pp; YoY missing.
    const auto c = rw::calculator::change(9.30, 8.90, std::nullopt);
    CHECK(c.quarter_on_quarter_pp == doctest::Approx(0.40));
    CHECK_FALSE(c.year_on_year_pp.has_value());
    const auto none = rw::calculator::change(std::nullopt, 1.0, 2.0);
    CHECK_FALSE(none.quarter_on_quarter_pp.has_value());
    CHECK_FALSE(none.year_on_year_pp.has_value());
  }
}
