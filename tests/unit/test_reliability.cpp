// Crash and fault consistency of the command-line program (issue: reliability):
// SIGKILL during imports, a full disk, a read-only database, two imports at
// once. Each runs the real binary as a child process.

#include "store/database.hpp"
#include "store/dump.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

using rw::test::ChildOptions;
using rw::test::run_remitwatch;

using rw::test::dump_of;
using rw::test::joined;
using rw::test::read_commands;

namespace {

// An RPW export of `rows` services, written for the tests: the fixture's
// first row with a new id, provider and fee per row (every row a distinct
// service of KEN→UGA in 2011Q3).
std::filesystem::path
big_rpw_csv(const std::filesystem::path& dir, int rows, int first_id = 1)
{
  const auto path = dir / fmt::format("rpw-{}-{}.csv", first_id, rows);
  std::ofstream out(path, std::ios::binary);
  out << "id,period,source_code,source_name,destination_code,destination_name,firm,firm_type,speed actual,"
         "cc1 lcu amount,cc1 denomination amount,cc1 lcu code,cc1 lcu fee,cc1 lcu fx rate,cc1 fx margin,"
         "cc1 total cost %,cc2 lcu amount,cc2 denomination amount,cc2 lcu code,cc2 lcu fee,cc2 lcu fx rate,"
         "cc2 fx margin,cc2 total cost %,inter lcu bank fx,transparent,pickup method,date,corridor,payment instrument\n";
  for (int i = first_id; i < first_id + rows; ++i) {
    const double fee = 100 + i % 500;
    const double fee_pct = fee / 18000 * 100;
    out << fmt::format("{},2011_3Q,KEN,Kenya,UGA,Uganda,Provider {},Money Transfer Operator,Same day,18000.0,200.0,"
                       "KES,{},31.7658,3.74,{:.6f},,,,,,,,33.0,yes,Cash,06/Sep/2011,KENUGA,\n",
                       i, i, fee, fee_pct + 3.74);
  }
  return path;
}

std::string
integrity_of(const std::filesystem::path& path)
{
  auto db = rw::store::Database::open(path);
  REQUIRE(db);
  auto result = rw::store::integrity_check(*db);
  REQUIRE(result);
  return *result;
}

// What a re-run must give back. On SQLite the whole dump. On PostgreSQL the
// ids come from sequences, which a killed import has advanced, so the rows
// without them: every quote as `export quotes` writes it (names, amounts,
// rates, costs, provenance), and how many rows each table holds.
std::string
comparable(const std::filesystem::path& db, const std::filesystem::path& dir)
{
  if (!rw::test::on_postgres()) {
    return dump_of(db);
  }
  const auto csv = dir / "export.csv";
  REQUIRE(run_remitwatch({"export", "quotes", "--db", db.string(), "--out", csv.string()}) == 0);
  auto opened = rw::store::Database::open(db);
  REQUIRE(opened);
  const auto counts = rw::store::table_counts(*opened);
  REQUIRE(counts);
  std::string text = rw::test::file_text(csv.string());
  for (const auto& [table, rows] : *counts) {
    text += fmt::format("{}: {}\n", table, rows);
  }
  return text;
}

} // namespace

