#include "collector/importer.hpp"
#include "datasets/corridor_view.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using rw::calculator::ServiceCost;
using rw::corridors::FirmType;
using rw::corridors::Quarter;
using rw::corridors::SpeedClass;

namespace {

ServiceCost
cost(Quarter quarter, std::string key, std::string provider, double fee, double fx, SpeedClass speed,
     bool transparent = true)
{
  return {.quarter = quarter,
          .corridor = {"KEN", "UGA"},
          .service_key = std::move(key),
          .provider = std::move(provider),
          .firm_type = FirmType::bank,
          .speed = speed,
          .transparent = transparent,
          .accessible = true,
          .fee_pct = fee,
          .fx_margin_pct = fx,
          .total_pct = fee + fx,
          .quotes = 1};
}

// Hand-made: in 2012Q3 Alpha (two quotes, 4 % and 6 %: 5 %), Beta by account
// (3 %), Beta in cash (7 %, six days), Gamma not transparent (1 %); in
// 2011Q3 Delta alone (8 %). DataBank publishes 2011Q3 and 2013Q1.
rw::datasets::CorridorData
hand_made()
{
  const Quarter q3{2012, 3};
  rw::datasets::CorridorData data;
  data.corridor = {"KEN", "UGA"};
  data.observations = {
    cost({2011, 3}, "delta||", "Delta", 5, 3, SpeedClass::same_day),
    cost(q3, "alpha||cash", "Alpha", 1, 3, SpeedClass::same_day),
    cost(q3, "alpha||cash", "Alpha", 3, 3, SpeedClass::same_day),
    cost(q3, "beta|cash|account", "Beta", 1, 2, SpeedClass::next_day),
    cost(q3, "beta||cash", "Beta", 4, 3, SpeedClass::six_days_or_more),
    cost(q3, "gamma||cash", "Gamma", 1, 0, SpeedClass::same_day, false),
  };
  data.services = {{"alpha||cash", {"Alpha", "", "Cash"}},
                   {"beta|cash|account", {"Beta", "Cash", "Bank Account"}},
                   {"beta||cash", {"Beta", "", "Cash"}}};
  data.databank = {{Quarter{2011, 3}, 8.1}, {Quarter{2013, 1}, 9.0}};
  return data;
}

} // namespace

TEST_SUITE("datasets::corridor_view")
{
  TEST_CASE("transparent services ranked cheapest first, the non-transparent apart, the calculator's figures"
            * rw::test::no_store())
  {
    const auto view = rw::datasets::corridor_view(hand_made(), Quarter{2012, 3}, rw::test::builtin_catalogue());
    CHECK(view.sender_name == "Kenya");
    CHECK(view.receiver_name == "Uganda");
    REQUIRE(view.ranked.size() == 3);
    CHECK(view.ranked[0].rank == 1);
    CHECK(view.ranked[0].label == "Beta — cash to bank account");
    CHECK(view.ranked[0].total_cost_pct == doctest::Approx(3));
    CHECK(view.ranked[1].label == "Alpha");
    CHECK(view.ranked[1].fee_pct == doctest::Approx(2)); // (1 + 3) / 2
    CHECK(view.ranked[1].total_cost_pct == doctest::Approx(5));
    CHECK(view.ranked[2].label == "Beta — to cash");
    CHECK(view.ranked[2].rank == 3);
    REQUIRE(view.non_transparent.size() == 1);
    CHECK(view.non_transparent[0].label == "Gamma");
    CHECK(view.non_transparent[0].rank == 0); // never ranked, though the cheapest
    // Average (3 + 5 + 7) / 3 = 5; cheapest 3; spread 2; SmaRT: Beta in cash
    // takes six days, so the mean of 3 and 5 = 4, fewer than three.
    CHECK(*view.figures.average == doctest::Approx(5));
    CHECK(view.figures.services == 3);
    CHECK(*view.figures.cheapest == doctest::Approx(3));
    CHECK(*view.figures.spread == doctest::Approx(2));
    CHECK(*view.figures.smart.value == doctest::Approx(4));
    CHECK(view.figures.smart.fewer_than_three);
  }

  TEST_CASE("the trend has every quarter with quotes or a DataBank value" * rw::test::no_store())
  {
    const auto view = rw::datasets::corridor_view(hand_made(), Quarter{2012, 3}, rw::test::builtin_catalogue());
    REQUIRE(view.trend.size() == 3);
    CHECK(view.trend[0].quarter == Quarter{2011, 3});
    CHECK(*view.trend[0].average == doctest::Approx(8));
    CHECK(*view.trend[0].databank == doctest::Approx(8.1));
    CHECK(view.trend[1].quarter == Quarter{2012, 3});
    CHECK(*view.trend[1].average == doctest::Approx(5));
    CHECK_FALSE(view.trend[1].databank.has_value());
    CHECK(view.trend[2].quarter == Quarter{2013, 1});
    CHECK_FALSE(view.trend[2].average.has_value());
    CHECK(*view.trend[2].databank == doctest::Approx(9.0));
    CHECK(rw::datasets::quote_quarters(hand_made()) == std::vector<Quarter>{{2011, 3}, {2012, 3}});
  }

  TEST_CASE("services and firm types in words" * rw::test::no_store())
  {
    CHECK(rw::datasets::service_words("Card", "Mobile Wallet") == "card to mobile wallet");
    CHECK(rw::datasets::service_words("", "Cash") == "to cash");
    CHECK(rw::datasets::service_words("Online", "") == "from online");
    CHECK(rw::datasets::service_words("", "").empty());
    CHECK(rw::datasets::firm_type_words(FirmType::mto) == "Money transfer operator");
    CHECK(rw::datasets::firm_type_words(FirmType::bank) == "Bank");
  }
}

TEST_SUITE("realdata::corridor_view")
{
  TEST_CASE("KEN-UGA 2012Q3 from the raw RPW rows: 12 services from MoneyGram 6.05 % to KCB 13.19 %")
  {
    const auto file = rw::test::shared_data_dir() / "rpw/rpw_east_africa_2011Q1-2013Q1.csv";
    REQUIRE(std::filesystem::exists(file));
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::collector::import_file(*db, rw::collector::ImportKind::rpw, file, rw::test::builtin_catalogue(),
                                       "2025-01-15T12:00:00Z"));
    const auto data = rw::datasets::load_corridor_data(*db, {"KEN", "UGA"}, 200);
    REQUIRE(data);
    const auto view = rw::datasets::corridor_view(*data, Quarter{2012, 3}, rw::test::builtin_catalogue());
    // The World Bank's published figures for the services (RPW's own totals).
    REQUIRE(view.ranked.size() == 12);
    CHECK(view.non_transparent.empty());
    CHECK(view.ranked.front().provider == "MoneyGram");
    CHECK(view.ranked.front().total_cost_pct == doctest::Approx(6.05));
    CHECK(view.ranked.back().provider == "Kenya Commercial Bank (KCB)");
    CHECK(view.ranked.back().total_cost_pct == doctest::Approx(13.19));
    // The README's example quarter: 11 transparent services, one apart.
    const auto q3 = rw::datasets::corridor_view(*data, Quarter{2011, 3}, rw::test::builtin_catalogue());
    CHECK(q3.ranked.size() == 11);
    CHECK(q3.non_transparent.size() == 1);
    CHECK(*q3.figures.average == doctest::Approx(9.70090909));
  }
}
