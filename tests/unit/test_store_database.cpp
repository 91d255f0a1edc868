#include "store/database.hpp"
#include "store/dump.hpp"
#include "store/queries.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <tuple>

using rw::store::Database;
using rw::store::Transaction;

// Those marked sqlite_only() test SQLite's own behaviour; tests/unit/test_store_postgres.cpp has PostgreSQL's.
TEST_SUITE("store::database")
{
  TEST_CASE("bind, step and read back every type, NULL included" * rw::test::sqlite_only())
  {
    auto db = Database::open(":memory:");
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, n TEXT)"));
    auto insert = db->prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
    REQUIRE(insert);
    REQUIRE(insert->bind(1, std::int64_t{42}).bind(2, 0.1).bind(3, "Côte d'Ivoire").bind(4, std::optional<std::string>()).run());
    auto select = db->prepare("SELECT i, d, s, n FROM t");
    REQUIRE(select);
    auto row = select->step();
    REQUIRE(row);
    REQUIRE(*row);
    CHECK(select->column_int(0) == 42);
    CHECK(select->column_double(1) == 0.1);
    CHECK(select->column_text(2) == "Côte d'Ivoire");
    CHECK(select->is_null(3));
    CHECK_FALSE(select->column_optional_text(3).has_value());
    CHECK(select->column_optional_int(0) == 42);
    auto done = select->step();
    REQUIRE(done);
    CHECK_FALSE(*done);
  }

  TEST_CASE("errors carry SQLite's message, the database and the SQL" * rw::test::sqlite_only())
  {
    auto db = Database::open(":memory:");
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (k TEXT UNIQUE)"));
    REQUIRE(db->exec("INSERT INTO t VALUES ('a')"));
    const auto duplicate = db->exec("INSERT INTO t VALUES ('a')");
    REQUIRE_FALSE(duplicate);
    CHECK(duplicate.error().kind == rw::util::ErrorKind::database);
    CHECK(duplicate.error().message.find("UNIQUE constraint failed") != std::string::npos);
    CHECK(duplicate.error().message.find(":memory:") == 0);
    const auto bad = db->prepare("SELEC nonsense");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("SELEC nonsense") != std::string::npos);
  }

  TEST_CASE("a transaction rolls back unless committed")
  {
    auto db = Database::open(rw::test::store_at(":memory:"));
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t (k INTEGER)"));
    {
      auto transaction = Transaction::begin(*db);
      REQUIRE(transaction);
      REQUIRE(db->exec("INSERT INTO t VALUES (1)"));
    }
    CHECK(*db->query_int("SELECT count(*) FROM t") == 0);
    {
      auto transaction = Transaction::begin(*db);
      REQUIRE(transaction);
      REQUIRE(db->exec("INSERT INTO t VALUES (1)"));
      REQUIRE(transaction->commit());
    }
    CHECK(*db->query_int("SELECT count(*) FROM t") == 1);
  }

  TEST_CASE("files: WAL, foreign keys; read-only and missing files fail clearly"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    const auto path = dir / "r.db";
    {
      auto db = Database::open(path);
      REQUIRE(db);
      auto mode = db->prepare("PRAGMA journal_mode");
      REQUIRE(mode);
      REQUIRE(*mode->step());
      CHECK(mode->column_text(0) == "wal");
      CHECK(*db->query_int("PRAGMA foreign_keys") == 1);
      REQUIRE(db->exec("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p (id))"));
      const auto orphan = db->exec("INSERT INTO c VALUES (7)");
      REQUIRE_FALSE(orphan);
      CHECK(orphan.error().message.find("FOREIGN KEY") != std::string::npos);
    }
    {
      auto db = Database::open(path, {.read_only = true});
      REQUIRE(db);
      const auto write = db->exec("INSERT INTO p VALUES (1)");
      REQUIRE_FALSE(write);
      CHECK(write.error().message.find("readonly") != std::string::npos);
    }
    const auto missing = Database::open(dir / "absent.db", {.read_only = false, .create = false});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("absent.db: cannot open the database") != std::string::npos);
    {
      std::ofstream(dir / "text.db") << "this is not a database, but long enough to have a header....\n";
    }
    const auto not_db = Database::open(dir / "text.db");
    REQUIRE_FALSE(not_db);
    CHECK(not_db.error().message.find("text.db") != std::string::npos);
  }
}

