#include "calculator/observe.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <string>

using rw::corridors::FirmType;
using rw::corridors::Quarter;
using rw::corridors::SpeedClass;

// The suite docs/methodology.md cites for these cases.
TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("observe computes a quote's cost and quarter")
  {
    rw::corridors::Quote quote;
    quote.corridor = {"KEN", "UGA"};
    quote.service.provider = "Alpha";
    quote.service.firm_type = FirmType::bank;
    quote.service.speed = SpeedClass::next_day;
    quote.amount = 18000;
    quote.fee = 315;
    quote.rate = 31.7658;
    quote.benchmark = 33;
    // 2011-09-30 23:59:59 UTC, the last second of the third quarter.
    quote.collected_at = std::chrono::sys_seconds(date::sys_days(date::year(2011) / 9 / 30))
                         + std::chrono::seconds(23 * 3600 + 59 * 60 + 59);

    SUBCASE("the KEN→UGA example, in the quarter of its UTC collection time")
    {
      // fee 315 / 18000 = 1.75 %, margin (1 − 31.7658 / 33) = 3.74 %, total 5.49 %.
      const auto s = rw::calculator::observe(quote);
      REQUIRE(s);
      CHECK(s->quarter == Quarter(2011, 3)); // 2011-09-30 23:59:59 UTC
      CHECK(s->corridor.to_string() == "KEN-UGA");
      CHECK(s->service_key == quote.service.key());
      CHECK(s->provider == "Alpha");
      CHECK(s->firm_type == FirmType::bank);
      CHECK(s->speed == SpeedClass::next_day);
      CHECK(s->transparent);
      CHECK(s->quotes == 1);
      CHECK(s->fee_pct == doctest::Approx(1.75));
      CHECK(s->fx_margin_pct == doctest::Approx(3.74));
      CHECK(s->total_pct == doctest::Approx(5.49));
    }
    SUBCASE("one second later is the next quarter")
    {
      quote.collected_at += std::chrono::seconds(1);
      const auto s = rw::calculator::observe(quote);
      REQUIRE(s);
      CHECK(s->quarter == Quarter(2011, 4));
    }
    SUBCASE("a bad quote is an error naming the figure")
    {
      quote.rate = 0;
      const auto s = rw::calculator::observe(quote);
      REQUIRE_FALSE(s);
      CHECK(s.error().message.find("rate must be positive") != std::string::npos);
    }
  }

  TEST_CASE("observe with a source's published figures")
  {
    // An RPW row: rates not kept (0), the World Bank's margin and total used as they are.
    rw::corridors::Quote quote;
    quote.corridor = {"KEN", "UGA"};
    quote.service.provider = "Alpha";
    quote.amount = 18000;
    quote.fee = 315;
    quote.collected_at = std::chrono::sys_seconds(date::sys_days(date::year(2011) / 10 / 3));
    rw::calculator::SourceFigures figures{.period = Quarter(2011, 3),
                                          .service_key = "rpw-key",
                                          .fx_margin_pct = 3.74,
                                          .total_pct = 5.50};

    SUBCASE("published margin and total are kept, fee % computed")
    {
      // fee 315 / 18000 × 100 = 1.75; the total 5.50 is kept although 1.75 + 3.74 = 5.49.
      const auto s = rw::calculator::observe(quote, figures);
      REQUIRE(s);
      CHECK(s->quarter == Quarter(2011, 3)); // the source's period, not the collection date's
      CHECK(s->service_key == "rpw-key");
      CHECK(s->fee_pct == doctest::Approx(1.75));
      CHECK(s->fx_margin_pct == doctest::Approx(3.74));
      CHECK(s->total_pct == doctest::Approx(5.50));
    }
    SUBCASE("without a published margin: total − fee %")
    {
      figures.fx_margin_pct.reset();
      const auto s = rw::calculator::observe(quote, figures);
      REQUIRE(s);
      CHECK(s->fx_margin_pct == doctest::Approx(3.75)); // 5.50 − 1.75
    }
    SUBCASE("without a published total: computed from the rates")
    {
      figures.total_pct.reset();
      figures.service_key.clear();
      quote.rate = 31.7658;
      quote.benchmark = 33;
      const auto s = rw::calculator::observe(quote, figures);
      REQUIRE(s);
      CHECK(s->total_pct == doctest::Approx(5.49));
      CHECK(s->quarter == Quarter(2011, 3));
      CHECK(s->service_key == quote.service.key());
      quote.rate = 0;
      CHECK_FALSE(rw::calculator::observe(quote, figures));
    }
    SUBCASE("bad figures name what is wrong")
    {
      const auto check_error = [&](const char* message) {
        const auto s = rw::calculator::observe(quote, figures);
        REQUIRE_FALSE(s);
        CHECK(s.error().kind == rw::util::ErrorKind::invalid_argument);
        CHECK(s.error().message.find(message) != std::string::npos);
      };
      SUBCASE("amount")
      {
        quote.amount = 0;
        check_error("amount must be positive");
      }
      SUBCASE("fee")
      {
        quote.fee = -1;
        check_error("fee must not be negative");
      }
      SUBCASE("total")
      {
        figures.total_pct = std::numeric_limits<double>::quiet_NaN();
        check_error("published total cost %");
      }
      SUBCASE("margin")
      {
        figures.fx_margin_pct = std::numeric_limits<double>::infinity();
        check_error("published FX margin %");
      }
    }
  }
}
