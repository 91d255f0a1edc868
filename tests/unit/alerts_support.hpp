#pragma once

// Helpers the alerts tests share.

#include "alerts/evaluate.hpp"
#include "alerts/rules.hpp"
#include "tests/unit/support.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

namespace rw::test {

// A rules file's text parsed and checked against the built-in catalogue.
inline alerts::RuleSet
rules_from(const std::string& text)
{
  auto rules = alerts::parse_rules(text, "rules.toml", builtin_catalogue());
  REQUIRE_MESSAGE(rules, (rules ? "" : rules.error().message));
  return *rules;
}

// Why a rules file's text is refused.
inline std::string
rules_error(const std::string& text)
{
  auto rules = alerts::parse_rules(text, "rules.toml", builtin_catalogue());
  REQUIRE_FALSE(rules);
  return rules.error().message;
}

// "<rule> <scope> <period>" of each alert.
inline std::set<std::string>
fired(const std::vector<alerts::Alert>& alerts)
{
  std::set<std::string> out;
  for (const auto& a : alerts) {
    out.insert(a.rule_id + " " + a.scope + " " + a.period);
  }
  return out;
}

} // namespace rw::test