TEST_SUITE("reliability")
{
  TEST_CASE("import killed with SIGKILL at random points, many times: each re-run gives a clean run's database")
  {
    rw::test::TempDir dir;
    const auto csv = big_rpw_csv(dir.path(), 10000);
    const auto clean = rw::test::store_at(dir.path() / "clean.db");
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run_remitwatch({"import", "rpw", csv.string(), "--db", clean.string()}) == 0);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    const std::string expected = comparable(clean, dir.path());

    // Kill times fall inside the clean run's duration (about 0.3 s in a Release
    // build, ten times that under ASan), so they land while the import runs
    // whatever the build; from 20 ms, once the program has started.
    std::mt19937 random(424242);
    std::uniform_int_distribution<int> when(20, std::max(40, static_cast<int>(took.count() * 9 / 10)));
    int killed = 0;
    for (int round = 0; round < 5; ++round) {
      const auto db = rw::test::store_at(dir.path() / fmt::format("killed-{}.db", round));
      // Killed once, twice, … then run to the end.
      for (int k = 0; k <= round % 3; ++k) {
        if (run_remitwatch({"import", "rpw", csv.string(), "--db", db.string()},
                           {std::chrono::milliseconds(when(random))})
            == -SIGKILL) {
          ++killed;
        }
      }
      REQUIRE(run_remitwatch({"import", "rpw", csv.string(), "--db", db.string()}) == 0);
      CHECK(integrity_of(db) == "ok");
      CHECK_MESSAGE(comparable(db, dir.path()) == expected, "round ", round);
    }
    CHECK(killed >= 4); // most attempts were cut short, so the test means something
  }

  TEST_CASE("a full disk: a clear error, a non-zero exit, the database as it was"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    const auto db = dir.path() / "full.db";
    REQUIRE(run_remitwatch({"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
                            db.string()})
            == 0);
    const std::string before = dump_of(db);
    const auto csv = big_rpw_csv(dir.path(), 20000);
    // Files may grow to the database's size and 64 KiB more: the import's
    // journal cannot.
    const auto limit = static_cast<rlim_t>(std::filesystem::file_size(db) + 64 * 1024);
    const auto err = (dir.path() / "stderr.txt").string();
    ChildOptions options;
    options.max_file_size = limit;
    options.stderr_path = err;
    const int status = run_remitwatch({"import", "rpw", csv.string(), "--db", db.string()}, options);
    CHECK(status == 1);
    const std::string message = rw::test::file_text(err);
    CHECK_MESSAGE(message.find("full.db") != std::string::npos, message);
    CHECK_MESSAGE(message.find("remitwatch: error:") != std::string::npos, message);
    CHECK(integrity_of(db) == "ok");
    CHECK(dump_of(db) == before);
  }

  TEST_CASE("a read-only database: a clear error, a non-zero exit, nothing written"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    const auto db = dir.path() / "ro.db";
    REQUIRE(run_remitwatch({"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
                            db.string()})
            == 0);
    const std::string before = dump_of(db);
    const auto csv = big_rpw_csv(dir.path(), 50);
    ::chmod(db.c_str(), 0444);
    ::chmod(csv.c_str(), 0644);
    ::chmod(dir.path().c_str(), 0555); // no new journal files either
    const auto err = std::filesystem::temp_directory_path() / fmt::format("remitwatch-ro-{}.txt", ::getpid());
    ChildOptions options;
    options.unprivileged = true; // root writes anything; nobody does not
    options.stderr_path = err.string();
    const int status = run_remitwatch({"import", "rpw", csv.string(), "--db", db.string()}, options);
    ::chmod(dir.path().c_str(), 0755);
    ::chmod(db.c_str(), 0644);
    CHECK(status != 0);
    CHECK(status != -SIGSEGV);
    const std::string message = rw::test::file_text(err.string());
    std::filesystem::remove(err);
    CHECK_MESSAGE(message.find("ro.db") != std::string::npos, message);
    CHECK(dump_of(db) == before);
  }

  TEST_CASE("two imports into one database at once: they take turns, no row lost or doubled")
  {
    rw::test::TempDir dir;
    const auto a = big_rpw_csv(dir.path(), 3000, 1);
    const auto b = big_rpw_csv(dir.path(), 3000, 100001);
    const auto db = rw::test::store_at(dir.path() / "shared.db");
    REQUIRE(run_remitwatch({"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
                            db.string()})
            == 0);
    int status_a = -1;
    std::thread other([&] { status_a = run_remitwatch({"import", "rpw", a.string(), "--db", db.string()}); });
    const int status_b = run_remitwatch({"import", "rpw", b.string(), "--db", db.string()});
    other.join();
    CHECK(status_a == 0);
    CHECK(status_b == 0);
    auto opened = rw::store::Database::open(db);
    REQUIRE(opened);
    CHECK(*opened->query_int("SELECT count(*) FROM quotes WHERE source = 'rpw'") == 6000);
    CHECK(*opened->query_int("SELECT count(*) FROM runs") == 3);
    CHECK(integrity_of(db) == "ok");
  }
}
