#include "store/schema.hpp"

#include "store/figures.hpp"
#include "store/postgres_schema.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <string_view>

namespace rw::store {

namespace {

// Migration N (1-based) brings the schema from version N-1 to N. Never edit a
// released migration: add a new one. docs/schema.md describes the result.
// One list for both backends: each step's common part is written in SQLite's
// types and translated for PostgreSQL (store/postgres_schema.cpp:
// INTEGER → bigint, REAL → double precision, TEXT → text COLLATE "C", BLOB → bytea,
// INTEGER PRIMARY KEY → an identity column, STRICT dropped); what cannot be
// written once (the triggers) has a part per backend. A test holds the two
// schemas equal, table by table and column by column.
constexpr std::array<Migration, 5> k_migrations = {{
  {R"sql(
CREATE TABLE countries (
  iso3 TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  region TEXT NOT NULL,
  income_group TEXT NOT NULL,
  g20 INTEGER NOT NULL CHECK (g20 IN (0, 1))
) STRICT;

CREATE TABLE corridors (
  id INTEGER PRIMARY KEY,
  sender TEXT NOT NULL,
  receiver TEXT NOT NULL,
  flow_usd REAL,
  flow_year INTEGER,
  flow_source TEXT,
  UNIQUE (sender, receiver)
) STRICT;

CREATE TABLE providers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  corridor_id INTEGER NOT NULL REFERENCES corridors (id),
  provider_id INTEGER NOT NULL REFERENCES providers (id),
  service_key TEXT NOT NULL,
  firm_type TEXT NOT NULL,
  payment_instrument TEXT NOT NULL DEFAULT '',
  receiving_method TEXT NOT NULL DEFAULT '',
  UNIQUE (corridor_id, service_key)
) STRICT;

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('import', 'collect')),
  source TEXT NOT NULL,
  input TEXT NOT NULL,
  input_sha256 TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed')),
  rows_read INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  flagged INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE quotes (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services (id),
  run_id INTEGER NOT NULL REFERENCES runs (id),
  source TEXT NOT NULL,
  method TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  source_ref TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  standard_amount_usd INTEGER NOT NULL CHECK (standard_amount_usd IN (200, 500)),
  amount REAL NOT NULL,
  currency TEXT NOT NULL,
  receive_currency TEXT NOT NULL,
  fee REAL NOT NULL,
  rate REAL NOT NULL,
  benchmark REAL NOT NULL,
  benchmark_source TEXT NOT NULL DEFAULT '',
  received REAL,
  reported_fx_margin_pct REAL,
  reported_total_cost_pct REAL,
  speed TEXT,
  transparent INTEGER NOT NULL CHECK (transparent IN (0, 1)),
  accessible INTEGER NOT NULL DEFAULT 1 CHECK (accessible IN (0, 1)),
  flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  flag_reason TEXT NOT NULL DEFAULT '',
  raw_ref TEXT,
  UNIQUE (source, natural_key)
) STRICT;
CREATE INDEX quotes_by_period ON quotes (period, standard_amount_usd);
CREATE INDEX quotes_by_service ON quotes (service_id);

CREATE TABLE benchmark_rates (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  day TEXT NOT NULL,
  base TEXT NOT NULL,
  currency TEXT NOT NULL,
  rate REAL NOT NULL CHECK (rate > 0),
  run_id INTEGER REFERENCES runs (id),
  UNIQUE (source, day, base, currency)
) STRICT;

CREATE TABLE corridor_series (
  id INTEGER PRIMARY KEY,
  series TEXT NOT NULL,
  sender TEXT NOT NULL,
  receiver TEXT NOT NULL,
  period TEXT NOT NULL,
  value REAL NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  UNIQUE (series, sender, receiver, period)
) STRICT;

CREATE TABLE reference_values (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  indicator TEXT NOT NULL,
  country TEXT NOT NULL,
  period TEXT NOT NULL,
  value REAL,
  run_id INTEGER REFERENCES runs (id),
  UNIQUE (source, indicator, country, period)
) STRICT;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  period TEXT NOT NULL,
  fired_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  delivered_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  UNIQUE (rule_id, scope, period)
) STRICT;
)sql", "", ""},
  // 2: alert delivery per channel; the collector's response archive, HTTP
  // validators for conditional GETs, and per-source / corridor run items.
  {R"sql(
CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  channel TEXT NOT NULL,
  delivered_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  UNIQUE (alert_id, channel)
) STRICT;

CREATE TABLE responses (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  source TEXT NOT NULL,
  url TEXT NOT NULL,
  status INTEGER NOT NULL,
  fetched_at TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  parse_status TEXT NOT NULL CHECK (parse_status IN ('ok', 'failed', 'not_modified')),
  parse_error TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX responses_sha256 ON responses (sha256);

CREATE TABLE http_validators (
  url TEXT PRIMARY KEY,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL
) STRICT;

CREATE TABLE run_items (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  source TEXT NOT NULL,
  corridor TEXT NOT NULL,
  amount REAL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  quotes INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX run_items_run ON run_items (run_id);
)sql", "", ""},
  // 3: each quarter's quote figures packed in one row (store/figures.hpp). The
  // triggers mark a quarter stale (figures NULL) whenever what
  // for_each_quote_figures reads of it changes; writers pack stale quarters
  // before they finish (refresh_quote_figures), readers read stale ones from
  // the quotes.
  {R"sql(
CREATE TABLE quote_figures (
  standard_amount_usd INTEGER NOT NULL,
  period TEXT NOT NULL,
  figures BLOB,
  quotes INTEGER,
  PRIMARY KEY (standard_amount_usd, period)
) STRICT;
INSERT INTO quote_figures (standard_amount_usd, period)
  SELECT DISTINCT standard_amount_usd, period FROM quotes WHERE true;
)sql",
   R"sql(
CREATE TRIGGER quote_figures_after_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quote_figures (standard_amount_usd, period) VALUES (NEW.standard_amount_usd, NEW.period)
    ON CONFLICT DO UPDATE SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
CREATE TRIGGER quote_figures_after_update
  AFTER UPDATE OF id, service_id, period, collected_at, standard_amount_usd, amount, fee, rate, benchmark, received,
    reported_fx_margin_pct, reported_total_cost_pct, speed, transparent, accessible ON quotes BEGIN
  INSERT INTO quote_figures (standard_amount_usd, period) VALUES (OLD.standard_amount_usd, OLD.period)
    ON CONFLICT DO UPDATE SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
  INSERT INTO quote_figures (standard_amount_usd, period) VALUES (NEW.standard_amount_usd, NEW.period)
    ON CONFLICT DO UPDATE SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
CREATE TRIGGER quote_figures_after_delete AFTER DELETE ON quotes BEGIN
  INSERT INTO quote_figures (standard_amount_usd, period) VALUES (OLD.standard_amount_usd, OLD.period)
    ON CONFLICT DO UPDATE SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
-- The order within a quarter follows the services' corridors and keys.
CREATE TRIGGER quote_figures_after_service_update AFTER UPDATE OF id, corridor_id, service_key ON services BEGIN
  UPDATE quote_figures SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
CREATE TRIGGER quote_figures_after_service_delete AFTER DELETE ON services BEGIN
  UPDATE quote_figures SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
CREATE TRIGGER quote_figures_after_corridor_update AFTER UPDATE OF id, sender, receiver ON corridors BEGIN
  UPDATE quote_figures SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
CREATE TRIGGER quote_figures_after_corridor_delete AFTER DELETE ON corridors BEGIN
  UPDATE quote_figures SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
END;
)sql",
   // The same triggers in PL/pgSQL: the same names, tables, columns and
   // events; a row trigger per quote, a statement trigger per change of the
   // services or corridors (which marks every quarter, as SQLite's row
   // triggers do at the first row).
   R"sql(
CREATE FUNCTION quote_figures_mark(amount bigint, quarter text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO quote_figures (standard_amount_usd, period) VALUES (amount, quarter)
    ON CONFLICT (standard_amount_usd, period) DO UPDATE SET figures = NULL, quotes = NULL
    WHERE quote_figures.figures IS NOT NULL;
$$;
CREATE FUNCTION quote_figures_after_quote() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM quote_figures_mark(OLD.standard_amount_usd, OLD.period);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM quote_figures_mark(NEW.standard_amount_usd, NEW.period);
  END IF;
  RETURN NULL;
END;
$$;
CREATE FUNCTION quote_figures_all_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE quote_figures SET figures = NULL, quotes = NULL WHERE figures IS NOT NULL;
  RETURN NULL;
END;
$$;
CREATE TRIGGER quote_figures_after_insert AFTER INSERT ON quotes
  FOR EACH ROW EXECUTE FUNCTION quote_figures_after_quote();
CREATE TRIGGER quote_figures_after_update
  AFTER UPDATE OF id, service_id, period, collected_at, standard_amount_usd, amount, fee, rate, benchmark, received,
    reported_fx_margin_pct, reported_total_cost_pct, speed, transparent, accessible ON quotes
  FOR EACH ROW EXECUTE FUNCTION quote_figures_after_quote();
CREATE TRIGGER quote_figures_after_delete AFTER DELETE ON quotes
  FOR EACH ROW EXECUTE FUNCTION quote_figures_after_quote();
CREATE TRIGGER quote_figures_after_service_update AFTER UPDATE OF id, corridor_id, service_key ON services
  FOR EACH STATEMENT EXECUTE FUNCTION quote_figures_all_stale();
CREATE TRIGGER quote_figures_after_service_delete AFTER DELETE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION quote_figures_all_stale();
CREATE TRIGGER quote_figures_after_corridor_update AFTER UPDATE OF id, sender, receiver ON corridors
  FOR EACH STATEMENT EXECUTE FUNCTION quote_figures_all_stale();
CREATE TRIGGER quote_figures_after_corridor_delete AFTER DELETE ON corridors
  FOR EACH STATEMENT EXECUTE FUNCTION quote_figures_all_stale();
)sql"},
  // 4: bilateral remittance flows imported by `import flows`, weighing the
  // weighted average in place of the catalogue's.
  {R"sql(
CREATE TABLE flows (
  sender TEXT NOT NULL,
  receiver TEXT NOT NULL,
  flow_usd REAL NOT NULL CHECK (flow_usd >= 0),
  flow_year INTEGER,
  source TEXT NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  PRIMARY KEY (sender, receiver)
) STRICT;
)sql", "", ""},
  // 5: the World Bank's RPW releases imported (`collect --source rpw`, or
  // `import rpw` of a workbook): one row per import run that read a release.
  // The run holds its SHA-256, time and counts; a quote's run_id names the
  // release its values came from.
  {R"sql(
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL UNIQUE REFERENCES runs (id),
  file_name TEXT NOT NULL,
  catalog_version TEXT NOT NULL DEFAULT '',
  release_date TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  revised_first TEXT,
  revised_last TEXT
) STRICT;
)sql", "", ""},
}};

} // namespace

