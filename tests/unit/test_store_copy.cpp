#include "collector/importer.hpp"
#include "store/copy.hpp"
#include "store/postgres_schema.hpp"
#include "store/schema.hpp"
#include "tests/unit/postgres_support.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

using rw::collector::ImportKind;
using rw::store::Database;
namespace postgres = rw::store::postgres;

namespace {

// A store with something in most tables: the RPW, DataBank and flows
// fixtures imported (quotes, services, runs, series, flows, packed figures),
// and rows written by hand with what a copy could get wrong: text with a
// tab, a newline, a backslash, a quote and non-ASCII letters; REALs that
// are not short decimals (1/3, 1e-300, -0.1); NULLs; an empty text.
Database
copy_sample_store(const std::filesystem::path& path)
{
  auto db = Database::open(path);
  REQUIRE(db);
  REQUIRE(rw::store::migrate(*db));
  const auto fixtures = rw::test::source_dir() / "tests" / "fixtures";
  for (const auto& [kind, file] : {std::pair{ImportKind::rpw, "rpw-sample.csv"},
                                   std::pair{ImportKind::databank, "databank-sample.csv"},
                                   std::pair{ImportKind::flows, "flows-sample.csv"}}) {
    auto imported = rw::collector::import_file(*db, kind, fixtures / file, rw::test::builtin_catalogue(), rw::test::k_now);
    REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().message));
  }
  REQUIRE(db->exec(R"sql(
INSERT INTO providers (name) VALUES ('Tab	and
newline \ back''slash — São Tomé');
INSERT INTO benchmark_rates (source, day, base, currency, rate, run_id)
  VALUES ('ecb', '2025-01-15', 'EUR', 'KES', 1.0 / 3.0, 1), ('ecb', '2025-01-15', 'EUR', 'XTS', 1e-300, NULL);
INSERT INTO reference_values (source, indicator, country, period, value, run_id)
  VALUES ('wb', 'BX.TRF.PWKR', 'KEN', '2024', NULL, NULL), ('wb', 'BX.TRF.PWKR', 'UGA', '2024', -0.1, 1);
INSERT INTO alerts (rule_id, scope, period, fired_at, payload, delivered_at, attempts, last_error)
  VALUES ('rise', 'KEN-UGA', '2024Q4', '2025-01-15T12:00:00Z', '{"text": "a \"quoted\" word"}', NULL, 2, '');
INSERT INTO alert_deliveries (alert_id, channel, attempts) VALUES (1, 'stdout', 1);
INSERT INTO http_validators (url, etag, sha256) VALUES ('https://example.org/a?b=1&c=2', 'W/"x"', 'ab');
)sql"));
  return std::move(*db);
}

std::string
canonical_text_of(Database& db)
{
  std::string text;
  auto form = rw::store::canonical(db, &text);
  REQUIRE_MESSAGE(form, (form ? "" : form.error().message));
  return text;
}

std::string
canonical_text_of(postgres::Connection& connection)
{
  std::string text;
  auto form = rw::store::canonical(connection, &text);
  REQUIRE_MESSAGE(form, (form ? "" : form.error().message));
  return text;
}

std::string
single_value(postgres::Connection& connection, const std::string& sql)
{
  auto result = connection.query(sql);
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  REQUIRE(result->rows() == 1);
  return std::string(result->text(0, 0));
}

// A table's columns as (name, kind, NOT NULL): SQLite's declared types and
// PostgreSQL's translated back, so that the two can be compared.
using SchemaColumns = std::vector<std::tuple<std::string, std::string, bool>>;

std::map<std::string, SchemaColumns>
sqlite_columns(Database& db)
{
  std::map<std::string, SchemaColumns> tables;
  auto rows = db.prepare("SELECT m.name, p.name, p.type, p.\"notnull\" OR p.pk = 1 FROM sqlite_schema m, "
                         "pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid");
  REQUIRE(rows);
  while (*rows->step()) {
    tables[rows->column_text(0)].emplace_back(rows->column_text(1), rows->column_text(2), rows->column_int(3) != 0);
  }
  return tables;
}

std::map<std::string, SchemaColumns>
postgres_columns(postgres::Connection& connection)
{
  const std::map<std::string, std::string> kinds{
    {"bigint", "INTEGER"}, {"double precision", "REAL"}, {"text", "TEXT"}, {"bytea", "BLOB"}};
  std::map<std::string, SchemaColumns> tables;
  auto rows = connection.query("SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM "
                               "information_schema.columns WHERE table_schema = current_schema() AND table_name <> "
                               "'remitwatch_schema' ORDER BY table_name, ordinal_position");
  REQUIRE(rows);
  for (int row = 0; row < rows->rows(); ++row) {
    const std::string type(rows->text(row, 2));
    CHECK_MESSAGE(kinds.contains(type), type);
    tables[std::string(rows->text(row, 0))].emplace_back(std::string(rows->text(row, 1)),
                                                         kinds.contains(type) ? kinds.at(type) : type,
                                                         rows->text(row, 3) == "t");
  }
  return tables;
}

// Every unique key (primary keys included) as "table(col, col)".
std::set<std::string>
sqlite_unique_keys(Database& db)
{
  std::set<std::string> keys;
  auto rows = db.prepare("SELECT m.name, l.name FROM sqlite_schema m, pragma_index_list(m.name) l "
                         "WHERE m.type = 'table' AND l.\"unique\" = 1");
  REQUIRE(rows);
  std::vector<std::pair<std::string, std::string>> indexes;
  while (*rows->step()) {
    indexes.emplace_back(rows->column_text(0), rows->column_text(1));
  }
  for (const auto& [table, index] : indexes) {
    auto columns = db.prepare(fmt::format("SELECT group_concat(name, ', ') FROM (SELECT name FROM "
                                          "pragma_index_info('{}') ORDER BY seqno)",
                                          index));
    REQUIRE(columns);
    REQUIRE(*columns->step());
    keys.insert(fmt::format("{}({})", table, columns->column_text(0)));
  }
  // INTEGER PRIMARY KEY is the rowid: no index of its own.
  auto rowids = db.prepare("SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p "
                           "WHERE m.type = 'table' AND p.pk = 1 AND p.type = 'INTEGER' AND "
                           "(SELECT count(*) FROM pragma_table_info(m.name) WHERE pk > 0) = 1");
  REQUIRE(rowids);
  while (*rowids->step()) {
    keys.insert(fmt::format("{}({})", rowids->column_text(0), rowids->column_text(1)));
  }
  return keys;
}

std::set<std::string>
postgres_unique_keys(postgres::Connection& connection)
{
  std::set<std::string> keys;
  auto rows = connection.query(
    "SELECT t.relname, string_agg(a.attname, ', ' ORDER BY k.n) FROM pg_index i "
    "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace "
    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n) "
    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
    "WHERE i.indisunique AND s.nspname = current_schema() AND t.relname <> 'remitwatch_schema' "
    "GROUP BY i.indexrelid, t.relname");
  REQUIRE(rows);
  for (int row = 0; row < rows->rows(); ++row) {
    keys.insert(fmt::format("{}({})", rows->text(row, 0), rows->text(row, 1)));
  }
  return keys;
}

} // namespace

