#include "calculator/aggregates.hpp"
#include "tests/unit/calculator_fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

using rw::calculator::collapse;
using rw::corridors::IncomeGroup;
using namespace rw::test::calculator_fixtures;

TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("non-transparent services are excluded from every average and counted")
  {
    // USA-MEX: transparent 4 and 6 (average 5) and an opaque bank at 0.5, the
    // cheapest if it counted. GBR-NGA: one opaque service only.
    const auto a = aggregate({
      make({.key = "a", .total = 4}),
      make({.key = "b", .total = 6}),
      make({.key = "c", .total = 0.5, .firm = FirmType::bank, .transparent = false}),
      make({.corridor = "GBR-NGA", .key = "d", .total = 9, .transparent = false}),
    });
    REQUIRE(a.corridors.size() == 2);
    const auto& mex = corridor(a, "USA-MEX");
    CHECK(mex.average == doctest::Approx(5.0));
    CHECK(mex.services == 2);
    CHECK(mex.excluded_non_transparent == 1);
    CHECK(mex.cheapest == doctest::Approx(4.0));
    CHECK(mex.spread == doctest::Approx(1.0)); // 5 − 4
    CHECK(mex.smart.qualifying == 2);
    CHECK(mex.smart.value == doctest::Approx(5.0)); // (4 + 6) / 2
    const auto& nga = corridor(a, "GBR-NGA");
    CHECK_FALSE(nga.average.has_value());
    CHECK_FALSE(nga.cheapest.has_value());
    CHECK_FALSE(nga.spread.has_value());
    CHECK_FALSE(nga.smart.value.has_value());
    CHECK(nga.excluded_non_transparent == 1);

    CHECK(a.services == 2);
    CHECK(a.excluded_non_transparent == 2);
    CHECK(a.global.value == doctest::Approx(5.0));
    CHECK(a.global.count == 2);
    CHECK(a.mean_of_corridor_averages.value == doctest::Approx(5.0));
    CHECK(a.mean_of_corridor_averages.count == 1);
    CHECK_FALSE(a.by_firm_type.at(FirmType::bank).value.has_value());
    CHECK(a.by_firm_type.at(FirmType::mto).count == 2);
    CHECK(a.by_region.at("lac").value == doctest::Approx(5.0));
    CHECK_FALSE(a.by_region.contains("ssa")); // GBR-NGA's only service is opaque
    CHECK(a.g20_senders.count == 2);          // GBR is G20 but sent nothing transparent
    CHECK(a.g20_senders.value == doctest::Approx(5.0));
    CHECK(a.north_south.count == 2);
    CHECK(a.by_receiver_income.at(IncomeGroup::upper_middle).count == 2);
    CHECK_FALSE(a.by_receiver_income.contains(IncomeGroup::lower_middle));
    // Weighted: USA-MEX only, 5 × 100 / 100; GBR-NGA has no average to weigh.
    CHECK(a.weighted.value == doctest::Approx(5.0));
    CHECK(a.weighted.corridors_used == 1);
    CHECK(a.weighted.corridors_without_flow == 0);
    CHECK(a.shares.corridors == 1);
    CHECK(a.smart_global.value == doctest::Approx(5.0));
    CHECK(a.smart_not_available == 1);
    CHECK(a.speed.total == 2);
    CHECK(a.unknown_countries == 0);
  }

  TEST_CASE("the global average is service-level, not the mean of corridor averages")
  {
    // USA-MEX: 2 and 4 (average 3); GBR-NGA: 10.
    // Service-level: (2 + 4 + 10) / 3 = 16 / 3 = 5.3333; corridor-level: (3 + 10) / 2 = 6.5.
    const auto a = aggregate({
      make({.key = "a", .total = 2}),
      make({.key = "b", .total = 4}),
      make({.corridor = "GBR-NGA", .key = "c", .total = 10}),
    });
    REQUIRE(a.corridors.size() == 2);
    CHECK(a.global.value == doctest::Approx(16.0 / 3.0));
    CHECK(a.global.count == 3);
    CHECK(a.services == 3);
    CHECK(a.mean_of_corridor_averages.value == doctest::Approx(6.5));
    CHECK(a.mean_of_corridor_averages.count == 2);
  }

  TEST_CASE("corridors come sorted by key and figures do not depend on input order")
  {
    std::vector<ServiceCost> services = {
      make({.corridor = "USA-MEX", .key = "a", .total = 0.1}),
      make({.corridor = "GBR-NGA", .key = "b", .total = 7}),
      make({.corridor = "USA-MEX", .key = "b", .total = 0.2}),
      make({.corridor = "KEN-UGA", .key = "c", .total = 9}),
      make({.corridor = "USA-MEX", .key = "c", .total = 0.3}),
      make({.corridor = "GBR-IND", .key = "d", .total = 5}),
    };
    const auto forward = aggregate(services);
    REQUIRE(forward.corridors.size() == 4);
    CHECK(forward.corridors[0].corridor.to_string() == "GBR-IND");
    CHECK(forward.corridors[1].corridor.to_string() == "GBR-NGA");
    CHECK(forward.corridors[2].corridor.to_string() == "KEN-UGA");
    CHECK(forward.corridors[3].corridor.to_string() == "USA-MEX");
    // USA-MEX: (0.1 + 0.2 + 0.3) / 3 = 0.2. Summed in input order reversed,
    // 0.3 + 0.2 + 0.1 differs from 0.1 + 0.2 + 0.3 in the last bit; sums run
    // in service-key order, so both orders give identical bits.
    std::ranges::reverse(services);
    const auto backward = aggregate(services);
    REQUIRE(forward.global.value.has_value());
    REQUIRE(backward.global.value.has_value());
    CHECK(*forward.global.value == *backward.global.value);
    CHECK(*forward.corridors[3].average == *backward.corridors[3].average);
    CHECK(forward.corridors[3].average == doctest::Approx(0.2));
  }

  TEST_CASE("SmaRT with 0, 1, 2, 3 and 5 qualifying services")
  {
    SUBCASE("none: n/a and counted")
    {
      const auto a = aggregate({
        make({.key = "a", .total = 3, .speed = SpeedClass::six_days_or_more}),
        make({.key = "b", .total = 4, .speed = std::nullopt}),
        make({.key = "c", .total = 1, .accessible = false}),
        make({.key = "d", .total = 1, .transparent = false}),
      });
      REQUIRE(a.corridors.size() == 1);
      CHECK_FALSE(a.corridors[0].smart.value.has_value());
      CHECK(a.corridors[0].smart.qualifying == 0);
      CHECK_FALSE(a.corridors[0].smart.fewer_than_three);
      CHECK(a.corridors[0].average == doctest::Approx(8.0 / 3.0)); // (3 + 4 + 1) / 3
      CHECK(a.smart_not_available == 1);
      CHECK_FALSE(a.smart_global.value.has_value());
      CHECK(a.shares.smart_corridors == 0);
    }
    SUBCASE("one: its own cost, flagged; the others fail one condition each")
    {
      const auto a = aggregate({
        make({.key = "ok", .total = 4}),
        make({.key = "slow", .total = 1, .speed = SpeedClass::six_days_or_more}),
        make({.key = "unknown-speed", .total = 1.5, .speed = std::nullopt}),
        make({.key = "inaccessible", .total = 2, .accessible = false}),
        make({.key = "opaque", .total = 0.5, .transparent = false}),
      });
      REQUIRE(a.corridors.size() == 1);
      const auto& smart = a.corridors[0].smart;
      CHECK(smart.qualifying == 1);
      CHECK(smart.value == doctest::Approx(4.0));
      CHECK(smart.fewer_than_three);
      // The corridor average still has every transparent service: (4 + 1 + 1.5 + 2) / 4 = 2.125.
      CHECK(a.corridors[0].average == doctest::Approx(2.125));
      CHECK(a.corridors[0].cheapest == doctest::Approx(1.0));
    }
    SUBCASE("two: their mean, flagged")
    {
      // (3 + 5) / 2 = 4
      const auto a = aggregate({make({.key = "a", .total = 3}), make({.key = "b", .total = 5})});
      REQUIRE(a.corridors.size() == 1);
      CHECK(a.corridors[0].smart.value == doctest::Approx(4.0));
      CHECK(a.corridors[0].smart.qualifying == 2);
      CHECK(a.corridors[0].smart.fewer_than_three);
    }
    SUBCASE("three: their mean, not flagged; 3-5 days still qualifies")
    {
      // (1 + 2 + 6) / 3 = 3
      const auto a = aggregate({
        make({.key = "a", .total = 1}),
        make({.key = "b", .total = 2, .speed = SpeedClass::three_to_five_days}),
        make({.key = "c", .total = 6, .speed = SpeedClass::less_than_one_hour}),
      });
      REQUIRE(a.corridors.size() == 1);
      CHECK(a.corridors[0].smart.value == doctest::Approx(3.0));
      CHECK(a.corridors[0].smart.qualifying == 3);
      CHECK_FALSE(a.corridors[0].smart.fewer_than_three);
    }
    SUBCASE("five: the three cheapest")
    {
      // Cheapest three of 9, 1, 7, 3, 5: (1 + 3 + 5) / 3 = 3; corridor average 25 / 5 = 5.
      const auto a = aggregate({make({.key = "a", .total = 9}), make({.key = "b", .total = 1}),
                                make({.key = "c", .total = 7}), make({.key = "d", .total = 3}),
                                make({.key = "e", .total = 5})});
      REQUIRE(a.corridors.size() == 1);
      CHECK(a.corridors[0].smart.value == doctest::Approx(3.0));
      CHECK(a.corridors[0].smart.qualifying == 5);
      CHECK_FALSE(a.corridors[0].smart.fewer_than_three);
      CHECK(a.corridors[0].average == doctest::Approx(5.0));
      CHECK(a.corridors[0].cheapest == doctest::Approx(1.0));
      CHECK(a.corridors[0].spread == doctest::Approx(4.0));
    }
    SUBCASE("five with a tie at the third place and a cheaper disqualified one")
    {
      // Qualifying 2, 1, 2, 2, 8 (and a six-day service at 0.1): cheapest three
      // are 1, 2, 2 whichever 2 is taken: 5 / 3 = 1.6667.
      const auto a = aggregate({
        make({.key = "a", .total = 2}),
        make({.key = "b", .total = 1}),
        make({.key = "c", .total = 2}),
        make({.key = "d", .total = 2}),
        make({.key = "e", .total = 8}),
        make({.key = "f", .total = 0.1, .speed = SpeedClass::six_days_or_more}),
      });
      REQUIRE(a.corridors.size() == 1);
      CHECK(a.corridors[0].smart.value == doctest::Approx(5.0 / 3.0));
      CHECK(a.corridors[0].smart.qualifying == 5);
    }
  }

  TEST_CASE("SmaRT global is the mean of corridor values; shares count SmaRT ≤ 5 %")
  {
    // USA-MEX SmaRT 4 (one service), GBR-NGA SmaRT 8, KEN-UGA none (slow only).
    // Global SmaRT (4 + 8) / 2 = 6; one of the two at most 5.
    const auto a = aggregate({make({.key = "a", .total = 4}),
                              make({.corridor = "GBR-NGA", .key = "b", .total = 8}),
                              make({.corridor = "KEN-UGA", .key = "c", .total = 2,
                                    .speed = SpeedClass::six_days_or_more})});
    CHECK(a.smart_global.value == doctest::Approx(6.0));
    CHECK(a.smart_global.count == 2);
    CHECK(a.smart_not_available == 1);
    CHECK(a.shares.smart_corridors == 2);
    CHECK(a.shares.smart_at_most_5 == 1);
  }

  TEST_CASE("weighted average skips and counts corridors without a flow")
  {
    SUBCASE("empty flow, zero flow and a corridor not in the catalogue")
    {
      // USA-MEX 4 × 100, GBR-NGA 8 × 300: (400 + 2400) / 400 = 7.
      // Left out: KEN-UGA (flow empty), GBR-IND (flow 0), USA-GBR (not listed).
      // Unweighted mean of corridor averages for contrast: (4 + 8 + 20 + 30 + 40) / 5 = 20.4.
      const auto a = aggregate({make({.key = "a", .total = 4}),
                                make({.corridor = "GBR-NGA", .key = "b", .total = 8}),
                                make({.corridor = "KEN-UGA", .key = "c", .total = 20}),
                                make({.corridor = "GBR-IND", .key = "d", .total = 30}),
                                make({.corridor = "USA-GBR", .key = "e", .total = 40})});
      CHECK(a.weighted.value == doctest::Approx(7.0));
      CHECK(a.weighted.corridors_used == 2);
      CHECK(a.weighted.corridors_without_flow == 3);
      CHECK(a.weighted.total_flow_usd == doctest::Approx(400.0));
      CHECK(a.mean_of_corridor_averages.value == doctest::Approx(20.4));
    }
    SUBCASE("weights apply to corridor averages, not services")
    {
      // USA-MEX 2 and 6 (average 4) × 100, GBR-NGA 8 × 300: (400 + 2400) / 400 = 7,
      // not the service-weighted (2 × 100 + 6 × 100 + 8 × 300) / 500 = 6.4.
      const auto a = aggregate({make({.key = "a", .total = 2}), make({.key = "b", .total = 6}),
                                make({.corridor = "GBR-NGA", .key = "c", .total = 8})});
      CHECK(a.weighted.value == doctest::Approx(7.0));
      CHECK(a.weighted.corridors_used == 2);
    }
    SUBCASE("no corridor with a flow: no weighted average")
    {
      const auto a = aggregate({make({.corridor = "KEN-UGA", .total = 20})});
      CHECK_FALSE(a.weighted.value.has_value());
      CHECK(a.weighted.corridors_used == 0);
      CHECK(a.weighted.corridors_without_flow == 1);
      CHECK(a.weighted.total_flow_usd == 0.0);
    }
  }

  TEST_CASE("a service quoted several times counts once, at the mean of its quotes")
  {
    // Service s quoted 2, 4, 6 (mean 4); service t quoted once at 10.
    // Corridor average (4 + 10) / 2 = 7, not (2 + 4 + 6 + 10) / 4 = 5.5.
    const std::vector<ServiceCost> quotes = {
      make({.key = "s", .total = 2}),
      make({.key = "s", .total = 4}),
      make({.key = "s", .total = 6}),
      make({.key = "t", .total = 10}),
    };
    const auto a = aggregate(quotes);
    REQUIRE(a.corridors.size() == 1);
    CHECK(a.corridors[0].average == doctest::Approx(7.0));
    CHECK(a.corridors[0].services == 2);
    CHECK(a.services == 2);
    CHECK(a.global.value == doctest::Approx(7.0));
    CHECK(a.global.count == 2);

    const auto services = collapse(quotes);
    REQUIRE(services.size() == 2);
    CHECK(services[0].service_key == "s");
    CHECK(services[0].quotes == 3);
    CHECK(services[0].total_pct == doctest::Approx(4.0));
    CHECK(services[0].fee_pct == doctest::Approx(2.0));       // (1 + 2 + 3) / 3
    CHECK(services[0].fx_margin_pct == doctest::Approx(2.0)); // (1 + 2 + 3) / 3
    CHECK(services[1].quotes == 1);
    CHECK(services[1].total_pct == doctest::Approx(10.0));
  }

  TEST_CASE("other quarters are ignored")
  {
    const auto a = aggregate({make({.key = "a", .total = 4}),
                              make({.key = "b", .total = 40, .quarter = Quarter(2024, 3)}),
                              make({.key = "a", .total = 400, .quarter = Quarter(2025, 1)})});
    CHECK(a.quarter == k_q);
    CHECK(a.global.value == doctest::Approx(4.0));
    CHECK(a.services == 1);
    const auto empty =
      aggregate_quarter(std::vector{make({.total = 4})}, Quarter(2020, 1), catalogue());
    CHECK(empty.corridors.empty());
    CHECK(empty.services == 0);
    CHECK_FALSE(empty.global.value.has_value());
    CHECK(empty.by_firm_type.size() == 5);
  }

  TEST_CASE("by firm type: every type present, empty where no service")
  {
    // Banks 10 and 20: 15. MTO 2. Post office 7 (in another corridor).
    // Mobile operator and other: none.
    const auto a = aggregate({
      make({.key = "a", .total = 10, .firm = FirmType::bank}),
      make({.key = "b", .total = 20, .firm = FirmType::bank}),
      make({.key = "c", .total = 2, .firm = FirmType::mto}),
      make({.corridor = "GBR-NGA", .key = "d", .total = 7, .firm = FirmType::post_office}),
    });
    CHECK(a.by_firm_type.size() == 5);
    CHECK(a.by_firm_type.at(FirmType::bank).value == doctest::Approx(15.0));
    CHECK(a.by_firm_type.at(FirmType::bank).count == 2);
    CHECK(a.by_firm_type.at(FirmType::mto).value == doctest::Approx(2.0));
    CHECK(a.by_firm_type.at(FirmType::post_office).value == doctest::Approx(7.0));
    CHECK_FALSE(a.by_firm_type.at(FirmType::mobile_operator).value.has_value());
    CHECK(a.by_firm_type.at(FirmType::mobile_operator).count == 0);
    CHECK_FALSE(a.by_firm_type.at(FirmType::other).value.has_value());
  }

  TEST_CASE("regions, G20, income groups and North/South by sender and receiver")
  {
    // USA-MEX 4  North→South, both G20, receiver LAC upper-middle
    // GBR-NGA 8  North→South, G20 sender, receiver SSA lower-middle
    // KEN-UGA 20 South→South, receiver SSA low
    // USA-GBR 6  North→North, G20 both, receiver high income (bucket "high_income", not "eca")
    // KEN-GBR 12 South→North, G20 receiver, high income
    // USA-ZZZ 100, ZZZ-MEX 50: a country not in the catalogue: global only
    // ZZZ-MEX 1 (opaque): excluded, not an unknown-country service
    const auto a = aggregate({
      make({.key = "a", .total = 4}),
      make({.corridor = "GBR-NGA", .key = "b", .total = 8}),
      make({.corridor = "KEN-UGA", .key = "c", .total = 20}),
      make({.corridor = "USA-GBR", .key = "d", .total = 6}),
      make({.corridor = "KEN-GBR", .key = "e", .total = 12}),
      make({.corridor = "USA-ZZZ", .key = "f", .total = 100}),
      make({.corridor = "ZZZ-MEX", .key = "g", .total = 50}),
      make({.corridor = "ZZZ-MEX", .key = "h", .total = 1, .transparent = false}),
    });
    // (4 + 8 + 20 + 6 + 12 + 100 + 50) / 7 = 200 / 7
    CHECK(a.global.value == doctest::Approx(200.0 / 7.0));
    CHECK(a.global.count == 7);
    CHECK(a.unknown_countries == 2);
    CHECK(a.excluded_non_transparent == 1);
    CHECK(corridor(a, "USA-ZZZ").average == doctest::Approx(100.0)); // corridor figures kept

    SUBCASE("regions of the receiver")
    {
      CHECK(a.by_region.size() == 3);
      CHECK(a.by_region.at("lac").value == doctest::Approx(4.0)); // ZZZ-MEX left out
      CHECK(a.by_region.at("lac").count == 1);
      CHECK(a.by_region.at("ssa").value == doctest::Approx(14.0)); // (8 + 20) / 2
      CHECK(a.by_region.at("ssa").count == 2);
      CHECK(a.by_region.at("high_income").value == doctest::Approx(9.0)); // (6 + 12) / 2
      CHECK_FALSE(a.by_region.contains("eca"));
      CHECK_FALSE(a.by_region.contains("na"));
    }
    SUBCASE("G20 from and to")
    {
      CHECK(a.g20_senders.value == doctest::Approx(6.0)); // (4 + 8 + 6) / 3
      CHECK(a.g20_senders.count == 3);
      CHECK(a.g20_receivers.value == doctest::Approx(22.0 / 3.0)); // (4 + 6 + 12) / 3
      CHECK(a.g20_receivers.count == 3);
    }
    SUBCASE("North and South")
    {
      CHECK(a.south_south.value == doctest::Approx(20.0));
      CHECK(a.south_south.count == 1);
      CHECK(a.north_south.value == doctest::Approx(6.0)); // (4 + 8) / 2
      CHECK(a.north_south.count == 2);
      CHECK(a.south_north.value == doctest::Approx(12.0));
      CHECK(a.north_north.value == doctest::Approx(6.0));
      // Every known service in exactly one of the four: 1 + 2 + 1 + 1 = 5 = 7 − 2 unknown.
      CHECK(a.south_south.count + a.north_south.count + a.south_north.count + a.north_north.count
            == 5);
    }
    SUBCASE("receiver income groups")
    {
      CHECK(a.by_receiver_income.size() == 4);
      CHECK(a.by_receiver_income.at(IncomeGroup::low).value == doctest::Approx(20.0));
      CHECK(a.by_receiver_income.at(IncomeGroup::lower_middle).value == doctest::Approx(8.0));
      CHECK(a.by_receiver_income.at(IncomeGroup::upper_middle).value == doctest::Approx(4.0));
      // (6 + 12) / 2
      CHECK(a.by_receiver_income.at(IncomeGroup::high).value == doctest::Approx(9.0));
    }
  }

  TEST_CASE("a low or middle income North American receiver would be \"na\"")
  {
    // Only the bucket rule is tested here: a made-up catalogue where a North
    // American country is upper-middle income.
    const auto custom = rw::corridors::Catalogue::load(
      "iso3,name,currency,region,income_group,g20\n"
      "AAA,Test sender,AAD,eca,high,no\n"
      "BBB,Test receiver,BBD,na,upper_middle,no\n",
      "countries.csv", "sender,receiver,flow_usd,flow_year,flow_source\n", "corridors.csv");
    REQUIRE(custom);
    const auto a =
      aggregate_quarter(std::vector{make({.corridor = "AAA-BBB", .total = 3})}, k_q, *custom);
    CHECK(a.by_region.at("na").value == doctest::Approx(3.0));
    CHECK(a.north_south.count == 1);
    CHECK_FALSE(a.g20_senders.value.has_value());
    CHECK(a.weighted.corridors_without_flow == 1);
  }

  TEST_CASE("corridor shares at the 3 % and 5 % boundaries")
  {
    SUBCASE("exact limits belong to the lower band")
    {
      // Averages 2.0 and 3.0 are ≤ 3; 5.0 is in (3, 5]; 5.0001 is above 5.
      const auto a = aggregate({make({.corridor = "USA-MEX", .total = 2.0}),
                                make({.corridor = "GBR-NGA", .total = 3.0}),
                                make({.corridor = "KEN-UGA", .total = 5.0}),
                                make({.corridor = "USA-GBR", .total = 5.0001})});
      CHECK(a.shares.corridors == 4);
      CHECK(a.shares.at_most_3 == 2);
      CHECK(a.shares.from_3_to_5 == 1);
      CHECK(a.shares.above_5 == 1);
      // SmaRT (one service each) 2, 3, 5 are ≤ 5; 5.0001 is not.
      CHECK(a.shares.smart_corridors == 4);
      CHECK(a.shares.smart_at_most_5 == 3);
    }
    SUBCASE("binary rounding does not push a decimal limit into the next band")
    {
      // Means are summed exactly (ExactMean), but a service's own total is
      // binary: computed from a fee and rates it can land one ulp above a
      // decimal limit (2.04 + 5.99 + 0.97 in doubles is 9.000000000000002).
      // USA-MEX: 3 services at 3 + 1 ulp; GBR-NGA: 3 services at 5 + 1 ulp
      // (SmaRT too: three qualifying services).
      const double three = std::nextafter(3.0, 4.0);
      const double five = std::nextafter(5.0, 6.0);
      const auto a = aggregate({
        make({.key = "a", .total = three}),
        make({.key = "b", .total = three}),
        make({.key = "c", .total = three}),
        make({.corridor = "GBR-NGA", .key = "a", .total = five}),
        make({.corridor = "GBR-NGA", .key = "b", .total = five}),
        make({.corridor = "GBR-NGA", .key = "c", .total = five}),
      });
      // The precondition of this test: the means really are off in the last bit.
      REQUIRE(*corridor(a, "USA-MEX").average > 3.0);
      REQUIRE(*corridor(a, "GBR-NGA").average > 5.0);
      REQUIRE(*corridor(a, "GBR-NGA").smart.value > 5.0);
      CHECK(a.shares.at_most_3 == 1);
      CHECK(a.shares.from_3_to_5 == 1);
      CHECK(a.shares.above_5 == 0);
      CHECK(a.shares.smart_at_most_5 == 2);
    }
  }

  TEST_CASE("a corridor with only non-transparent services has no average and no band")
  {
    const auto a = aggregate({make({.corridor = "USA-MEX", .total = 2.0}),
                              make({.corridor = "KEN-UGA", .total = 9.0, .transparent = false})});
    CHECK_FALSE(corridor(a, "KEN-UGA").average.has_value());
    CHECK(corridor(a, "KEN-UGA").services == 0);
    CHECK(corridor(a, "KEN-UGA").excluded_non_transparent == 1);
    CHECK(a.shares.corridors == 1);
    CHECK(a.weighted.corridors_without_flow == 0);
    CHECK(a.smart_not_available == 1);
  }

  TEST_CASE("competition: services per corridor, cheapest and spread")
  {
    // USA-MEX 3, 5, 10 (and an opaque 1): average 6, cheapest 3, spread 6 − 3 = 3.
    // GBR-NGA 8 alone: cheapest 8, spread 0.
    const auto a = aggregate({make({.key = "a", .total = 3}), make({.key = "b", .total = 5}),
                              make({.key = "c", .total = 10}),
                              make({.key = "d", .total = 1, .transparent = false}),
                              make({.corridor = "GBR-NGA", .key = "e", .total = 8})});
    const auto& mex = corridor(a, "USA-MEX");
    CHECK(mex.services == 3);
    CHECK(mex.average == doctest::Approx(6.0));
    CHECK(mex.cheapest == doctest::Approx(3.0));
    CHECK(mex.spread == doctest::Approx(3.0));
    const auto& nga = corridor(a, "GBR-NGA");
    CHECK(nga.services == 1);
    CHECK(nga.cheapest == doctest::Approx(8.0));
    CHECK(nga.spread == doctest::Approx(0.0));
  }

  TEST_CASE("speed distribution of transparent services")
  {
    // Transparent: 2 × < 1 hour, 1 × 3-5 days, 1 × 6 days or more, 1 unknown = 5.
    // The opaque next-day service is not counted.
    const auto a = aggregate({
      make({.key = "a", .total = 1, .speed = SpeedClass::less_than_one_hour}),
      make({.key = "b", .total = 1, .speed = SpeedClass::less_than_one_hour}),
      make({.key = "c", .total = 1, .speed = SpeedClass::three_to_five_days}),
      make({.corridor = "GBR-NGA", .key = "c", .total = 1, .speed = SpeedClass::six_days_or_more}),
      make({.key = "d", .total = 1, .speed = std::nullopt}),
      make({.key = "e", .total = 1, .speed = SpeedClass::next_day, .transparent = false}),
    });
    const auto count = [&](SpeedClass speed) { return a.speed.counts[static_cast<size_t>(speed)]; };
    CHECK(a.speed.total == 5);
    CHECK(count(SpeedClass::less_than_one_hour) == 2);
    CHECK(count(SpeedClass::same_day) == 0);
    CHECK(count(SpeedClass::next_day) == 0);
    CHECK(count(SpeedClass::two_days) == 0);
    CHECK(count(SpeedClass::three_to_five_days) == 1);
    CHECK(count(SpeedClass::six_days_or_more) == 1);
    CHECK(a.speed.unknown == 1);
  }

  TEST_CASE("changes in percentage points")
  {
    SUBCASE("both sides")
    {
      // 9.30 − 8.90 = +0.40 pp; 9.30 − 9.80 = −0.50 pp.
      const auto c = rw::calculator::change(9.30, 8.90, 9.80);
      CHECK(c.quarter_on_quarter_pp == doctest::Approx(0.40));
      CHECK(c.year_on_year_pp == doctest::Approx(-0.50));
    }
    SUBCASE("no year-ago value")
    {
      const auto c = rw::calculator::change(9.30, 8.90, std::nullopt);
      CHECK(c.quarter_on_quarter_pp == doctest::Approx(0.40));
      CHECK_FALSE(c.year_on_year_pp.has_value());
    }
    SUBCASE("no previous quarter")
    {
      const auto c = rw::calculator::change(9.30, std::nullopt, 9.80);
      CHECK_FALSE(c.quarter_on_quarter_pp.has_value());
      CHECK(c.year_on_year_pp == doctest::Approx(-0.50));
    }
    SUBCASE("no current value: no change at all")
    {
      const auto c = rw::calculator::change(std::nullopt, 1.0, 2.0);
      CHECK_FALSE(c.quarter_on_quarter_pp.has_value());
      CHECK_FALSE(c.year_on_year_pp.has_value());
    }
  }
}
