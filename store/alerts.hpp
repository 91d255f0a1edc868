#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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

// The newest period recorded for a rule ("2012Q3", a collection time), or
// none when the rule never fired in this database: its first run.
util::Expected<std::optional<std::string>> latest_alert_period(Database& database, const std::string& rule_id);

// The (source, natural key) of every quote stored by a collection run
// (runs.kind = 'collect'), as opposed to an import of survey or RPW rounds:
// the quotes whose rises are "between collections".
util::Expected<std::vector<std::pair<std::string, std::string>>> collected_quote_keys(Database& database);

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

// A recorded alert and where it went: one delivery per channel.
struct AlertDelivery
{
  std::string channel;
  std::optional<std::string> delivered_at; // empty: not delivered yet
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
};

struct RecordedAlert
{
  std::int64_t id = 0;
  AlertEvent event;
  std::vector<AlertDelivery> deliveries; // in channel order of recording
};

// The newest `limit` alerts recorded (by fired_at, then id), newest first,
// each with its deliveries.
util::Expected<std::vector<RecordedAlert>> recent_alerts(Database& database, std::int64_t limit);

// How many alerts are recorded.
util::Expected<std::int64_t> alert_count(Database& database);

} // namespace rw::store
