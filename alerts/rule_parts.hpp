#pragma once

// What the rules of evaluate.cpp and quote_rise.cpp share (not for other layers).

#include "alerts/evaluate.hpp"
#include "corridors/catalogue.hpp"
#include "store/database.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace rw::alerts {

using Json = nlohmann::ordered_json;

// What every rule reads besides its own keys.
struct RuleContext
{
  store::Database& database;
  const corridors::Catalogue& catalogue;
  const EvaluateOptions& options;
};

// In the rule's corridors (all when it names none) and in the run's scope.
bool corridor_in_scope(const Rule& rule, const EvaluateOptions& options, const corridors::CorridorKey& corridor);

Alert make_alert(const Rule& rule, std::string scope, std::string period, std::string message, Json values);

// "7.25 %".
std::string pct(double value);

// Consecutive collections of one service and amount (collected by `collect`,
// never imported survey or RPW rounds) whose total cost rose by the rule's
// threshold, in the run's window (docs/alerts.md: first and later runs).
util::Expected<void> quote_rise(const RuleContext& context, const Rule& rule, std::vector<Alert>& alerts);

} // namespace rw::alerts
