#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::util {

// Without the spaces at either end (' ', tab, CR, LF, FF, VT). Inline: called
// for every field of every row of large files.
constexpr bool
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

constexpr std::string_view
trim_ends(std::string_view text)
{
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

[[gnu::always_inline]] constexpr std::string_view
trim(std::string_view text)
{
  // Every space is at most ' ': most texts start and end above it.
  if (text.empty()
      || (static_cast<unsigned char>(text.front()) > ' ' && static_cast<unsigned char>(text.back()) > ' ')) {
    return text;
  }
  return trim_ends(text);
}

std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
// Equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

// The one yes/no rule of every input: "yes", "y", "true", "1" are true and
// "no", "n", "false", "0" false, ignoring case and spaces at either end;
// anything else, the empty text too, is nullopt (the caller says whether a
// blank is allowed).
std::optional<bool> parse_yes_no(std::string_view text);

// Lower-cases and keeps only letters and digits: "Post  Office" and
// "post-office" both become "postoffice". For matching labels of data sources
// that spell the same thing many ways.
std::string fold_label(std::string_view text);

std::vector<std::string_view> split(std::string_view text, char separator);

// A count with thousands separated by commas, as messages print it: 6,470.
std::string group_thousands(size_t value);

// The start of a text (an SQL statement, say) for a message: on one line
// (newlines and tabs as spaces), at most `width` characters, cut ones ending
// in "...".
std::string excerpt(std::string_view text, size_t width);

// Text for a terminal or a one-line log: every control character shown
// visibly, so the text is exactly one line and cannot move the cursor,
// recolour, ring the bell or start a forged line. \n, \r and \t become those
// two characters; the other C0 controls and DEL become \xNN; C1 controls
// (U+0080 to U+009F, which some terminals obey) become \u00NN; a byte that is
// not UTF-8 becomes \xNN; a backslash is doubled, so the result reads back
// unambiguously. Other UTF-8 text is kept as it is.
std::string escape_controls(std::string_view text);

// Slack's escaping of message text: & < > become &amp; &lt; &gt;, so a name
// cannot mention <!channel> or make a <https://…|link>.
std::string escape_slack(std::string_view text);

// JSON text (as nlohmann::json writes it: control characters below U+0020
// already escaped) with DEL and the C1 controls \u-escaped as well: the same
// JSON value, but no byte a terminal acts on.
std::string escape_json_controls(std::string_view json);

// "-123.4500": at most 15 digits, an optional sign and point, nothing else.
// The digits as an integer m < 10^15 < 2^53 and the scale 10^k (k ≤ 15) are
// both exact doubles, so m / 10^k is correctly rounded: the same double
// std::from_chars gives (Clinger's fast path), for a fraction of the work.
// Anything else (exponents, more digits, "inf", empty) is nullopt.
inline std::optional<double>
parse_plain_decimal(std::string_view text)
{
  static constexpr double k_powers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6, 1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  p += negative ? 1 : 0;
  std::uint64_t mantissa = 0; // wraps past 20 digits: refused below anyway
  size_t digits = 0;
  const char* point = nullptr;
  for (; p != end; ++p) {
    const auto digit = static_cast<unsigned>(static_cast<unsigned char>(*p) - '0');
    if (digit < 10) {
      mantissa = mantissa * 10 + digit;
      ++digits;
    } else if (*p == '.' && point == nullptr) {
      point = p;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || digits > 15) {
    return std::nullopt;
  }
  const auto decimals = point != nullptr ? static_cast<size_t>(end - point - 1) : 0;
  const double value = static_cast<double>(mantissa) / k_powers[decimals];
  return negative ? -value : value;
}

// The general case of parse_double: std::from_chars, finite values only.
std::optional<double> parse_double_by_from_chars(std::string_view text);

// Strict number parsing: the whole (trimmed) text must be the number.
inline std::optional<double>
parse_double(std::string_view text)
{
  text = trim(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  if (const auto plain = parse_plain_decimal(text)) {
    return plain;
  }
  return parse_double_by_from_chars(text);
}
std::optional<long long> parse_integer(std::string_view text);

} // namespace rw::util
