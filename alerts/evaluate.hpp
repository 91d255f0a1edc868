#pragma once

#include "alerts/rules.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "corridors/scope.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rw::alerts {

// One event a rule found: unique per (rule, scope, period).
struct Alert
{
  std::string rule_id;
  RuleKind kind = RuleKind::corridor_rise;
  std::string scope;  // "USA-MEX", "global", "bank", "USA-MEX/mtob/200", "ECB/EUR", a source
  std::string period; // "2024Q4", a collection time, a benchmark day, a run's start
  std::string message;
  std::string payload; // JSON: rule, values and the quarters or times they came from
  std::vector<std::string> channels;
};

// Which events a run fires for (docs/alerts.md, "First and later runs"):
// quarter rules look at `quarter` (default: the latest with data) and, with
// `since_quarter` or on a later run, every quarter with data from there on;
// a rule's first run (no alert of it recorded yet) looks at one quarter
// only, and its quote rises at the latest quarter collected.
struct EvaluateOptions
{
  std::optional<corridors::Quarter> quarter;       // quarter rules: default the latest with data
  std::optional<corridors::Quarter> since_quarter; // every quarter from it (--since)
  std::optional<std::string> since;                // quote and coverage rules: events after it (ISO 8601)
  corridors::Scope scope;                          // corridor rules: only these corridors
  std::string now;                                 // ISO 8601 UTC: staleness is measured to it
};

// Evaluates every rule. Quarter rules compare the quarter's figures (the
// report's: alerts/quarter_figures.hpp) with the previous quarter with data or
// the same quarter a year earlier; quote rules compare consecutive collections
// of one service and amount. Alerts are ordered by rule, then scope.
util::Expected<std::vector<Alert>> evaluate(store::Database& database,
                                            const corridors::Catalogue& catalogue,
                                            const RuleSet& rules,
                                            const EvaluateOptions& options);

} // namespace rw::alerts
