#include "store/collect_records.hpp"

#include <fmt/format.h>

namespace rw::store {

util::Expected<void>
record_response(Database& database, const ResponseRecord& r)
{
  auto statement = database.prepare(
    "INSERT INTO responses (run_id, source, url, status, fetched_at, sha256, bytes, parse_status, parse_error) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  return statement->bind(1, r.run_id)
    .bind(2, r.source)
    .bind(3, r.url)
    .bind(4, static_cast<std::int64_t>(r.status))
    .bind(5, r.fetched_at)
    .bind(6, r.sha256)
    .bind(7, r.bytes)
    .bind(8, r.parse_status)
    .bind(9, r.parse_error)
    .run();
}

util::Expected<std::optional<Validators>>
load_validators(Database& database, const std::string& url)
{
  auto rows = read_rows<Validators>(
    [&] {
      auto s = database.prepare("SELECT etag, last_modified, sha256 FROM http_validators WHERE url = ?1");
      if (s) {
        s->bind(1, url);
      }
      return s;
    }(),
    [](const Statement& s) { return Validators{s.column_text(0), s.column_text(1), s.column_text(2)}; });
  if (!rows) {
    return std::unexpected(rows.error());
  }
  return rows->empty() ? std::nullopt : std::optional(rows->front());
}

util::Expected<void>
save_validators(Database& database, const std::string& url, const Validators& v)
{
  auto statement = database.prepare(
    "INSERT INTO http_validators (url, etag, last_modified, sha256) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
    "sha256 = excluded.sha256");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  return statement->bind(1, url).bind(2, v.etag).bind(3, v.last_modified).bind(4, v.sha256).run();
}

util::Expected<void>
add_run_item(Database& database, const RunItem& item)
{
  auto statement = database.prepare("INSERT INTO run_items (run_id, source, corridor, amount, status, quotes, reason) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  return statement->bind(1, item.run_id)
    .bind(2, item.source)
    .bind(3, item.corridor)
    .bind(4, item.amount)
    .bind(5, item.ok ? "ok" : "failed")
    .bind(6, item.quotes)
    .bind(7, item.reason)
    .run();
}

util::Expected<size_t>
upsert_rates(Database& database, const std::string& source, const std::string& base, const std::vector<Rate>& rates,
             std::int64_t run_id)
{
  auto statement = database.prepare(
    "INSERT INTO benchmark_rates (source, day, base, currency, rate, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (source, day, base, currency) DO UPDATE SET rate = excluded.rate, run_id = excluded.run_id "
    "WHERE benchmark_rates.rate IS DISTINCT FROM excluded.rate");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  size_t changed = 0;
  for (const auto& rate : rates) {
    statement->reset();
    statement->bind(1, source).bind(2, rate.day).bind(3, base).bind(4, rate.currency).bind(5, rate.rate).bind(6, run_id);
    if (auto ok = statement->run(); !ok) {
      return std::unexpected(ok.error());
    }
    changed += static_cast<size_t>(database.changes());
  }
  return changed;
}

util::Expected<std::optional<RateDay>>
latest_rates(Database& database, const std::string& source, const std::string& base, const std::string& day)
{
  auto statement = database.prepare(
    "SELECT day, currency, rate FROM benchmark_rates WHERE source = ?1 AND base = ?2 AND day = "
    "(SELECT max(day) FROM benchmark_rates WHERE source = ?1 AND base = ?2 AND (?3 = '' OR day <= ?3))");
  if (statement) {
    statement->bind(1, source).bind(2, base).bind(3, day);
  }
  auto rows = read_rows<Rate>(std::move(statement), [](const Statement& s) {
    return Rate{s.column_text(0), s.column_text(1), s.column_double(2)};
  });
  if (!rows) {
    return std::unexpected(rows.error());
  }
  if (rows->empty()) {
    return std::optional<RateDay>();
  }
  RateDay result{rows->front().day, {}};
  for (const auto& rate : *rows) {
    result.rates[rate.currency] = rate.rate;
  }
  return std::optional(result);
}

util::Expected<size_t>
upsert_reference_values(Database& database, const std::string& source, const std::vector<ReferenceRecord>& values,
                        std::int64_t run_id)
{
  auto statement = database.prepare(
    "INSERT INTO reference_values (source, indicator, country, period, value, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (source, indicator, country, period) DO UPDATE SET value = excluded.value, run_id = excluded.run_id "
    "WHERE reference_values.value IS DISTINCT FROM excluded.value");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  size_t changed = 0;
  for (const auto& v : values) {
    statement->reset();
    statement->bind(1, source).bind(2, v.indicator).bind(3, v.country).bind(4, v.period).bind(5, v.value).bind(6, run_id);
    if (auto ok = statement->run(); !ok) {
      return std::unexpected(ok.error());
    }
    changed += static_cast<size_t>(database.changes());
  }
  return changed;
}

util::Expected<std::vector<std::string>>
archived_hashes(Database& database)
{
  return read_rows<std::string>(
    database.prepare("SELECT sha256 FROM responses UNION SELECT sha256 FROM http_validators ORDER BY 1"),
    [](const Statement& s) { return s.column_text(0); });
}

namespace {

// The first key of the runs' advisory locks ("rw" in ASCII), apart from the
// writer's and the migrations' one-key locks.
constexpr int k_run_lock_space = 0x7277;

} // namespace

util::Expected<void>
claim_run(Database& database, std::int64_t run_id)
{
  if (!database.is_postgres()) {
    return {};
  }
  return database.exec(fmt::format("SELECT pg_advisory_lock({}, {})", k_run_lock_space, run_id));
}

util::Expected<void>
release_run(Database& database, std::int64_t run_id)
{
  if (!database.is_postgres()) {
    return {};
  }
  return database.exec(fmt::format("SELECT pg_advisory_unlock({}, {})", k_run_lock_space, run_id));
}

util::Expected<std::int64_t>
close_interrupted_runs(Database& database, const std::string& now)
{
  // On PostgreSQL a run is closed only when its lock can be had for this
  // statement: no connection claims it, so no process is running it.
  const std::string unclaimed =
    database.is_postgres() ? fmt::format(" AND pg_try_advisory_xact_lock({}, CAST(id AS integer))", k_run_lock_space)
                           : "";
  auto statement = database.prepare("UPDATE runs SET status = 'failed', finished_at = ?1, "
                                    "message = 'interrupted: the process stopped before the run finished' "
                                    "WHERE kind = 'collect' AND status = 'running'"
                                    + unclaimed);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  if (auto ok = statement->bind(1, now).run(); !ok) {
    return std::unexpected(ok.error());
  }
  return static_cast<std::int64_t>(database.changes());
}

} // namespace rw::store
