// Issue 22: the store's own statements on PostgreSQL (store::Database for a
// postgresql:// URL), each case run on SQLite and on PostgreSQL with the same
// expectations; and the commands with --db postgresql://.

#include "store/database.hpp"
#include "store/postgres_schema.hpp"
#include "store/postgres_statement.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "tests/unit/generated_rpw.hpp"
#include "tests/unit/postgres_support.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <fstream>
#include <csignal>
#include <cmath>
#include <limits>
#include <thread>

using rw::store::Database;
using rw::store::Upsert;

namespace {

Database
open_migrated(const std::string& name)
{
  auto db = Database::open(name);
  REQUIRE_MESSAGE(db, (db ? "" : db.error().message));
  auto migrated = rw::store::migrate(*db);
  REQUIRE_MESSAGE(migrated, (migrated ? "" : migrated.error().message));
  return std::move(*db);
}


// What the writer says of five upserts of one quote: new, the same, a value
// changed, a value made NULL, the same again (by hand: the first writes the
// row, the second finds every value equal, ...).
std::vector<Upsert>
upserts(Database& db)
{
  auto writer = rw::store::Writer::create(db);
  REQUIRE(writer);
  const auto run = writer->begin_run({.kind = "import", .source = "rpw", .input = "x.csv", .started_at = "now"});
  REQUIRE_MESSAGE(run, (run ? "" : run.error().message));
  CHECK(*run > 0);
  std::vector<Upsert> said;
  auto q = rw::test::sample_quote();
  const auto upsert = [&] {
    auto result = writer->upsert_quote(q, *run);
    REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
    said.push_back(*result);
  };
  upsert();
  upsert();
  q.reported_total_cost_pct = 5.50;
  upsert();
  q.reported_fx_margin_pct.reset();
  upsert();
  upsert();
  CHECK(*db.query_int("SELECT count(*) FROM quotes") == 1);
  return said;
}

// Values through a statement and back: doubles exact to the last bit, text
// with quotes, placeholders' own characters and non-ASCII, and BLOB bytes.
void
round_trip(Database& db)
{
  // REAL would be a 4-byte float in PostgreSQL: the store's schema is
  // translated (postgres_dialect), and so is this table.
  const std::string table = "CREATE TABLE rt (n INTEGER, d REAL, s TEXT, b BLOB)";
  REQUIRE(db.exec(db.is_postgres() ? rw::store::postgres_dialect(table) : table));
  const std::vector<double> doubles = {0.1 + 0.2, 1e-300, std::numeric_limits<double>::denorm_min(),
                                       std::numeric_limits<double>::max(), -2.5, 31.7658, 1.0 / 3.0};
  const std::string text = "it's a '?1' \"$1\" \\ back — ünïcode ? ?2";
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes += static_cast<char>(i);
  }
  auto insert = db.prepare("INSERT INTO rt (n, d, s, b) VALUES (?1, ?2, ?3, ?4)");
  REQUIRE(insert);
  for (size_t i = 0; i < doubles.size(); ++i) {
    auto ok = insert->bind(1, static_cast<std::int64_t>(i) - (std::int64_t{1} << 40))
                .bind(2, doubles[i])
                .bind(3, text)
                .bind_blob(4, bytes)
                .run();
    REQUIRE_MESSAGE(ok, (ok ? "" : ok.error().message));
  }
  // '?1' in quotes is text, not a placeholder, on either backend.
  auto select = db.prepare("SELECT n, d, s, b, '?1' FROM rt WHERE s = ?1 ORDER BY n");
  REQUIRE(select);
  select->bind(1, text);
  size_t rows = 0;
  while (true) {
    auto row = select->step();
    REQUIRE_MESSAGE(row, (row ? "" : row.error().message));
    if (!*row) {
      break;
    }
    REQUIRE(rows < doubles.size());
    CHECK(select->column_int(0) == static_cast<std::int64_t>(rows) - (std::int64_t{1} << 40));
    CHECK(std::bit_cast<std::uint64_t>(select->column_double(1)) == std::bit_cast<std::uint64_t>(doubles[rows]));
    CHECK(select->column_text(2) == text);
    CHECK(select->column_blob(3) == bytes);
    CHECK(select->column_text(4) == "?1");
    ++rows;
  }
  CHECK(rows == doubles.size());
}


