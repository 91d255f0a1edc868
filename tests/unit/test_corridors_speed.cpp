#include "corridors/speed.hpp"

#include <doctest/doctest.h>

using rw::corridors::SpeedClass;

TEST_SUITE("corridors::speed")
{
  TEST_CASE("RPW's six texts")
  {
    const std::pair<const char*, SpeedClass> cases[] = {
      {"Less than one hour", SpeedClass::less_than_one_hour},
      {"Same day", SpeedClass::same_day},
      {"Next day", SpeedClass::next_day},
      {"2 days", SpeedClass::two_days},
      {"3-5 days", SpeedClass::three_to_five_days},
      {"6 days or more", SpeedClass::six_days_or_more},
      {"same day", SpeedClass::same_day},
      {"three_to_five_days", SpeedClass::three_to_five_days},
    };
    for (const auto& [label, expected] : cases) {
      CAPTURE(label);
      const auto parsed = rw::corridors::parse_speed_class(label);
      REQUIRE(parsed);
      REQUIRE(parsed->has_value());
      CHECK(**parsed == expected);
    }
  }

  TEST_CASE("blank and 'Not available' are unknown, other text an error")
  {
    for (const char* label : {"", "  ", "Not available", "n/a"}) {
      CAPTURE(label);
      const auto parsed = rw::corridors::parse_speed_class(label);
      REQUIRE(parsed);
      CHECK_FALSE(parsed->has_value());
    }
    const auto bad = rw::corridors::parse_speed_class("whenever");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("'whenever'") != std::string::npos);
  }

  TEST_CASE("durations fall into classes at the documented boundaries")
  {
    // Boundaries from docs/methodology.md: <1 h, <24 h, <48 h, <72 h, <144 h, else.
    const std::pair<double, SpeedClass> cases[] = {
      {0.0, SpeedClass::less_than_one_hour},   {0.99, SpeedClass::less_than_one_hour},
      {1.0, SpeedClass::same_day},             {23.9, SpeedClass::same_day},
      {24.0, SpeedClass::next_day},            {47.9, SpeedClass::next_day},
      {48.0, SpeedClass::two_days},            {71.9, SpeedClass::two_days},
      {72.0, SpeedClass::three_to_five_days},  {143.9, SpeedClass::three_to_five_days},
      {144.0, SpeedClass::six_days_or_more},   {1000.0, SpeedClass::six_days_or_more},
    };
    for (const auto& [hours, expected] : cases) {
      CAPTURE(hours);
      const auto speed = rw::corridors::speed_class_from_hours(hours);
      REQUIRE(speed);
      CHECK(*speed == expected);
    }
    CHECK_FALSE(rw::corridors::speed_class_from_hours(-1.0));
  }

  TEST_CASE("only six days or more fails SmaRT's five-day test")
  {
    for (const auto speed : rw::corridors::k_all_speed_classes) {
      CAPTURE(rw::corridors::to_string(speed));
      CHECK(rw::corridors::within_five_days(speed) == (speed != SpeedClass::six_days_or_more));
    }
  }
}
