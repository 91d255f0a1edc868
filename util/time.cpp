#include "util/time.hpp"

#include "util/text.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <cctype>
#include <sstream>

namespace rw::util {

namespace {

bool
try_parse(std::string_view text, const char* format, std::chrono::sys_seconds& out)
{
  std::istringstream in{std::string(text)};
  date::sys_seconds time{};
  in >> date::parse(format, time);
  if (in.fail()) {
    return false;
  }
  in.peek(); // the whole text must be consumed
  if (!in.eof()) {
    return false;
  }
  out = time;
  return true;
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
  std::chrono::sys_seconds time{};
  // %z parses "+02:00" with the E modifier and the offset is applied by parse.
  for (const char* format : {"%FT%TZ", "%FT%T%Ez", "%FT%T", "%F %TZ", "%F %T%Ez", "%F %T", "%F"}) {
    if (try_parse(trimmed, format, time)) {
      return time;
    }
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
