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

std::string
group_thousands(size_t value)
{
  std::string digits = std::to_string(value);
  for (size_t at = digits.size(); at > 3; at -= 3) {
    digits.insert(at - 3, 1, ',');
  }
  return digits;
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

namespace {

// The length of the valid UTF-8 sequence at the start of text (no overlong
// forms, no surrogates, nothing above U+10FFFF), 0 if there is none.
size_t
utf8_length(std::string_view text)
{
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  size_t length = 0;
  unsigned char low = 0x80; // the range of the second byte
  unsigned char high = 0xBF;
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : low;
    high = lead == 0xED ? 0x9F : high;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : low;
    high = lead == 0xF4 ? 0x8F : high;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) {
    return 0;
  }
  for (size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) {
      return 0;
    }
  }
  return length;
}

// U+0080 to U+009F, encoded C2 80 to C2 9F.
bool
is_c1(std::string_view sequence)
{
  return sequence.size() == 2 && static_cast<unsigned char>(sequence[0]) == 0xC2
         && (static_cast<unsigned char>(sequence[1]) & 0xE0) == 0x80;
}

void
append_hex(std::string& out, const char* prefix, unsigned char value)
{
  static constexpr char k_digits[] = "0123456789abcdef";
  out += prefix;
  out += k_digits[value >> 4];
  out += k_digits[value & 0xF];
}

} // namespace

std::string
excerpt(std::string_view text, size_t width)
{
  std::string out(text.substr(0, width));
  std::ranges::replace(out, '\n', ' ');
  std::ranges::replace(out, '\t', ' ');
  return text.size() > width ? out.substr(0, width - 3) + "..." : out;
}

std::string
escape_controls(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.front());
    const size_t length = utf8_length(text);
    if (length == 0) {
      append_hex(out, "\\x", c);
      text.remove_prefix(1);
      continue;
    }
    const std::string_view sequence = text.substr(0, length);
    text.remove_prefix(length);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      append_hex(out, "\\x", c);
    } else if (is_c1(sequence)) {
      append_hex(out, "\\u00", static_cast<unsigned char>(sequence[1]));
    } else {
      out += sequence;
    }
  }
  return out;
}

std::string
escape_slack(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string
escape_json_controls(std::string_view json)
{
  std::string out;
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (static_cast<unsigned char>(json[i]) == 0x7F) {
      out += "\\u007f";
    } else if (is_c1(json.substr(i, 2))) {
      append_hex(out, "\\u00", static_cast<unsigned char>(json[i + 1]));
      ++i;
    } else {
      out += json[i];
    }
  }
  return out;
}

} // namespace rw::util
