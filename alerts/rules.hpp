#pragma once

#include "calculator/cost.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/scope.hpp"
#include "util/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::alerts {

// What a rule watches. docs/alerts.md describes each kind and its keys.
enum class RuleKind {
  corridor_rise,   // a corridor average rose by ≥ threshold_pp (QoQ or YoY)
  corridor_above,  // a corridor average (or its SmaRT) crossed above `level`
  average_rise,    // a channel average or the global average rose by ≥ threshold_pp
  quote_rise,      // a service's quote rose by ≥ threshold_pp between two collections
  benchmark_stale, // the newest benchmark rate is older than max_age_days
  coverage_below,  // a source's latest run covered less than `level` % of what it asked for
};

std::string_view to_string(RuleKind kind);

enum class Compare { previous, year_ago };

struct Rule
{
  std::string id;
  RuleKind kind = RuleKind::corridor_rise;
  Compare compare = Compare::previous;
  double threshold_pp = 0;
  double level = 5;               // corridor_above (percent), coverage_below (percent)
  std::string measure = "average"; // corridor_above: "average" or "smart"
  // Scope: "KEN-UGA", "ken-uga", "KEN-*", "*-KEN"; empty = every corridor.
  std::vector<::rw::corridors::CorridorPattern> corridors;
  size_t corridors_line = 0; // where 'corridors' is written (for check_rules)
  std::vector<std::string> groups;    // average_rise: "global", "bank", …; empty = all
  std::vector<std::string> sources;   // benchmark_stale, coverage_below; empty = all
  int amount = 200;                   // quarter rules: the standard amount
  double max_age_days = calculator::k_default_benchmark_max_age_days; // benchmark_stale
  std::vector<std::string> channels = {"stdout"};
  size_t line = 0; // where the rule starts in its file (0: built in)
};

// A delivery channel other than the built-in "stdout". Secrets are never in
// the file: only the names of the environment variables holding them.
struct Channel
{
  enum class Type { webhook, email };
  std::string name;
  Type type = Type::webhook;
  std::string url_env;      // variable holding the URL (webhook, smtp:// or smtps://)
  bool slack = false;       // webhook: Slack-compatible body {"text": …}
  std::string username_env; // email: SMTP user (optional)
  std::string password_env; // email: SMTP password (optional)
  std::string from;         // email
  std::vector<std::string> to;
};

struct RuleSet
{
  std::vector<Rule> rules;
  std::map<std::string, Channel> channels; // by name
  std::string source; // the file's name, or "default rules"
  // More than this many alerts due at once for one webhook or e-mail channel
  // go out as one digest (top-level `digest_above` in the file).
  size_t digest_above = 5;
};

// Parses a rules file (TOML). Unknown keys, a missing or mistyped value, a
// duplicate rule id or an unknown channel are refused with FILE:LINE.
util::Expected<RuleSet> parse_rules(std::string_view text, const std::string& name);

// The same, then every corridor code checked against the catalogue
// (check_rules).
util::Expected<RuleSet> parse_rules(std::string_view text, const std::string& name,
                                    const corridors::Catalogue& catalogue);

// A corridor code the catalogue does not know is refused with FILE:LINE,
// never left to match nothing.
util::Expected<void> check_rules(const RuleSet& rules, const corridors::Catalogue& catalogue);

// Without --rules: corridor average up ≥ 0.5 pp QoQ, a corridor crossing 5 %,
// a channel or the global average up ≥ 0.25 pp QoQ; all to stdout.
RuleSet default_rules();

} // namespace rw::alerts
