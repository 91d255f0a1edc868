// The store under faults a user meets (issue: reliability, items 2, 4, 5):
// a schema version no remitwatch writes, readers while a writer holds the
// lock, two writers at once, and a database the user may read but not write.
// Each runs the real binary as a child process.

#include "store/database.hpp"
#include "store/dump.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

using rw::test::ChildOptions;
using rw::test::run_remitwatch;

using rw::test::dump_of;
using rw::test::joined;
using rw::test::read_commands;

namespace {

// The bundled example imported into DIR/NAME.
std::filesystem::path
example_db(const std::filesystem::path& dir, const std::string& name)
{
  const auto db = rw::test::store_at(dir / name);
  REQUIRE(run_remitwatch({"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
                          db.string()})
          == 0);
  return db;
}

} // namespace

TEST_SUITE("reliability")
{
  TEST_CASE("a schema version no remitwatch writes is refused by every command, nothing written"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    // Negative versions crashed (the migrations were indexed with them), ran
    // unrelated SQL, ran out of memory or were rewritten to 0.
    for (const long long version : {-2147483648LL, -100000LL, -100LL, -10LL, -2LL, -1LL}) {
      CAPTURE(version);
      const auto db = example_db(dir.path(), fmt::format("v{}.db", -version));
      {
        auto opened = rw::store::Database::open(db);
        REQUIRE(opened);
        REQUIRE(opened->exec(fmt::format("PRAGMA user_version = {}", version)));
      }
      const std::string before = dump_of(db);
      auto commands = read_commands(db);
      commands.push_back({"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
                          db.string()});
      for (const auto& args : commands) {
        CAPTURE(joined(args));
        const auto err = dir.path() / "stderr.txt";
        ChildOptions options;
        options.stderr_path = err.string();
        const int status = run_remitwatch(args, options);
        CHECK(status > 0); // an error exit, not a signal
        const std::string message = rw::test::file_text(err.string());
        CHECK_MESSAGE(message.find(fmt::format("schema version {} is not one remitwatch writes", version))
                        != std::string::npos,
                      message);
      }
      auto opened = rw::store::Database::open(db);
      REQUIRE(opened);
      CHECK(*opened->query_int("PRAGMA user_version") == version);
      CHECK(dump_of(db) == before);
    }
  }

  TEST_CASE("readers do not wait for a writer: every read command succeeds while the write lock is held")
  {
    rw::test::TempDir dir;
    const auto db = example_db(dir.path(), "busy.db");
    auto writer = rw::store::Database::open(db);
    REQUIRE(writer);
    // An import holds the write lock for its whole transaction; so does this
    // (SQLite's BEGIN IMMEDIATE, PostgreSQL's writer's advisory lock).
    REQUIRE(writer->begin_writing());
    REQUIRE(writer->exec("DELETE FROM quotes"));
    for (const auto& args : read_commands(db)) {
      CAPTURE(joined(args));
      const auto start = std::chrono::steady_clock::now();
      const auto err = dir.path() / "stderr.txt";
      ChildOptions options;
      options.stderr_path = err.string();
      CHECK_MESSAGE(run_remitwatch(args, options) == 0, rw::test::file_text(err.string()));
      // SQLite's busy timeout is 5 s: a reader that waited for the lock
      // would take at least that.
      CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
    }
    // They read the last committed snapshot, not the writer's deletion: the
    // report under the lock is the report before it.
    REQUIRE(writer->exec("ROLLBACK"));
    const auto before = dir.path() / "before.json";
    const auto during = dir.path() / "during.json";
    REQUIRE(run_remitwatch({"report", "--db", db.string(), "--format", "json", "--out", before.string()}) == 0);
    REQUIRE(writer->begin_writing());
    REQUIRE(writer->exec("DELETE FROM quotes"));
    REQUIRE(run_remitwatch({"report", "--db", db.string(), "--format", "json", "--out", during.string()}) == 0);
    CHECK(rw::test::file_text(during.string()) == rw::test::file_text(before.string()));
    CHECK(rw::test::file_text(during.string()).find("USA-MEX") != std::string::npos);
    REQUIRE(writer->exec("ROLLBACK"));
  }

  TEST_CASE("a second writer waits for the first, says so, and then goes on")
  {
    rw::test::TempDir dir;
    const auto db = example_db(dir.path(), "writers.db");
    auto writer = rw::store::Database::open(db);
    REQUIRE(writer);
    REQUIRE(writer->begin_writing());
    const auto err = dir.path() / "stderr.txt";
    // The example again with one more comment line: another file (another
    // SHA-256), so the import writes rather than finding it imported.
    const auto survey = dir.path() / "survey-again.csv";
    std::filesystem::copy_file(rw::test::source_dir() / "examples/survey.csv", survey);
    {
      std::ofstream out(survey, std::ios::app);
      out << "# imported again by the test\n";
    }
    int status = -1;
    std::thread other([&] {
      ChildOptions options;
      options.stderr_path = err.string();
      status = run_remitwatch({"import", "survey", survey.string(), "--db", db.string()}, options);
    });
    // Longer than SQLite's 5 s busy timeout, which used to fail the second.
    std::this_thread::sleep_for(std::chrono::milliseconds(6000));
    REQUIRE(writer->exec("COMMIT"));
    other.join();
    const std::string message = rw::test::file_text(err.string());
    CHECK_MESSAGE(status == 0, message);
    CHECK_MESSAGE(message.find("waiting: another process is writing to") != std::string::npos, message);
    CHECK(message.find(rw::test::store_name(db)) != std::string::npos);
  }

  TEST_CASE("a database the user may only read: every read command works, nothing is created beside it"
            * rw::test::sqlite_only())
  {
    if (::getuid() != 0) {
      // The test switches to nobody to be a user without write access; as
      // any other user the permissions below would apply to the test itself.
      MESSAGE("runs as root only (switches to nobody)");
      return;
    }
    for (const bool folder_writable : {false, true}) {
      CAPTURE(folder_writable);
      rw::test::TempDir dir;
      const auto db = example_db(dir.path(), "shared.db");
      const std::string before = dump_of(db);
      ::chmod(db.c_str(), 0444);
      ::chmod(dir.path().c_str(), folder_writable ? 0777 : 0555);
      for (const auto& args : read_commands(db)) {
        CAPTURE(joined(args));
        const auto err = std::filesystem::temp_directory_path() / fmt::format("remitwatch-ro-{}.txt", ::getpid());
        ChildOptions options;
        options.unprivileged = true;
        options.stderr_path = err.string();
        const int status = run_remitwatch(args, options);
        const std::string message = rw::test::file_text(err.string());
        std::filesystem::remove(err);
        CHECK_MESSAGE(status == 0, message);
        // No -wal or -shm left behind, owned by a user the owner is not.
        CHECK(!std::filesystem::exists(db.string() + "-wal"));
        CHECK(!std::filesystem::exists(db.string() + "-shm"));
      }
      ::chmod(dir.path().c_str(), 0755);
      ::chmod(db.c_str(), 0644);
      CHECK(dump_of(db) == before);
    }
  }

  TEST_CASE("importing into a folder the user may not write says so in words"
            * rw::test::sqlite_only())
  {
    if (::getuid() != 0) {
      MESSAGE("runs as root only (switches to nobody)");
      return;
    }
    rw::test::TempDir dir;
    ::chmod(dir.path().c_str(), 0555);
    const auto db = dir.path() / "new.db";
    const auto err = std::filesystem::temp_directory_path() / fmt::format("remitwatch-nf-{}.txt", ::getpid());
    ChildOptions options;
    options.unprivileged = true;
    options.stderr_path = err.string();
    const int status = run_remitwatch(
      {"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db", db.string()}, options);
    const std::string message = rw::test::file_text(err.string());
    std::filesystem::remove(err);
    ::chmod(dir.path().c_str(), 0755);
    CHECK(status > 0);
    CHECK_MESSAGE(message.find("is not writable by this user") != std::string::npos, message);
    CHECK(!std::filesystem::exists(db));
  }
}
