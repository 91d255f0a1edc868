#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rw::store {

// Alert events and their delivery per channel (schema v2). An event is
// unique per (rule_id, scope, period): recording it twice is a no-op, which is
// what makes re-running the alerts silent.

struct AlertEvent
{
  std::string rule_id, scope, period, fired_at;
  std::string payload; // JSON: what the alert was computed from
};

// Whether the event is already recorded.
util::Expected<bool> alert_recorded(Database& database, const AlertEvent& event);

// Records a new event with one pending delivery per channel; false when it
// was recorded before (nothing written).
util::Expected<bool> record_alert(Database& database, const AlertEvent& event, const std::vector<std::string>& channels);

struct PendingDelivery
{
  std::int64_t delivery_id = 0;
  std::int64_t alert_id = 0;
  std::string channel;
  AlertEvent event;
  std::int64_t attempts = 0; // earlier failed attempts
};

// Deliveries not yet made, oldest alert first.
util::Expected<std::vector<PendingDelivery>> pending_deliveries(Database& database);

// Records one delivery attempt; the alert is delivered when every channel is.
util::Expected<void> record_delivery(Database& database,
                                     const PendingDelivery& delivery,
                                     const std::optional<std::string>& error,
                                     const std::string& now);

} // namespace rw::store