std::span<const Migration>
migrations()
{
  return k_migrations;
}

int
schema_version()
{
  return static_cast<int>(k_migrations.size());
}

util::Expected<int>
stored_schema_version(Database& database)
{
  if (database.is_postgres()) {
    return stored_schema_version(database.postgres_connection());
  }
  auto current = database.query_int("PRAGMA user_version");
  if (!current) {
    return std::unexpected(current.error());
  }
  // user_version is any 32-bit integer a program sets; ours are 0 (new)
  // to schema_version(). Anything else is not a database this remitwatch
  // can read or migrate, and nothing is written to it.
  if (*current < 0) {
    return util::make_error(
      util::ErrorKind::database,
      fmt::format("{}: schema version {} is not one remitwatch writes (0 to {}); the file was changed by "
                  "another program or is damaged: nothing was written to it",
                  database.path(), *current, schema_version()));
  }
  if (*current > schema_version()) {
    return util::make_error(
      util::ErrorKind::database,
      fmt::format("{}: schema version {} is newer than this remitwatch knows ({}); upgrade remitwatch",
                  database.path(), *current, schema_version()));
  }
  return static_cast<int>(*current);
}

util::Expected<int>
migrate(Database& database)
{
  if (database.is_postgres()) {
    return migrate(database.postgres_connection());
  }
  // Up to date: nothing to write, so no write lock is taken (a reader must
  // not wait for an import to finish).
  auto stored = stored_schema_version(database);
  if (!stored) {
    return stored;
  }
  if (*stored == schema_version()) {
    return *stored;
  }
  std::optional<int> before;
  while (true) {
    // The version is read inside the write transaction, so two processes
    // migrating at once cannot both apply the same step.
    auto transaction = Transaction::begin(database);
    if (!transaction) {
      return std::unexpected(transaction.error());
    }
    auto current = stored_schema_version(database);
    if (!current) {
      return current;
    }
    const int version = *current;
    if (!before) {
      before = version;
    }
    if (version == schema_version()) {
      if (auto ok = transaction->commit(); !ok) {
        return std::unexpected(ok.error());
      }
      return *before;
    }
    const auto& step = k_migrations[static_cast<size_t>(version)];
    for (const auto sql : {step.common, step.sqlite}) {
      if (sql.empty()) {
        continue;
      }
      if (auto ok = database.exec(sql); !ok) {
        return std::unexpected(ok.error());
      }
    }
    if (auto ok = database.exec(fmt::format("PRAGMA user_version = {}", version + 1)); !ok) {
      return std::unexpected(ok.error());
    }
    // A database brought up to date has its quarters packed at once, not
    // at the next import or collection.
    if (version + 1 == schema_version()) {
      if (auto packed = refresh_quote_figures(database); !packed) {
        return std::unexpected(packed.error());
      }
    }
    if (auto ok = transaction->commit(); !ok) {
      return std::unexpected(ok.error());
    }
  }
}

} // namespace rw::store
