#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace rw::util {

std::string
to_lower(std::string_view text)
{
  std::string result(text);
  std::ranges::transform(result, result.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return result;
}

std::string
to_upper(std::string_view text)
{
  std::string result(text);
  std::ranges::transform(result, result.begin(), [](unsigned char c) {
    return static_cast<char>(std::toupper(c));
  });
  return result;
}

std::string
fold_label(std::string_view text)
{
  std::string result;
  result.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      result.push_back(static_cast<char>(std::tolower(u)));
    }
  }
  return result;
}

std::vector<std::string_view>
split(std::string_view text, char separator)
{
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t pos = text.find(separator, start);
    if (pos == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
}

std::optional<double>
parse_double_by_from_chars(std::string_view text)
{
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<long long>
parse_integer(std::string_view text)
{
  text = trim(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  long long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

bool
iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<bool>
parse_yes_no(std::string_view text)
{
  text = trim(text);
  for (const std::string_view yes : {"yes", "y", "true", "1"}) {
    if (iequals(text, yes)) {
      return true;
    }
  }
  for (const std::string_view no : {"no", "n", "false", "0"}) {
    if (iequals(text, no)) {
      return false;
    }
  }
  return std::nullopt;
}

} // namespace rw::util
