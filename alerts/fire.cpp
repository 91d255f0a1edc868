#include "alerts/fire.hpp"

#include "store/alerts.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace rw::alerts {

namespace {

store::AlertEvent
event_of(const Alert& alert, const std::string& now)
{
  return {alert.rule_id, alert.scope, alert.period, now, alert.payload};
}

} // namespace

util::Expected<std::vector<Alert>>
unrecorded(store::Database& database, const std::vector<Alert>& alerts)
{
  std::vector<Alert> fresh;
  for (const auto& alert : alerts) {
    auto recorded = store::alert_recorded(database, event_of(alert, ""));
    if (!recorded) {
      return std::unexpected(recorded.error());
    }
    if (!*recorded) {
      fresh.push_back(alert);
    }
  }
  return fresh;
}

util::Expected<FireSummary>
fire(store::Database& database,
     const std::vector<Alert>& alerts,
     const RuleSet& rules,
     const DeliveryOptions& options,
     const std::string& now)
{
  FireSummary summary;
  summary.found = alerts.size();
  {
    auto transaction = store::Transaction::begin(database);
    if (!transaction) {
      return std::unexpected(transaction.error());
    }
    for (const auto& alert : alerts) {
      auto recorded = store::record_alert(database, event_of(alert, now), alert.channels);
      if (!recorded) {
        return std::unexpected(recorded.error());
      }
      if (*recorded) {
        ++summary.fired;
      }
    }
    if (auto ok = transaction->commit(); !ok) {
      return std::unexpected(ok.error());
    }
  }
  // Delivered and recorded inside one write transaction: a second `alerts`
  // run at the same time (another host, on PostgreSQL) waits for the writer's
  // lock and then finds these deliveries done, so none goes out twice. A
  // crash before the commit leaves them pending, as before: they are sent
  // again by the next run (at least once, never twice from two live runs).
  auto transaction = store::Transaction::begin(database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  auto pending = store::pending_deliveries(database);
  if (!pending) {
    return std::unexpected(pending.error());
  }
  const auto results = deliver(*pending, rules, options);
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& d = (*pending)[i];
    if (auto ok = store::record_delivery(database, d, results[i], now); !ok) {
      return std::unexpected(ok.error());
    }
    if (results[i]) {
      // Printed on stderr: the scope may hold a stored name.
      summary.failures.push_back(util::escape_controls(
        fmt::format("{} {} {} via {}: {}", d.event.rule_id, d.event.scope, d.event.period, d.channel, *results[i])));
    } else {
      ++summary.delivered;
    }
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  return summary;
}

} // namespace rw::alerts
