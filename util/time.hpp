#pragma once

#include "util/error.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace rw::util {

// ISO 8601 in UTC: "2024-10-15T09:30:00Z", "2024-10-15T09:30:00+02:00",
// "2024-10-15 09:30:00" (taken as UTC) or a bare date "2024-10-15" (midnight UTC).
// Fractions of a second are dropped.
Expected<std::chrono::sys_seconds> parse_timestamp(std::string_view text);

// An ISO 8601 duration ("PT24H", "PT31H33M19.27S", "P2DT3H", "PT30M") in
// hours. Years and months are refused (their length varies).
Expected<double> parse_duration_hours(std::string_view text);

// "2024-10-15T09:30:00Z".
std::string format_timestamp(std::chrono::sys_seconds time);

} // namespace rw::util
