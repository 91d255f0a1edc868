#pragma once

#include "util/error.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace rw::corridors {

// RPW's six delivery speed classes.
enum class SpeedClass {
  less_than_one_hour,
  same_day,
  next_day,
  two_days,
  three_to_five_days,
  six_days_or_more,
};

inline constexpr std::array<SpeedClass, 6> k_all_speed_classes = {
  SpeedClass::less_than_one_hour, SpeedClass::same_day,           SpeedClass::next_day,
  SpeedClass::two_days,           SpeedClass::three_to_five_days, SpeedClass::six_days_or_more};

// RPW's text ("Less than one hour", "Same day", "Next day", "2 days",
// "3-5 days", "6 days or more") or our identifiers ("same_day", ...). An empty
// label means unknown (nullopt); an unrecognised one is an error.
util::Expected<std::optional<SpeedClass>> parse_speed_class(std::string_view label);

// From a delivery duration in hours (see docs/methodology.md for the
// boundaries). Negative durations are an error.
util::Expected<SpeedClass> speed_class_from_hours(double hours);

// Whether SmaRT counts the class as delivering within five days.
bool within_five_days(SpeedClass speed);

std::string_view to_string(SpeedClass speed);    // "less_than_one_hour", ...
std::string_view display_name(SpeedClass speed); // "Less than one hour", ...

} // namespace rw::corridors
