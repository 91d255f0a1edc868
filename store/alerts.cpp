#include "store/alerts.hpp"

namespace rw::store {

util::Expected<bool>
alert_recorded(Database& database, const AlertEvent& event)
{
  auto statement = database.prepare("SELECT 1 FROM alerts WHERE rule_id = ?1 AND scope = ?2 AND period = ?3");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, event.rule_id).bind(2, event.scope).bind(3, event.period);
  return statement->step();
}

util::Expected<bool>
record_alert(Database& database, const AlertEvent& event, const std::vector<std::string>& channels)
{
  auto insert = database.prepare("INSERT INTO alerts (rule_id, scope, period, fired_at, payload) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (rule_id, scope, period) DO NOTHING "
                                 "RETURNING id");
  if (!insert) {
    return std::unexpected(insert.error());
  }
  insert->bind(1, event.rule_id).bind(2, event.scope).bind(3, event.period).bind(4, event.fired_at).bind(5, event.payload);
  auto inserted = insert->step(); // a row: the new alert's id; none: recorded before
  if (!inserted) {
    return std::unexpected(inserted.error());
  }
  if (!*inserted) {
    return false;
  }
  const std::int64_t alert_id = insert->column_int(0);
  insert->reset();
  auto delivery = database.prepare("INSERT INTO alert_deliveries (alert_id, channel) VALUES (?1, ?2)");
  if (!delivery) {
    return std::unexpected(delivery.error());
  }
  for (const auto& channel : channels) {
    delivery->reset();
    delivery->bind(1, alert_id).bind(2, channel);
    if (auto ok = delivery->run(); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return true;
}

util::Expected<std::optional<std::string>>
latest_alert_period(Database& database, const std::string& rule_id)
{
  auto statement = database.prepare("SELECT max(period) FROM alerts WHERE rule_id = ?1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, rule_id);
  auto row = statement->step();
  if (!row) {
    return std::unexpected(row.error());
  }
  return *row ? statement->column_optional_text(0) : std::nullopt;
}

util::Expected<std::vector<std::pair<std::string, std::string>>>
collected_quote_keys(Database& database)
{
  return read_rows<std::pair<std::string, std::string>>(
    database.prepare("SELECT q.source, q.natural_key FROM quotes q JOIN runs r ON r.id = q.run_id "
                     "WHERE r.kind = 'collect'"),
    [](const Statement& s) { return std::pair{s.column_text(0), s.column_text(1)}; });
}

util::Expected<std::vector<PendingDelivery>>
pending_deliveries(Database& database)
{
  return read_rows<PendingDelivery>(
    database.prepare("SELECT d.id, a.id, d.channel, a.rule_id, a.scope, a.period, a.fired_at, a.payload, d.attempts "
                     "FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id "
                     "WHERE d.delivered_at IS NULL ORDER BY a.id, d.id"),
    [](const Statement& s) {
      return PendingDelivery{s.column_int(0), s.column_int(1), s.column_text(2),
                             AlertEvent{s.column_text(3), s.column_text(4), s.column_text(5), s.column_text(6),
                                        s.column_text(7)},
                             s.column_int(8)};
    });
}

util::Expected<void>
record_delivery(Database& database,
                const PendingDelivery& delivery,
                const std::optional<std::string>& error,
                const std::string& now)
{
  auto transaction = Transaction::begin(database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  auto update = database.prepare("UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?2, "
                                 "delivered_at = ?3 WHERE id = ?1");
  if (!update) {
    return std::unexpected(update.error());
  }
  update->bind(1, delivery.delivery_id).bind(2, error).bind(3, error ? std::optional<std::string>() : now);
  if (auto ok = update->run(); !ok) {
    return std::unexpected(ok.error());
  }
  // The alert: attempts and last error of its channels; delivered when none is pending.
  auto alert = database.prepare(
    "UPDATE alerts SET attempts = (SELECT max(attempts) FROM alert_deliveries WHERE alert_id = ?1), "
    "last_error = (SELECT last_error FROM alert_deliveries WHERE alert_id = ?1 AND delivered_at IS NULL "
    "ORDER BY id LIMIT 1), "
    "delivered_at = CASE WHEN EXISTS (SELECT 1 FROM alert_deliveries WHERE alert_id = ?1 AND delivered_at IS NULL) "
    "THEN NULL ELSE ?2 END WHERE id = ?1");
  if (!alert) {
    return std::unexpected(alert.error());
  }
  alert->bind(1, delivery.alert_id).bind(2, now);
  if (auto ok = alert->run(); !ok) {
    return std::unexpected(ok.error());
  }
  return transaction->commit();
}

util::Expected<std::vector<RecordedAlert>>
recent_alerts(Database& database, std::int64_t limit)
{
  struct Row
  {
    RecordedAlert alert;
    std::optional<AlertDelivery> delivery;
  };
  auto statement =
    database.prepare("SELECT a.id, a.rule_id, a.scope, a.period, a.fired_at, a.payload, d.channel, d.delivered_at, "
                     "d.attempts, d.last_error FROM (SELECT * FROM alerts ORDER BY fired_at DESC, id DESC LIMIT ?1) a "
                     "LEFT JOIN alert_deliveries d ON d.alert_id = a.id ORDER BY a.fired_at DESC, a.id DESC, d.id");
  if (statement) {
    statement->bind(1, limit);
  }
  auto rows = read_rows<Row>(
    std::move(statement),
    [](const Statement& s) {
      Row row{{s.column_int(0),
               AlertEvent{s.column_text(1), s.column_text(2), s.column_text(3), s.column_text(4), s.column_text(5)},
               {}},
              std::nullopt};
      if (auto channel = s.column_optional_text(6)) {
        row.delivery = AlertDelivery{*channel, s.column_optional_text(7), s.column_int(8), s.column_optional_text(9)};
      }
      return row;
    });
  if (!rows) {
    return std::unexpected(rows.error());
  }
  std::vector<RecordedAlert> alerts;
  for (auto& row : *rows) {
    if (alerts.empty() || alerts.back().id != row.alert.id) {
      alerts.push_back(std::move(row.alert));
    }
    if (row.delivery) {
      alerts.back().deliveries.push_back(std::move(*row.delivery));
    }
  }
  return alerts;
}

util::Expected<std::int64_t>
alert_count(Database& database)
{
  return database.query_int("SELECT count(*) FROM alerts");
}

} // namespace rw::store