TEST_SUITE("store::postgres_schema")
{
  TEST_CASE("SQLite's types become PostgreSQL's; names, quoted text and everything else stay")
  {
    CHECK(rw::store::postgres_dialect("CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  n INTEGER NOT NULL,\n"
                                      "  r REAL, s TEXT DEFAULT 'TEXT', b BLOB, realm TEXT\n) STRICT;") ==
          "CREATE TABLE t (\n  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n  n bigint NOT NULL,\n"
          "  r double precision, s text COLLATE \"C\" DEFAULT 'TEXT', b bytea, realm text COLLATE \"C\"\n);");
  }

  TEST_CASE("every migration has its PostgreSQL part where it has a SQLite-only one")
  {
    for (const auto& migration : rw::store::migrations()) {
      CHECK(migration.sqlite.empty() == migration.postgres.empty());
    }
  }
}

TEST_SUITE("postgres")
{
  TEST_CASE("the PostgreSQL schema is SQLite's: tables, columns, types, NOT NULL, unique keys and triggers")
  {
    rw::test::TempDir dir;
    auto sqlite = Database::open(dir.path() / "a.db");
    REQUIRE(sqlite);
    REQUIRE(rw::store::migrate(*sqlite));
    rw::test::PostgresDatabase database;
    auto connection = database.connect();
    auto before = rw::store::migrate(connection);
    REQUIRE_MESSAGE(before, (before ? "" : before.error().message));
    CHECK(*before == 0);
    CHECK(rw::store::stored_schema_version(connection) == rw::store::schema_version());

    CHECK(postgres_columns(connection) == sqlite_columns(*sqlite));
    const auto keys = sqlite_unique_keys(*sqlite);
    CHECK(keys.contains("quotes(source, natural_key)"));
    CHECK(postgres_unique_keys(connection) == keys);

    auto triggers = sqlite->prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'");
    REQUIRE(triggers);
    std::set<std::string> sqlite_triggers;
    while (*triggers->step()) {
      sqlite_triggers.insert(triggers->column_text(0));
    }
    auto pg_triggers = connection.query("SELECT DISTINCT trigger_name FROM information_schema.triggers");
    REQUIRE(pg_triggers);
    std::set<std::string> postgres_triggers;
    for (int row = 0; row < pg_triggers->rows(); ++row) {
      postgres_triggers.insert(std::string(pg_triggers->text(row, 0)));
    }
    CHECK(sqlite_triggers.size() == 7);
    CHECK(postgres_triggers == sqlite_triggers);
    // Up to date: a second migration changes nothing.
    CHECK(rw::store::migrate(connection) == rw::store::schema_version());
  }

  TEST_CASE("two connections migrating one database at once apply each step once")
  {
    rw::test::PostgresDatabase database;
    std::vector<rw::util::Expected<int>> results(2, 0);
    {
      std::vector<std::jthread> threads;
      threads.reserve(results.size());
      for (auto& result : results) {
        threads.emplace_back([&database, &result] {
          auto connection = postgres::Connection::open(database.url());
          result = connection ? rw::store::migrate(*connection) : std::unexpected(connection.error());
        });
      }
    }
    for (const auto& result : results) {
      REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
    }
    auto connection = database.connect();
    CHECK(single_value(connection, "SELECT count(*) FROM remitwatch_schema") == "1");
    CHECK(single_value(connection, "SELECT version FROM remitwatch_schema") == std::to_string(rw::store::schema_version()));
  }

  TEST_CASE("db copy: a store goes to PostgreSQL and back with every value as it was")
  {
    rw::test::TempDir dir;
    auto source = copy_sample_store(dir.path() / "source.db");
    const auto source_text = canonical_text_of(source);
    // The awkward values in their canonical form (COPY's text format).
    CHECK(source_text.find("Tab\\tand\\nnewline \\\\ back'slash — São Tomé") != std::string::npos);
    CHECK(source_text.find("\t0.3333333333333333\t") != std::string::npos);
    CHECK(source_text.find("\t1e-300\t\\N\n") != std::string::npos);
    CHECK(source_text.find("\t-0.1\t1\n") != std::string::npos);
    CHECK(source_text.find("\t\\\\x") != std::string::npos); // a packed BLOB

    rw::test::PostgresDatabase database;
    auto connection = database.connect();
    auto copied = rw::store::copy_store(source, connection);
    REQUIRE_MESSAGE(copied, (copied ? "" : copied.error().message));
    std::map<std::string, std::int64_t> counts;
    for (const auto& table : copied->tables) {
      counts[table.table] = table.rows;
    }
    CHECK(counts.size() == 17);
    CHECK(counts["quotes"] > 0);
    CHECK(counts["corridor_series"] > 0);
    CHECK(counts["flows"] > 0);
    CHECK(counts["quote_figures"] > 0);
    CHECK(counts["alert_deliveries"] == 1);
    CHECK(canonical_text_of(connection) == source_text);
    // The source's digest, taken from the rows as they were copied.
    auto source_form = rw::store::canonical(source);
    REQUIRE(source_form);
    CHECK(copied->sha256 == source_form->sha256);
    // The very doubles, not only their text: 1/3 computed by PostgreSQL.
    CHECK(single_value(connection, "SELECT rate = 1::float8 / 3 FROM benchmark_rates WHERE currency = 'KES'") == "t");

    // And back, into a new file: the same canonical form, the same dump, the
    // same triggers.
    auto back = Database::open(dir.path() / "back.db");
    REQUIRE(back);
    REQUIRE(rw::store::migrate(*back));
    auto returned = rw::store::copy_store(connection, *back);
    REQUIRE_MESSAGE(returned, (returned ? "" : returned.error().message));
    CHECK(canonical_text_of(*back) == source_text);
    CHECK(rw::test::dump_of(*back) == rw::test::dump_of(source));
    CHECK(back->query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'") == 7);

    // PostgreSQL's ids go on after the copied ones, and its triggers are back:
    // a new quote marks its quarter stale.
    const auto next = std::stoll(single_value(connection, "SELECT max(id) FROM providers")) + 1;
    CHECK(single_value(connection, "INSERT INTO providers (name) VALUES ('new') RETURNING id") == std::to_string(next));
    REQUIRE(connection.exec("UPDATE quotes SET fee = fee + 1 WHERE id = (SELECT min(id) FROM quotes)"));
    CHECK(single_value(connection, "SELECT count(*) FROM quote_figures WHERE figures IS NULL") == "1");
  }

  TEST_CASE("db copy refuses a target that holds data and leaves it as it was")
  {
    rw::test::TempDir dir;
    auto source = copy_sample_store(dir.path() / "source.db");
    rw::test::PostgresDatabase database;
    auto connection = database.connect();
    REQUIRE(rw::store::copy_store(source, connection));
    const auto before = canonical_text_of(connection);
    REQUIRE(source.exec("INSERT INTO providers (name) VALUES ('only in the source')"));
    auto again = rw::store::copy_store(source, connection);
    REQUIRE_FALSE(again);
    CHECK(again.error().message.find("already holds data (table countries)") != std::string::npos);
    CHECK(again.error().message.find(connection.where()) == 0);
    CHECK(canonical_text_of(connection) == before);

    auto occupied = Database::open(dir.path() / "occupied.db");
    REQUIRE(occupied);
    REQUIRE(rw::store::migrate(*occupied));
    REQUIRE(occupied->exec("INSERT INTO providers (name) VALUES ('here first')"));
    auto into_sqlite = rw::store::copy_store(connection, *occupied);
    REQUIRE_FALSE(into_sqlite);
    CHECK(into_sqlite.error().message.find("already holds data (table providers)") != std::string::npos);
    CHECK(occupied->query_int("SELECT count(*) FROM providers") == 1);
  }

  TEST_CASE("a copy that fails half-way leaves no row in PostgreSQL and its triggers in place")
  {
    rw::test::TempDir dir;
    auto source = copy_sample_store(dir.path() / "source.db");
    // Bytes that are not UTF-8 in a TEXT column: SQLite keeps them,
    // PostgreSQL refuses them, in the copy of a table near the end.
    REQUIRE(source.exec("INSERT INTO http_validators (url, sha256) VALUES (CAST(x'ff' AS TEXT), 'cd')"));
    rw::test::PostgresDatabase database;
    auto connection = database.connect();
    auto copied = rw::store::copy_store(source, connection);
    REQUIRE_FALSE(copied);
    CHECK(copied.error().message.find(connection.where()) == 0);
    CHECK(copied.error().message.find("UTF8") != std::string::npos);
    for (const auto* table : {"countries", "quotes", "quote_figures"}) {
      CHECK(single_value(connection, fmt::format("SELECT count(*) FROM {}", table)) == "0");
    }
    CHECK(single_value(connection, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'") == "7");
  }

  TEST_CASE("remitwatch db copy: both ways, verified; a failed copy into a new file leaves no file")
  {
    rw::test::TempDir dir;
    const auto source_path = (dir.path() / "source.db").string();
    {
      auto source = copy_sample_store(source_path);
    }
    rw::test::PostgresDatabase database;
    const auto out = (dir.path() / "out.txt").string();
    const auto err = (dir.path() / "err.txt").string();
    const rw::test::ChildOptions options{.stderr_path = err, .stdout_path = out};
    CHECK(rw::test::run_remitwatch({"db", "copy", "--from", source_path, "--to", database.url()}, options) == 0);
    const auto there = rw::test::file_text(out);
    CHECK(there.find("copied ") == 0);
    CHECK(there.find("verified: both hold the same values") != std::string::npos);

    const auto back = (dir.path() / "back.db").string();
    CHECK(rw::test::run_remitwatch({"db", "copy", "--from", database.url(), "--to", back}, options) == 0);
    CHECK(rw::test::file_text(out).find("verified: both hold the same values") != std::string::npos);
    auto source = Database::open(source_path);
    auto copy = Database::open(back);
    REQUIRE(source);
    REQUIRE(copy);
    CHECK(canonical_text_of(*copy) == canonical_text_of(*source));

    // A database without remitwatch's schema: refused, and the new file is
    // not left behind.
    rw::test::PostgresDatabase empty;
    const auto never = (dir.path() / "never.db").string();
    CHECK(rw::test::run_remitwatch({"db", "copy", "--from", empty.url(), "--to", never}, options) == 1);
    CHECK(rw::test::file_text(err).find("it holds no remitwatch store") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(never));
    // A folder that cannot hold the new file: named, with the option to change.
    const auto unwritable = (dir.path() / "no-such-folder" / "x.db").string();
    CHECK(rw::test::run_remitwatch({"db", "copy", "--from", database.url(), "--to", unwritable}, options) == 1);
    CHECK(rw::test::file_text(err).find("choose another --to") != std::string::npos);
    // Two SQLite files: refused before anything is opened.
    CHECK(rw::test::run_remitwatch({"db", "copy", "--from", source_path, "--to", never}, options) == 2);
    CHECK(rw::test::file_text(err).find("give one SQLite file and one postgresql:// URL") != std::string::npos);
  }

  TEST_CASE("a read-only role, granted as docs/postgresql.md says, reads and copies out the store and cannot write")
  {
    rw::test::TempDir dir;
    auto source = copy_sample_store(dir.path() / "source.db");
    auto admin = rw::test::postgres_connect(rw::test::postgres_url());
    const auto role = fmt::format("rw_reader_{}", ::getpid());
    // The role outlives the database its grants are in: dropped after it.
    struct DropRole
    {
      postgres::Connection& admin;
      std::string role;
      ~DropRole() { (void)admin.exec(fmt::format("DROP ROLE IF EXISTS {}", role)); }
    } drop_role{admin, role};
    REQUIRE(admin.exec(fmt::format("DROP ROLE IF EXISTS {0}; CREATE ROLE {0} LOGIN", role)));
    rw::test::PostgresDatabase database;
    auto owner = database.connect();
    REQUIRE(rw::store::copy_store(source, owner));
    const auto name = single_value(owner, "SELECT current_database()");
    // docs/postgresql.md's statements, the role and database names filled in.
    auto granted = owner.exec(fmt::format("GRANT CONNECT ON DATABASE {1} TO {0};"
                                          "GRANT USAGE ON SCHEMA public TO {0};"
                                          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {0};"
                                          "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {0}",
                                          role, name));
    REQUIRE_MESSAGE(granted, (granted ? "" : granted.error().message));

    auto reader = rw::test::postgres_connect(rw::test::with_user(database.url(), role));
    CHECK(canonical_text_of(reader) == canonical_text_of(source));
    auto write = reader.exec("INSERT INTO providers (name) VALUES ('not allowed')");
    REQUIRE_FALSE(write);
    CHECK(write.error().message.find("permission denied for table providers") != std::string::npos);
    auto snapshot = Database::open(dir.path() / "snapshot.db");
    REQUIRE(snapshot);
    REQUIRE(rw::store::migrate(*snapshot));
    auto copied = rw::store::copy_store(reader, *snapshot);
    REQUIRE_MESSAGE(copied, (copied ? "" : copied.error().message));
    CHECK(canonical_text_of(*snapshot) == canonical_text_of(source));
  }
}

TEST_SUITE("realdata::postgres")
{
  TEST_CASE("the World Bank's RPW rows and DataBank series through PostgreSQL and back, and imported into it "
            "directly: the same averages, byte for byte, every quarter, and the same report")
  {
    rw::test::TempDir dir;
    const auto data = rw::test::shared_data_dir();
    const auto original = (dir.path() / "original.db").string();
    {
      auto db = Database::open(original);
      REQUIRE(db);
      REQUIRE(rw::store::migrate(*db));
      for (const auto& [kind, file] :
           {std::pair{ImportKind::rpw, data / "rpw" / "rpw_east_africa_2011Q1-2013Q1.csv"},
            std::pair{ImportKind::databank, data / "worldbank" / "rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv"}}) {
        auto imported = rw::collector::import_file(*db, kind, file, rw::test::builtin_catalogue(), rw::test::k_now);
        REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().message));
      }
    }
    rw::test::PostgresDatabase database;
    const auto returned = (dir.path() / "returned.db").string();
    const rw::test::ChildOptions quiet{};
    REQUIRE(rw::test::run_remitwatch({"db", "copy", "--from", original, "--to", database.url()}, quiet) == 0);
    REQUIRE(rw::test::run_remitwatch({"db", "copy", "--from", database.url(), "--to", returned}, quiet) == 0);
    // The same files imported by `remitwatch import --db postgresql://…`, at
    // the time the original's import was (the report lists the runs).
    rw::test::PostgresDatabase direct;
    const rw::test::ChildOptions at_import_time{.environment = {{"REMITWATCH_NOW", rw::test::k_now}}};
    for (const auto& [kind, file] :
         {std::pair{"rpw", data / "rpw" / "rpw_east_africa_2011Q1-2013Q1.csv"},
          std::pair{"databank", data / "worldbank" / "rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv"}}) {
      const int status =
        rw::test::run_remitwatch({"import", kind, file.string(), "--db", direct.url()}, at_import_time);
      CHECK((status == 0 || status == 4)); // 4: imported, some rows rejected (as into SQLite)
    }

    // Each quarter the RPW file has (semiannual then: 2011Q1, 2011Q3, 2012Q1,
    // 2012Q3, 2013Q1), both amounts' figures in one `--by all`, and the
    // report's JSON.
    const auto output = [&](const std::string& db, std::vector<std::string> args) {
      args.insert(args.end(), {"--db", db});
      const auto out = (dir.path() / "out.txt").string();
      REQUIRE(rw::test::run_remitwatch(args, {.stdout_path = out}) == 0);
      return rw::test::file_text(out);
    };
    std::vector<std::string> quarters;
    {
      auto db = Database::open(original);
      REQUIRE(db);
      auto periods = db->prepare("SELECT DISTINCT period FROM quotes ORDER BY period");
      REQUIRE(periods);
      while (*periods->step()) {
        quarters.push_back(periods->column_text(0));
      }
    }
    CHECK(quarters == std::vector<std::string>{"2011Q1", "2011Q3", "2012Q1", "2012Q3", "2013Q1"});
    for (const auto& quarter : quarters) {
      CAPTURE(quarter);
      const std::vector<std::string> args{"averages", "--by", "all", "--quarter", quarter};
      const auto before = output(original, args);
      CHECK(before.find("KEN") != std::string::npos);
      CHECK(output(returned, args) == before);
      CHECK(output(direct.url(), args) == before);
    }
    const std::vector<std::string> report{"report", "--quarter", "2013Q1", "--format", "json"};
    const auto report_json = output(original, report);
    CHECK(output(returned, report) == report_json);
    CHECK(output(direct.url(), report) == report_json);
  }
}

