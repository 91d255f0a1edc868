#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::util {

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
// Equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

// Lower-cases and keeps only letters and digits: "Post  Office" and
// "post-office" both become "postoffice". For matching labels of data sources
// that spell the same thing many ways.
std::string fold_label(std::string_view text);

std::vector<std::string_view> split(std::string_view text, char separator);

// Strict number parsing: the whole (trimmed) text must be the number.
std::optional<double> parse_double(std::string_view text);
std::optional<long long> parse_integer(std::string_view text);

} // namespace rw::util