// Three batches through Writer::upsert_quotes: 40 new quotes over 4 services
// and 2 corridors; then the same 40 with every 5th fee changed, every 7th
// margin made NULL and 10 new ones; then one with a natural key twice.
// Returns what the writer said of each quote, and the quotes as stored.
std::pair<std::vector<Upsert>, std::vector<std::string>>
batches(Database& db)
{
  auto writer = rw::store::Writer::create(db);
  REQUIRE(writer);
  auto transaction = rw::store::Transaction::begin(db);
  REQUIRE(transaction);
  const auto run = writer->begin_run({.kind = "import", .source = "rpw", .input = "x.csv", .started_at = "now"});
  REQUIRE(run);
  const auto make = [](int i) {
    auto q = rw::test::sample_quote();
    q.natural_key = fmt::format("2011Q3|{}|cc1", i);
    q.service_key = fmt::format("s{}||", i % 4);
    q.receiver = i % 2 == 0 ? "UGA" : "TZA";
    q.fee = 300 + i;
    return q;
  };
  std::vector<Upsert> said;
  const auto write = [&](const std::vector<rw::store::QuoteRecord>& batch) {
    auto results = writer->upsert_quotes(batch, *run);
    REQUIRE_MESSAGE(results, (results ? "" : results.error().message));
    REQUIRE(results->size() == batch.size());
    said.insert(said.end(), results->begin(), results->end());
  };
  std::vector<rw::store::QuoteRecord> first;
  first.reserve(40);
  for (int i = 0; i < 40; ++i) {
    first.push_back(make(i));
  }
  write(first);
  std::vector<rw::store::QuoteRecord> second;
  for (int i = 0; i < 50; ++i) {
    auto q = make(i);
    q.fee += i % 5 == 0 ? 1 : 0;
    if (i % 7 == 0) {
      q.reported_fx_margin_pct.reset();
    }
    second.push_back(q);
  }
  write(second);
  auto again = make(60);
  write({make(60), again, make(61)}); // 60 twice: the second is the same, so unchanged
  REQUIRE(transaction->commit());
  std::vector<std::string> stored;
  REQUIRE(rw::store::for_each_quote(db, 200, "", "", [&](const rw::store::QuoteRecord& q) {
    stored.push_back(fmt::format("{} {}-{} {} {} {} {}", q.natural_key, q.sender, q.receiver, q.service_key, q.fee,
                                 q.reported_fx_margin_pct.value_or(-1), q.provider));
  }));
  return {said, stored};
}

} // namespace

TEST_SUITE("store::postgres")
{
  TEST_CASE("SQLite's placeholders become PostgreSQL's, outside quoted text, identifiers and comments")
  {
    using rw::store::detail::postgres_placeholders;
    CHECK(postgres_placeholders("SELECT ?1, ?12 FROM t WHERE a = ?2") == "SELECT $1, $12 FROM t WHERE a = $2");
    CHECK(postgres_placeholders("VALUES (?, ?, ?5, ?)") == "VALUES ($1, $2, $5, $6)"); // a bare ? is the next
    CHECK(postgres_placeholders("SELECT '?1', 'it''s ?', \"?2\" -- ?3\n, ?4")
          == "SELECT '?1', 'it''s ?', \"?2\" -- ?3\n, $4");
  }

  TEST_CASE("doubles as PostgreSQL reads them back exactly, infinities and NaN by name")
  {
    using rw::store::detail::postgres_double;
    CHECK(postgres_double(0.1 + 0.2) == "0.30000000000000004");
    CHECK(postgres_double(-2.5) == "-2.5");
    CHECK(postgres_double(std::numeric_limits<double>::infinity()) == "Infinity");
    CHECK(postgres_double(-std::numeric_limits<double>::infinity()) == "-Infinity");
    CHECK(postgres_double(std::nan("")) == "NaN");
  }
}

