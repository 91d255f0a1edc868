#include "corridors/quarter.hpp"

#include <doctest/doctest.h>

using rw::corridors::Quarter;

TEST_SUITE("corridors::quarter")
{
  TEST_CASE("parses the three period spellings seen in data")
  {
    SUBCASE("canonical")
    {
      const auto q = Quarter::parse("2011Q3");
      REQUIRE(q);
      CHECK(q->year() == 2011);
      CHECK(q->quarter() == 3);
    }
    SUBCASE("RPW dataset")
    {
      const auto q = Quarter::parse("2011_3Q");
      REQUIRE(q);
      CHECK(*q == Quarter(2011, 3));
    }
    SUBCASE("DataBank column header")
    {
      const auto q = Quarter::parse("2011Q3 [YR2011Q3]");
      REQUIRE(q);
      CHECK(*q == Quarter(2011, 3));
    }
    SUBCASE("surrounding space and lower-case q")
    {
      const auto q = Quarter::parse(" 2020q4 ");
      REQUIRE(q);
      CHECK(*q == Quarter(2020, 4));
    }
  }

  TEST_CASE("refuses what is not a quarter, saying what it got")
  {
    for (const char* bad : {"", "2011", "2011Q5", "2011Q0", "2011_5Q", "11Q3", "2011-Q3", "Q3 2011",
                            "2011Q3 [YR2011Q4]", "2011Q3 [2011Q3]", "2011Q3 [YR2011Q3", "abcdQ1"}) {
      CAPTURE(bad);
      const auto q = Quarter::parse(bad);
      REQUIRE_FALSE(q);
      CHECK(q.error().kind == rw::util::ErrorKind::parse);
      CHECK(q.error().message.find(std::string("'") + bad + "'") != std::string::npos);
    }
  }

  TEST_CASE("formats canonically")
  {
    CHECK(Quarter(2011, 3).to_string() == "2011Q3");
    CHECK(Quarter(1999, 1).to_string() == "1999Q1");
  }

  TEST_CASE("steps across year boundaries")
  {
    CHECK(Quarter(2020, 4).next() == Quarter(2021, 1));
    CHECK(Quarter(2020, 2).next() == Quarter(2020, 3));
    CHECK(Quarter(2021, 1).previous() == Quarter(2020, 4));
    CHECK(Quarter(2021, 3).previous() == Quarter(2021, 2));
    CHECK(Quarter(2021, 3).year_ago() == Quarter(2020, 3));
    CHECK(Quarter(2021, 1).index() - Quarter(2020, 1).index() == 4);
  }

  TEST_CASE("a timestamp belongs to the calendar quarter of its UTC date")
  {
    using namespace date::literals;
    using std::chrono::hours;
    using std::chrono::seconds;
    // 2024-03-31 23:59:59 UTC is still Q1; one second later is Q2.
    const auto last_second_q1 = date::sys_days{2024_y / 3 / 31} + hours(23) + std::chrono::minutes(59) + seconds(59);
    CHECK(Quarter::from_time(last_second_q1) == Quarter(2024, 1));
    CHECK(Quarter::from_time(last_second_q1 + seconds(1)) == Quarter(2024, 2));
    CHECK(Quarter::from_date(2024_y / 12 / 31) == Quarter(2024, 4));
    CHECK(Quarter::from_date(2024_y / 7 / 1) == Quarter(2024, 3));
  }

  TEST_CASE("first and last days")
  {
    using namespace date::literals;
    CHECK(Quarter(2024, 1).first_day() == 2024_y / 1 / 1);
    CHECK(Quarter(2024, 1).last_day() == 2024_y / 3 / 31);
    CHECK(Quarter(2023, 4).last_day() == 2023_y / 12 / 31);
    CHECK(Quarter(2024, 2).last_day() == 2024_y / 6 / 30);
  }

  TEST_CASE("ordering is chronological")
  {
    CHECK(Quarter(2011, 4) < Quarter(2012, 1));
    CHECK(Quarter(2012, 1) < Quarter(2012, 2));
  }

  TEST_CASE("an out-of-range quarter is a programming error")
  {
    CHECK_THROWS_AS(Quarter(2020, 5), std::invalid_argument);
  }
}