TEST_SUITE("store::schema")
{
  TEST_CASE("migrate from empty, again is a no-op, a newer database is refused"
            * rw::test::sqlite_only())
  {
    auto db = Database::open(":memory:");
    REQUIRE(db);
    auto before = rw::store::migrate(*db);
    REQUIRE(before);
    CHECK(*before == 0);
    CHECK(*db->query_int("PRAGMA user_version") == rw::store::schema_version());
    auto again = rw::store::migrate(*db);
    REQUIRE(again);
    CHECK(*again == rw::store::schema_version());
    REQUIRE(db->exec("PRAGMA user_version = 99"));
    const auto newer = rw::store::migrate(*db);
    REQUIRE_FALSE(newer);
    CHECK(newer.error().message.find("newer than this remitwatch knows") != std::string::npos);
  }

  TEST_CASE("integrity check and dump")
  {
    auto db = Database::open(rw::test::store_at(":memory:"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    CHECK(*rw::store::integrity_check(*db) == "ok");
    const auto empty = rw::store::dump(*db);
    REQUIRE(empty);
    CHECK(empty->find("== quotes\n") != std::string::npos);
    REQUIRE(db->exec("INSERT INTO providers (name) VALUES ('A')"));
    const auto one = rw::store::dump(*db);
    REQUIRE(one);
    CHECK(*one != *empty);
    CHECK(one->find("== providers\n1|A\n") != std::string::npos);
    CHECK(*rw::store::dump(*db) == *one);
    const auto counts = rw::store::table_counts(*db);
    REQUIRE(counts);
    CHECK(std::ranges::find(*counts, std::pair<std::string, std::int64_t>{"providers", 1}) != counts->end());
  }
}


namespace {

void
series_upserts(Database& db)
{
  auto writer = rw::store::Writer::create(db);
  REQUIRE(writer);
  const auto run = writer->begin_run({.kind = "import", .source = "databank", .input = "d.csv", .started_at = "now"});
  REQUIRE(run);
  rw::store::SeriesRecord v{"ATCR.CORR", "KEN", "UGA", "2011Q3", 9.70090866};
  CHECK(*writer->upsert_series(v, *run) == rw::store::Upsert::inserted);
  CHECK(*writer->upsert_series(v, *run) == rw::store::Upsert::unchanged);
  v.value = 9.0;
  CHECK(*writer->upsert_series(v, *run) == rw::store::Upsert::updated);
  const auto loaded = rw::store::load_series(db, "ATCR.CORR", "KEN", "UGA");
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 1);
  CHECK((*loaded)[0].value == 9.0);
}

void
quote_and_series_periods(Database& db)
{
  // An empty store: no quote, no quarter, empty bounds (coalesce of NULL).
  CHECK(*rw::store::quote_count(db) == 0);
  const auto no_quotes = rw::store::quote_periods(db);
  REQUIRE(no_quotes);
  CHECK(no_quotes->quarters == 0);
  CHECK(no_quotes->first.empty());
  CHECK(no_quotes->last.empty());
  const auto no_series = rw::store::series_periods(db);
  REQUIRE(no_series);
  CHECK(no_series->quarters == 0);
  CHECK(no_series->first.empty());
  CHECK(no_series->last.empty());

  auto writer = rw::store::Writer::create(db);
  REQUIRE(writer);
  const auto run = writer->begin_run({.kind = "import", .source = "rpw", .input = "x.csv", .started_at = "now"});
  REQUIRE(run);
  // Five quotes: 2012Q1 at 200 and 500 USD, 2011Q3 twice at 200, and
  // 2013Q2 at 500 USD — every amount counts.
  for (const auto& [period, amount, key] : {std::tuple{"2012Q1", 200, "a"}, std::tuple{"2012Q1", 500, "b"},
                                            std::tuple{"2011Q3", 200, "c"}, std::tuple{"2011Q3", 200, "d"},
                                            std::tuple{"2013Q2", 500, "e"}}) {
    auto q = rw::test::sample_quote();
    q.natural_key = std::string(period) + "|" + key;
    q.period = period;
    q.standard_amount_usd = amount;
    REQUIRE(*writer->upsert_quote(q, *run) == rw::store::Upsert::inserted);
  }
  // Two series, three values: quarters 2010Q4 and 2011Q1 (2011Q1 twice).
  for (const auto& value : {rw::store::SeriesRecord{"ATCR.CORR", "KEN", "UGA", "2011Q1", 9.7},
                            rw::store::SeriesRecord{"ATCR.CORR", "KEN", "UGA", "2010Q4", 9.9},
                            rw::store::SeriesRecord{"OTHER", "KEN", "TZA", "2011Q1", 8.0}}) {
    REQUIRE(*writer->upsert_series(value, *run) == rw::store::Upsert::inserted);
  }

  // 5 quotes written, of both amounts.
  CHECK(*rw::store::quote_count(db) == 5);
  // Distinct periods 2011Q3, 2012Q1, 2013Q2: three, lowest 2011Q3, highest 2013Q2.
  const auto quotes = rw::store::quote_periods(db);
  REQUIRE(quotes);
  CHECK(quotes->quarters == 3);
  CHECK(quotes->first == "2011Q3");
  CHECK(quotes->last == "2013Q2");
  // Distinct periods 2010Q4, 2011Q1 over both series: two.
  const auto series = rw::store::series_periods(db);
  REQUIRE(series);
  CHECK(series->quarters == 2);
  CHECK(series->first == "2010Q4");
  CHECK(series->last == "2011Q1");
}

void
latest_run_times(Database& db)
{
  CHECK(*rw::store::latest_run_time(db) == ""); // no run: serve then stamps with the request's time

  auto writer = rw::store::Writer::create(db);
  REQUIRE(writer);
  rw::store::RunRecord first{
    .kind = "import", .source = "rpw", .input = "a.csv", .started_at = "2025-01-15T12:00:00Z"};
  const auto first_id = writer->begin_run(first);
  REQUIRE(first_id);
  CHECK(*rw::store::latest_run_time(db) == "2025-01-15T12:00:00Z"); // started, not finished
  first.id = *first_id;
  REQUIRE(writer->finish_run(first, "ok", "", "2025-01-15T12:00:07Z"));
  CHECK(*rw::store::latest_run_time(db) == "2025-01-15T12:00:07Z"); // its end is later than its start
  // A later collection that is still running: its start is the latest time.
  REQUIRE(
    writer->begin_run({.kind = "collect", .source = "ecb", .input = "", .started_at = "2025-02-01T08:00:00Z"}));
  CHECK(*rw::store::latest_run_time(db) == "2025-02-01T08:00:00Z");
}

} // namespace

TEST_SUITE("store::records")
{
  TEST_CASE("an upsert inserts, then leaves an identical row alone, then updates a changed one")
  {
    auto db = Database::open(rw::test::store_at(":memory:"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    auto writer = rw::store::Writer::create(*db);
    REQUIRE(writer);
    const auto run = writer->begin_run({.kind = "import", .source = "rpw", .input = "x.csv", .started_at = "now"});
    REQUIRE(run);
    auto q = rw::test::sample_quote();
    CHECK(*writer->upsert_quote(q, *run) == rw::store::Upsert::inserted);
    CHECK(*writer->upsert_quote(q, *run) == rw::store::Upsert::unchanged);
    q.reported_total_cost_pct = 5.50;
    CHECK(*writer->upsert_quote(q, *run) == rw::store::Upsert::updated);
    q.reported_fx_margin_pct.reset(); // NULL vs value counts as a change too
    CHECK(*writer->upsert_quote(q, *run) == rw::store::Upsert::updated);
    CHECK(*writer->upsert_quote(q, *run) == rw::store::Upsert::unchanged);
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 1);
    CHECK(*db->query_int("SELECT count(*) FROM services") == 1);
    CHECK(*db->query_int("SELECT count(*) FROM corridors") == 1);

    size_t seen = 0;
    REQUIRE(rw::store::for_each_quote(*db, 200, "2011Q1", "2011Q4", [&](const rw::store::QuoteRecord& r) {
      ++seen;
      CHECK(r.reported_total_cost_pct == 5.50);
      CHECK_FALSE(r.reported_fx_margin_pct.has_value());
      CHECK(r.provider == "Alpha");
      CHECK(r.speed == "same_day");
    }));
    CHECK(seen == 1);
    seen = 0;
    REQUIRE(rw::store::for_each_quote(*db, 200, "2012Q1", "", [&](const rw::store::QuoteRecord&) { ++seen; }));
    CHECK(seen == 0);
  }

  TEST_CASE("series values upsert the same way")
  {
    auto db = Database::open(rw::test::store_at(":memory:"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    series_upserts(*db);
  }

  // Labelled store::queries: it tests queries.hpp, with rw::test::sample_quote().
  TEST_CASE("quote_count, quote_periods and series_periods: empty, then the rows written"
            * doctest::test_suite("store::queries"))
  {
    auto db = Database::open(rw::test::store_at(":memory:"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    quote_and_series_periods(*db);
  }

  TEST_CASE("latest_run_time: none recorded, then the latest start or end of any run"
            * doctest::test_suite("store::queries"))
  {
    auto db = Database::open(rw::test::store_at(":memory:"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    latest_run_times(*db);
  }
}