TEST_SUITE("postgres")
{
  TEST_CASE("the writer's upserts say inserted, unchanged, updated the same on SQLite and on PostgreSQL")
  {
    const std::vector<Upsert> expected = {Upsert::inserted, Upsert::unchanged, Upsert::updated, Upsert::updated,
                                          Upsert::unchanged};
    auto sqlite = open_migrated(":memory:");
    CHECK(upserts(sqlite) == expected);
    rw::test::PostgresDatabase server;
    auto postgres = open_migrated(server.url());
    CHECK(postgres.is_postgres());
    CHECK(upserts(postgres) == expected);
  }

  TEST_CASE("batches of quotes through PostgreSQL's staging table: the rows and the answers of SQLite's row by row")
  {
    auto sqlite = open_migrated(":memory:");
    const auto expected = batches(sqlite);
    // By hand: 40 inserted; of the next 50, those of 0..39 with i % 5 == 0
    // (8: 0, 5, …, 35) or i % 7 == 0 (6: 0, 7, …, 35) updated, 0 and 35 being
    // both: 8 + 6 − 2 = 12; 40..49 inserted; then 60 inserted, 60 again
    // unchanged, 61 inserted.
    REQUIRE(expected.first.size() == 93);
    CHECK(std::count(expected.first.begin(), expected.first.end(), Upsert::inserted) == 40 + 10 + 2);
    CHECK(std::count(expected.first.begin(), expected.first.end(), Upsert::updated) == 12);
    CHECK(expected.second.size() == 52);
    rw::test::PostgresDatabase server;
    auto postgres = open_migrated(server.url());
    const auto got = batches(postgres);
    CHECK(got.first == expected.first);
    CHECK(got.second == expected.second);
  }

  TEST_CASE("integers, doubles, text and BLOBs through a statement and back, bit for bit, on both backends")
  {
    auto sqlite = open_migrated(":memory:");
    round_trip(sqlite);
    rw::test::PostgresDatabase server;
    auto postgres = open_migrated(server.url());
    round_trip(postgres);
  }

  TEST_CASE("a statement's error names the server and the statement, and the connection goes on")
  {
    rw::test::PostgresDatabase server;
    auto db = open_migrated(server.url());
    auto bad = db.prepare("SELECT no_such_column FROM quotes");
    REQUIRE(bad); // parsed by the server when it runs
    const auto row = bad->step();
    REQUIRE_FALSE(row);
    CHECK(row.error().message.starts_with("PostgreSQL server "));
    CHECK(row.error().message.find("no_such_column") != std::string::npos);
    CHECK(*db.query_int("SELECT count(*) FROM quotes") == 0);
  }

  TEST_CASE("a second writer waits for the first one's transaction, then gives up saying so (5 s)")
  {
    rw::test::PostgresDatabase server;
    auto first = open_migrated(server.url());
    auto second = open_migrated(server.url());
    auto held = rw::store::Transaction::begin(first);
    REQUIRE(held);
    const auto waiting = rw::store::Transaction::begin(second);
    REQUIRE_FALSE(waiting);
    CHECK(second.busy());
    CHECK(waiting.error().message.find("another process is writing") != std::string::npos);
    REQUIRE(held->commit());
    CHECK(rw::store::Transaction::begin(second)); // free again
  }

  TEST_CASE("a reader's connection cannot write")
  {
    rw::test::PostgresDatabase server;
    (void)open_migrated(server.url());
    auto reader = Database::open(server.url(), {.read_only = true});
    REQUIRE(reader);
    CHECK(*reader->query_int("SELECT count(*) FROM quotes") == 0);
    const auto write = reader->exec("INSERT INTO providers (name) VALUES ('x')");
    REQUIRE_FALSE(write);
    CHECK(write.error().message.find("read-only transaction") != std::string::npos);
  }

  TEST_CASE("libpq's own parameters pass through: in the URL, and a service file named by the environment")
  {
    rw::test::PostgresDatabase server;
    // In the URL: application_name, options (a setting for the session) and sslmode.
    auto db = Database::open(server.url() + "&application_name=rw-test&options=-c%20statement_timeout%3D1234"
                             + "&sslmode=disable");
    REQUIRE_MESSAGE(db, (db ? "" : db.error().message));
    auto settings = db->prepare("SELECT current_setting('application_name'), current_setting('statement_timeout')");
    REQUIRE(settings);
    REQUIRE(*settings->step());
    CHECK(settings->column_text(0) == "rw-test");
    CHECK(settings->column_text(1) == "1234ms");

    // A service file (PGSERVICEFILE) holding the server, database and user:
    // the command line says only "service=rw".
    const std::string url = server.url();
    const size_t host = url.find("host=") + 5;
    const size_t user = url.find("://") + 3;
    rw::test::TempDir dir;
    const auto services = dir / "pg_service.conf";
    std::ofstream(services) << "[rw]\nhost=" << url.substr(host, url.find('&', host) - host)
                            << "\ndbname=" << server.name()
                            << "\nuser=" << url.substr(user, url.find('@') - user) << "\n";
    rw::test::ChildOptions options;
    options.environment = {{"PGSERVICEFILE", services.string()}};
    options.stderr_path = (dir / "stderr.txt").string();
    const int status = rw::test::run_remitwatch(
      {"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
       "postgresql://?service=rw"},
      options);
    CHECK_MESSAGE(status == 0, rw::test::file_text(options.stderr_path));
    CHECK(*open_migrated(server.url()).query_int("SELECT count(*) FROM quotes") == 29);
  }

  TEST_CASE("a password from the URL, PGPASSWORD or a password file; never printed, never stored")
  {
    // The role rw_password must give its password: tests/postgres/cluster.sh
    // makes the server ask it (scram-sha-256), whatever the other roles.
    rw::test::PostgresDatabase server;
    auto admin = rw::test::postgres_connect(rw::test::postgres_url());
    const std::string secret = "pw-s3cret-42";
    for (const std::string& sql :
         {std::string("DO $$ BEGIN CREATE ROLE rw_password LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"),
          "ALTER ROLE rw_password PASSWORD '" + secret + "'",
          "ALTER DATABASE " + server.name() + " OWNER TO rw_password"}) {
      auto done = admin.exec(sql);
      REQUIRE_MESSAGE(done, (done ? "" : done.error().message));
    }
    const std::string url = rw::test::with_user(server.url(), "rw_password");
    const std::string with_password = rw::test::with_user(server.url(), "rw_password:" + secret);
    rw::test::TempDir dir;
    const auto pgpass = dir / "pgpass";
    std::ofstream(pgpass) << "*:*:*:rw_password:" << secret << "\n";
    std::filesystem::permissions(pgpass, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto survey = (rw::test::source_dir() / "examples/survey.csv").string();
    // An import of the example; its exit status and all it printed.
    const auto import = [&](const std::string& db, std::vector<std::pair<std::string, std::string>> environment) {
      rw::test::ChildOptions options;
      if (std::ranges::none_of(environment, [](const auto& e) { return e.first == "PGPASSFILE"; })) {
        environment.emplace_back("PGPASSFILE", (dir / "none").string()); // not the user's ~/.pgpass
      }
      options.environment = std::move(environment);
      options.stdout_path = (dir / "out.txt").string();
      options.stderr_path = (dir / "err.txt").string();
      const int status = rw::test::run_remitwatch({"import", "survey", survey, "--db", db}, options);
      return std::pair{status, rw::test::file_text(options.stdout_path) + rw::test::file_text(options.stderr_path)};
    };

    // No password anywhere: refused, naming the server, database and user.
    const auto refused = import(url, {});
    CHECK(refused.first == 1);
    CHECK(refused.second.find("database " + server.name() + " (user rw_password)") != std::string::npos);
    CHECK(refused.second.find("password") != std::string::npos);
    // A wrong one: refused the same way, and the wrong password not shown.
    const auto wrong = import(url, {{"PGPASSWORD", "not-it-77"}});
    CHECK(wrong.first == 1);
    CHECK(wrong.second.find("not-it-77") == std::string::npos);
    // From PGPASSWORD, a password file and the URL: each imports, and says nothing of it.
    for (const auto& [db, environment] :
         std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>{
           {url, {{"PGPASSWORD", secret}}}, {url, {{"PGPASSFILE", pgpass.string()}}}, {with_password, {}}}) {
      const auto imported = import(db, environment);
      CAPTURE(imported.second);
      CHECK(imported.first == 0);
      CHECK(imported.second.find(secret) == std::string::npos);
    }
    // Stored nowhere: not in any text column of the store.
    auto db = Database::open(with_password);
    REQUIRE(db);
    CHECK(*db->query_int("SELECT count(*) FROM runs") >= 1);
    const auto dumped = rw::test::dump_of(*db);
    CHECK(dumped.find(secret) == std::string::npos);
    CHECK(dumped.find("rw_password") == std::string::npos);
  }

  TEST_CASE("two imports of one file at once into PostgreSQL: every quote once, and the second finds them all")
  {
    // 2,000 rows, two quotes each (USD 200 and 500) less the implausible rows
    // the generator writes on purpose: counted from a SQLite import of the
    // same file, not assumed.
    rw::test::TempDir dir;
    const auto file = rw::test::generated_rpw(dir.path(), 2000, 2);
    const auto reference = (dir / "reference.db").string();
    const int imported = rw::test::run_remitwatch({"import", "rpw", file.string(), "--db", reference});
    REQUIRE((imported == 0 || imported == 4));
    auto sqlite = Database::open(reference);
    REQUIRE(sqlite);
    const auto quotes = *sqlite->query_int("SELECT count(*) FROM quotes");
    CHECK(quotes > 3000);

    rw::test::PostgresDatabase server;
    int status[2] = {-1, -1};
    std::thread second([&] {
      status[1] = rw::test::run_remitwatch({"import", "rpw", file.string(), "--db", server.url()});
    });
    status[0] = rw::test::run_remitwatch({"import", "rpw", file.string(), "--db", server.url()});
    second.join();
    CHECK((status[0] == 0 || status[0] == 4));
    CHECK((status[1] == 0 || status[1] == 4));
    auto postgres = Database::open(server.url());
    REQUIRE(postgres);
    CHECK(*postgres->query_int("SELECT count(*) FROM quotes") == quotes);
    CHECK(*postgres->query_int("SELECT count(DISTINCT (source, natural_key)) FROM quotes") == quotes);
    // The writers took turns: one run imported every quote; the other, after
    // it, found the file imported already (a run that imports nothing) or
    // each quote unchanged. Either way no quote was counted twice.
    CHECK(*postgres->query_int("SELECT sum(imported) FROM runs") == quotes);
    CHECK(*postgres->query_int("SELECT count(*) FROM runs WHERE status NOT IN ('ok', 'partial')") == 0);
  }

  TEST_CASE("an import killed with SIGKILL leaves nothing in PostgreSQL; the next one imports everything")
  {
    rw::test::TempDir dir;
    // 40,000 rows: about 6 s to import into the test server, killed after 1 s.
    const auto file = rw::test::generated_rpw(dir.path(), 40000, 4);
    rw::test::PostgresDatabase server;
    {
      auto db = open_migrated(server.url()); // the schema first, so the kill falls in the import
    }
    rw::test::ChildOptions options;
    options.kill_after = std::chrono::milliseconds(1000);
    REQUIRE(rw::test::run_remitwatch({"import", "rpw", file.string(), "--db", server.url()}, options) == -SIGKILL);
    auto db = Database::open(server.url());
    REQUIRE(db);
    for (const char* table : {"quotes", "services", "providers", "runs", "quote_figures"}) {
      CAPTURE(table);
      CHECK(*db->query_int(fmt::format("SELECT count(*) FROM {}", table)) == 0);
    }
    const int again = rw::test::run_remitwatch({"import", "rpw", file.string(), "--db", server.url()});
    CHECK((again == 0 || again == 4));
    CHECK(*db->query_int("SELECT count(*) FROM quotes") > 79000); // two a row, less the implausible ones
    CHECK(*db->query_int("SELECT count(*) FROM runs") == 1);
  }
}
