#pragma once

// toml++ behind one call for the collector's configuration and the alert
// rules: a syntax error becomes an Error naming FILE:LINE.

#include "util/error.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <string>
#include <string_view>

namespace rw::util {

inline util::Expected<toml::table>
parse_toml(std::string_view text, const std::string& name)
{
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:{}: {}", name, e.source().begin.line, e.description()));
  }
}

} // namespace rw::util
