#include "calculator/cost.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>

using rw::calculator::ecb_cross_rate;
using rw::calculator::quote_cost;

TEST_SUITE("calculator::cost")
{
  TEST_CASE("the methodology's KEN→UGA example")
  {
    // Real RPW row: A = 18,000 KES, F = 315 KES; r and m in UGX per KES.
    // fee % = 315 / 18000 × 100 = 1.75
    // r / m = 31.7658 / 33 = 0.9626 (33 × 0.9626 = 31.7658 exactly)
    // margin = (1 − 0.9626) × 100 = 3.74; total = 1.75 + 3.74 = 5.49
    const auto cost = quote_cost({.amount = 18000, .fee = 315, .rate = 31.7658, .benchmark = 33});
    REQUIRE(cost);
    CHECK(cost->fee_pct == doctest::Approx(1.75));
    CHECK(cost->fx_margin_pct == doctest::Approx(3.74));
    CHECK(cost->total_pct == doctest::Approx(5.49));
    CHECK(cost->total_pct == doctest::Approx(cost->fee_pct + cost->fx_margin_pct));
    CHECK_FALSE(cost->implicit_pct.has_value());
  }

  TEST_CASE("a rate better than the benchmark gives a negative margin")
  {
    SUBCASE("without a fee the total is the margin")
    {
      // (1 − 22.95 / 22.80) × 100 = −0.15 / 22.80 × 100 = −0.657894...
      const auto cost = quote_cost({.amount = 735, .fee = 0, .rate = 22.95, .benchmark = 22.80});
      REQUIRE(cost);
      CHECK(cost->fee_pct == 0.0);
      CHECK(cost->fx_margin_pct == doctest::Approx(-0.15 / 22.80 * 100));
      CHECK(cost->total_pct == doctest::Approx(-0.15 / 22.80 * 100));
    }
    SUBCASE("a fee partly offset by the margin")
    {
      // fee 2 / 200 × 100 = 1; margin (1 − 20.1 / 20) × 100 = −0.5; total 0.5.
      const auto cost = quote_cost({.amount = 200, .fee = 2, .rate = 20.1, .benchmark = 20});
      REQUIRE(cost);
      CHECK(cost->fx_margin_pct == doctest::Approx(-0.5));
      CHECK(cost->total_pct == doctest::Approx(0.5));
    }
  }

  TEST_CASE("implicit cost from the amount received")
  {
    SUBCASE("fee charged on top: implicit equals the margin")
    {
      // A = 200, F = 3.99, r = 19.70, m = 20, received = 200 × 19.70 = 3940.
      // implicit = (1 − 3940 / (200 × 20)) × 100 = (1 − 0.985) × 100 = 1.5 = the margin;
      // RPW total = 3.99 / 200 × 100 + 1.5 = 1.995 + 1.5 = 3.495.
      const auto cost =
        quote_cost({.amount = 200, .fee = 3.99, .rate = 19.70, .benchmark = 20, .received = 3940});
      REQUIRE(cost);
      CHECK(cost->total_pct == doctest::Approx(3.495));
      REQUIRE(cost->implicit_pct.has_value());
      CHECK(*cost->implicit_pct == doctest::Approx(1.5));
      CHECK(*cost->implicit_pct == doctest::Approx(cost->fx_margin_pct));
    }
    SUBCASE("fee deducted before conversion (Wise's data)")
    {
      // received = (500 − 5) × 1.3 = 643.5; m = 1.35, A × m = 675.
      // implicit = (1 − 643.5 / 675) × 100 = 31.5 / 675 × 100 = 4.6666...
      // RPW total = 5 / 500 × 100 + (1 − 1.3 / 1.35) × 100 = 1 + 0.05 / 1.35 × 100 = 4.7037...
      const auto cost =
        quote_cost({.amount = 500, .fee = 5, .rate = 1.3, .benchmark = 1.35, .received = 643.5});
      REQUIRE(cost);
      REQUIRE(cost->implicit_pct.has_value());
      CHECK(*cost->implicit_pct == doctest::Approx(31.5 / 675 * 100));
      CHECK(cost->total_pct == doctest::Approx(1.0 + 0.05 / 1.35 * 100));
      CHECK(*cost->implicit_pct < cost->total_pct);
    }
    SUBCASE("the KEN→UGA quote with the fee deducted, received rounded to 2 decimals")
    {
      // received = round((18000 − 315) × 31.7658, 2) = round(561778.173, 2) = 561778.17
      // A × m = 18000 × 33 = 594000
      // implicit = (1 − 561778.17 / 594000) × 100 = 5.42455050...; RPW total stays 5.49.
      const auto cost = quote_cost(
        {.amount = 18000, .fee = 315, .rate = 31.7658, .benchmark = 33, .received = 561778.17});
      REQUIRE(cost);
      REQUIRE(cost->implicit_pct.has_value());
      CHECK(*cost->implicit_pct == doctest::Approx(5.4245505));
      CHECK(cost->total_pct == doctest::Approx(5.49));
    }
    SUBCASE("received 0 is a total loss, not an error")
    {
      // (1 − 0 / (100 × 2)) × 100 = 100
      const auto cost =
        quote_cost({.amount = 100, .fee = 0, .rate = 2, .benchmark = 2, .received = 0});
      REQUIRE(cost);
      CHECK(*cost->implicit_pct == doctest::Approx(100.0));
    }
  }

  TEST_CASE("bad inputs name the figure")
  {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    struct Case
    {
      rw::calculator::QuoteInput input;
      const char* message;
    };
    const Case cases[] = {
      {{.amount = 0, .fee = 1, .rate = 1, .benchmark = 1}, "amount must be positive"},
      {{.amount = -5, .fee = 1, .rate = 1, .benchmark = 1}, "amount must be positive"},
      {{.amount = nan, .fee = 1, .rate = 1, .benchmark = 1}, "amount must be positive"},
      {{.amount = 100, .fee = -1, .rate = 1, .benchmark = 1}, "fee must not be negative"},
      {{.amount = 100, .fee = nan, .rate = 1, .benchmark = 1}, "fee must not be negative"},
      {{.amount = 100, .fee = 1, .rate = 0, .benchmark = 1}, "rate must be positive"},
      {{.amount = 100, .fee = 1, .rate = inf, .benchmark = 1}, "rate must be positive"},
      {{.amount = 100, .fee = 1, .rate = 1, .benchmark = -2}, "benchmark must be positive"},
      {{.amount = 100, .fee = 1, .rate = 1, .benchmark = 0}, "benchmark must be positive"},
      {{.amount = 100, .fee = 1, .rate = 1, .benchmark = 1, .received = -1},
       "amount received must not be negative"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.message);
      const auto cost = quote_cost(c.input);
      REQUIRE_FALSE(cost);
      CHECK(cost.error().kind == rw::util::ErrorKind::invalid_argument);
      CHECK(cost.error().message.find(c.message) != std::string::npos);
    }
  }

  TEST_CASE("ECB cross rates go through the euro")
  {
    SUBCASE("USD→MXN from EURUSD and EURMXN")
    {
      // m = EURMXN / EURUSD = 21.9473 / 1.1252 = 19.50524...
      const auto m = ecb_cross_rate(1.1252, 21.9473);
      REQUIRE(m);
      CHECK(*m == doctest::Approx(19.505243));
      // A quote against it: A = 200 USD, F = 5, r = 19.20.
      // fee 2.5 %; margin (1 − 19.20 / 19.505243) × 100 = 1.56493 %; total 4.06493 %.
      const auto cost = quote_cost({.amount = 200, .fee = 5, .rate = 19.20, .benchmark = *m});
      REQUIRE(cost);
      CHECK(cost->fx_margin_pct == doctest::Approx(1.56493));
      CHECK(cost->total_pct == doctest::Approx(4.06493));
    }
    SUBCASE("from the euro itself: EUR per EUR is 1")
    {
      CHECK(*ecb_cross_rate(1.0, 1.1252) == doctest::Approx(1.1252));
      // and back: 1 / 1.1252 = 0.888731...
      CHECK(*ecb_cross_rate(1.1252, 1.0) == doctest::Approx(0.888731));
    }
    SUBCASE("a missing or bad rate names the side")
    {
      const auto sender = ecb_cross_rate(0, 1);
      REQUIRE_FALSE(sender);
      CHECK(sender.error().message.find("sending currency") != std::string::npos);
      const auto receiver = ecb_cross_rate(1, -1);
      REQUIRE_FALSE(receiver);
      CHECK(receiver.error().message.find("receiving currency") != std::string::npos);
    }
  }
}
