#pragma once

#include "alerts/deliver.hpp"
#include "alerts/evaluate.hpp"
#include "store/database.hpp"

#include <string>
#include <vector>

namespace rw::alerts {

struct FireSummary
{
  size_t found = 0;     // alerts the rules found
  size_t fired = 0;     // of which new (recorded now)
  size_t delivered = 0; // deliveries made now (new alerts and earlier failures)
  std::vector<std::string> failures; // "rule scope period via channel: reason"
};

// Records the alerts that are new (one per rule, scope and period, in one
// transaction), then delivers every pending delivery, new or left from an
// earlier run, and records each attempt. Nothing is delivered twice: a
// delivery is pending until its channel took it.
util::Expected<FireSummary> fire(store::Database& database,
                                 const std::vector<Alert>& alerts,
                                 const RuleSet& rules,
                                 const DeliveryOptions& options,
                                 const std::string& now);

// The alerts not recorded yet (what --dry-run shows).
util::Expected<std::vector<Alert>> unrecorded(store::Database& database, const std::vector<Alert>& alerts);

} // namespace rw::alerts
