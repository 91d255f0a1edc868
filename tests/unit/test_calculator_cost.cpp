#include "calculator/cost.hpp"

#include <doctest/doctest.h>

using rw::calculator::ecb_cross_rate;
using rw::calculator::quote_cost;

TEST_SUITE("calculator::cost")
{
  TEST_CASE("the methodology's KEN→UGA example")
  {
    // fee % = 315 / 18000 × 100 = 1.75
    // margin = (1 − 31.7658 / 33) × 100 = (1 − 0.962600) × 100 = 3.7400 (to 4 decimals)
    // total = 1.75 + 3.74 = 5.49
    const auto cost = quote_cost({.amount = 18000, .fee = 315, .rate = 31.7658, .benchmark = 33});
    REQUIRE(cost);
    CHECK(cost->fee_pct == doctest::Approx(1.75));
    CHECK(cost->fx_margin_pct == doctest::Approx(3.74).epsilon(1e-4));
    CHECK(cost->total_pct == doctest::Approx(5.49).epsilon(1e-4));
    CHECK(cost->total_pct == doctest::Approx(cost->fee_pct + cost->fx_margin_pct));
    CHECK_FALSE(cost->implicit_pct.has_value());
  }

  TEST_CASE("a rate better than the benchmark gives a negative margin")
  {
    // (1 − 22.95 / 22.80) × 100 = −0.657894...; fee 0: total = margin.
    const auto cost = quote_cost({.amount = 735, .fee = 0, .rate = 22.95, .benchmark = 22.80});
    REQUIRE(cost);
    CHECK(cost->fx_margin_pct == doctest::Approx(-0.15 / 22.80 * 100));
    CHECK(cost->total_pct < 0);
  }

  TEST_CASE("implicit cost from the amount received")
  {
    SUBCASE("fee charged on top: implicit equals the margin")
    {
      // A = 200, F = 3.99, r = 19.70, m = 20, received = 200 × 19.70 = 3940.
      // implicit = (1 − 3940 / 4000) × 100 = 1.5 = the margin; RPW total 1.995 + 1.5 = 3.495.
      const auto cost = quote_cost({.amount = 200, .fee = 3.99, .rate = 19.70, .benchmark = 20, .received = 3940});
      REQUIRE(cost);
      CHECK(cost->total_pct == doctest::Approx(3.495));
      CHECK(*cost->implicit_pct == doctest::Approx(1.5));
    }
    SUBCASE("fee deducted before conversion (Wise's data)")
    {
      // received = (500 − 5) × 1.3 = 643.5; m = 1.35.
      // implicit = (1 − 643.5 / 675) × 100 = 4.6666...; RPW total = 1 + (1 − 1.3/1.35) × 100 = 4.7037...
      const auto cost = quote_cost({.amount = 500, .fee = 5, .rate = 1.3, .benchmark = 1.35, .received = 643.5});
      REQUIRE(cost);
      CHECK(*cost->implicit_pct == doctest::Approx(31.5 / 675 * 100));
      CHECK(cost->total_pct == doctest::Approx(1.0 + 0.05 / 1.35 * 100));
      CHECK(*cost->implicit_pct < cost->total_pct);
    }
  }

  TEST_CASE("bad inputs name the figure")
  {
    struct Case
    {
      rw::calculator::QuoteInput input;
      const char* message;
    };
    const Case cases[] = {
      {{.amount = 0, .fee = 1, .rate = 1, .benchmark = 1}, "amount must be positive"},
      {{.amount = -5, .fee = 1, .rate = 1, .benchmark = 1}, "amount must be positive"},
      {{.amount = 100, .fee = -1, .rate = 1, .benchmark = 1}, "fee must not be negative"},
      {{.amount = 100, .fee = 1, .rate = 0, .benchmark = 1}, "rate must be positive"},
      {{.amount = 100, .fee = 1, .rate = 1, .benchmark = -2}, "benchmark must be positive"},
      {{.amount = 100, .fee = 1, .rate = 1, .benchmark = 1, .received = -1}, "amount received must not be negative"},
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
    // USD→MXN from EURUSD 1.1252 and EURMXN 21.9473: 21.9473 / 1.1252 = 19.50524...
    const auto m = ecb_cross_rate(1.1252, 21.9473);
    REQUIRE(m);
    CHECK(*m == doctest::Approx(21.9473 / 1.1252));
    // EUR itself: rate 1.
    CHECK(*ecb_cross_rate(1.0, 1.1252) == doctest::Approx(1.1252));
    CHECK_FALSE(ecb_cross_rate(0, 1));
    CHECK_FALSE(ecb_cross_rate(1, -1));
  }
}
