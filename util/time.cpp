#include "util/time.hpp"

#include "util/text.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cctype>
#include <optional>

namespace rw::util {

namespace {

// Reads exactly `digits` decimal digits at `at`; false otherwise.
bool
read_number(std::string_view text, size_t at, size_t digits, int& out)
{
  if (at + digits > text.size()) {
    return false;
  }
  out = 0;
  for (size_t i = at; i < at + digits; ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// YYYY-MM-DD, then optionally [T or space]HH:MM:SS and Z or ±HH:MM, by hand:
// every field is range-checked before any arithmetic (date::parse let a
// malformed offset overflow, which the fuzzer found).
std::optional<std::chrono::sys_seconds>
parse_iso(std::string_view t)
{
  int year = 0, month = 0, day = 0;
  if (!read_number(t, 0, 4, year) || t.size() < 10 || t[4] != '-' || !read_number(t, 5, 2, month) || t[7] != '-'
      || !read_number(t, 8, 2, day)) {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  std::chrono::sys_seconds time = date::sys_days(ymd);
  if (t.size() == 10) {
    return time;
  }
  int hour = 0, minute = 0, second = 0;
  if (t.size() < 19 || (t[10] != 'T' && t[10] != ' ') || !read_number(t, 11, 2, hour) || t[13] != ':'
      || !read_number(t, 14, 2, minute) || t[16] != ':' || !read_number(t, 17, 2, second) || hour > 23
      || minute > 59 || second > 60) {
    return std::nullopt;
  }
  time += std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
  const std::string_view zone = t.substr(19);
  if (zone.empty() || zone == "Z") {
    return time;
  }
  int offset_hours = 0, offset_minutes = 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !read_number(zone, 1, 2, offset_hours)
      || zone[3] != ':' || !read_number(zone, 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
    return std::nullopt;
  }
  const auto offset = std::chrono::hours(offset_hours) + std::chrono::minutes(offset_minutes);
  return zone[0] == '+' ? time - offset : time + offset;
}

} // namespace

Expected<std::chrono::sys_seconds>
parse_timestamp(std::string_view text)
{
  std::string trimmed(trim(text));
  // Drop fractions of a second ("18:33:08.028988Z" -> "18:33:08Z").
  if (const auto dot = trimmed.find('.'); dot != std::string::npos && dot >= 19) {
    size_t end = dot + 1;
    while (end < trimmed.size() && std::isdigit(static_cast<unsigned char>(trimmed[end])) != 0) {
      ++end;
    }
    trimmed.erase(dot, end - dot);
  }
  if (auto time = parse_iso(trimmed)) {
    return *time;
  }
  return make_error(ErrorKind::parse,
                    fmt::format("'{}' is not a timestamp (expected 2024-10-15T09:30:00Z)", text));
}

Expected<double>
parse_duration_hours(std::string_view text)
{
  const std::string_view whole = text;
  auto bad = [&] {
    return make_error(ErrorKind::parse,
                      fmt::format("'{}' is not an ISO 8601 duration like PT24H", whole));
  };
  text = trim(text);
  if (text.size() < 3 || text.front() != 'P') {
    return bad();
  }
  text.remove_prefix(1);
  double hours = 0;
  bool in_time = false;
  bool any = false;
  while (!text.empty()) {
    if (text.front() == 'T') {
      if (in_time) {
        return bad();
      }
      in_time = true;
      text.remove_prefix(1);
      continue;
    }
    size_t length = 0;
    while (length < text.size()
           && (std::isdigit(static_cast<unsigned char>(text[length])) != 0 || text[length] == '.')) {
      ++length;
    }
    if (length == 0 || length == text.size()) {
      return bad();
    }
    const auto value = parse_double(text.substr(0, length));
    if (!value || *value < 0) {
      return bad();
    }
    const char unit = text[length];
    text.remove_prefix(length + 1);
    any = true;
    if (!in_time && unit == 'D') {
      hours += *value * 24;
    } else if (!in_time && unit == 'W') {
      hours += *value * 24 * 7;
    } else if (in_time && unit == 'H') {
      hours += *value;
    } else if (in_time && unit == 'M') {
      hours += *value / 60;
    } else if (in_time && unit == 'S') {
      hours += *value / 3600;
    } else {
      return bad();
    }
  }
  if (!any) {
    return bad();
  }
  return hours;
}

std::string
format_timestamp(std::chrono::sys_seconds time)
{
  return date::format("%FT%TZ", time);
}

} // namespace rw::util
