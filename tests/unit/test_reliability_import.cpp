// Issue #21: imports of endless input and of files cut short.

#include "collector/importer.hpp"
#include "store/dump.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/generated_rpw.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

using rw::collector::ImportKind;
using rw::collector::import_file;

using rw::test::dump_of;
using rw::test::joined;
using rw::test::read_commands;

namespace {

// The peak resident memory `import rpw` must stay under in the bound test:
// measured 2026-12 with bench/rw_generate files of 5,000 rows a quarter, see
// docs/performance.md "Import memory". It was an address-space limit
// (RLIMIT_AS) until the import read on a second thread, whose stack and
// malloc arena reserve about 72 MB of addresses without using them.
constexpr long k_import_memory_limit_mb = 150;

using rw::test::generated_rpw;
using rw::test::k_now;

} // namespace

TEST_SUITE("collector::importer reliability")
{
  TEST_CASE("/dev/zero as rpw, databank or survey: refused at once, naming the path; nothing written")
  {
    // Before: read whole with util::read_file, /dev/zero grew to 6.8 GB
    // (rpw), 9.6 GB (databank), 10.3 GB (survey) without end.
    for (const ImportKind kind : {ImportKind::rpw, ImportKind::databank, ImportKind::survey}) {
      CAPTURE(rw::collector::to_string(kind));
      rw::test::TempDir dir;
      auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
      REQUIRE(db);
      const std::string before = dump_of(*db);
      const auto start = std::chrono::steady_clock::now();
      const auto result = import_file(*db, kind, "/dev/zero", rw::test::builtin_catalogue(), k_now);
      const auto took = std::chrono::steady_clock::now() - start;
      REQUIRE_FALSE(result);
      CHECK(result.error().message.find("/dev/zero") != std::string::npos);
      CHECK(result.error().message.find("not a text file") != std::string::npos);
      // The first NUL stops the read: one chunk, far below a second (a bound,
      // not a timing: an endless read never returns).
      CHECK(took < std::chrono::seconds(1));
      CHECK(dump_of(*db) == before);
    }
  }

  TEST_CASE("a file cut in the middle of a row: the cut row is rejected by line")
  {
    // A file cut before it is imported: the cut row is the last one, short
    // of columns. (Cut while it is read: the next test.)
    rw::test::TempDir dir;
    auto full = rw::util::read_file(rw::test::source_dir() / "tests/fixtures/rpw-sample.csv");
    REQUIRE(full);
    // Cut after the first 5 fields of the last line (line 12: id 21, TZA → KEN).
    const size_t last_line = full->rfind('\n', full->size() - 2) + 1;
    size_t cut = last_line;
    for (int comma = 0; comma < 5; ++comma) {
      cut = full->find(',', cut) + 1;
    }
    const auto path = dir / "cut.csv";
    std::ofstream(path, std::ios::binary) << full->substr(0, cut);
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto result = import_file(*db, ImportKind::rpw, path, rw::test::builtin_catalogue(), k_now);
    REQUIRE(result);
    // 11 rows as in the whole file: row 8 (fee 'abc') and the cut row 12 rejected.
    CHECK(result->rows_read == 11);
    REQUIRE(result->rejected == 2);
    CHECK(result->rejected_rows[1].line == 12);
    CHECK(result->rejected_rows[1].message.starts_with(path.string() + ":12: "));
  }

  TEST_CASE("an import refused whole leaves no new database behind, and an existing one as it was"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    const auto fresh = dir / "fresh.db";
    CHECK(rw::test::run_remitwatch({"import", "rpw", "/dev/zero", "--db", fresh.string()}) == 2);
    CHECK_FALSE(std::filesystem::exists(fresh));
    CHECK_FALSE(std::filesystem::exists(fresh.string() + "-wal"));
    const auto kept = dir / "kept.db";
    REQUIRE(rw::test::run_remitwatch({"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(),
                                      "--db", kept.string()})
            == 0);
    CHECK(rw::test::run_remitwatch({"import", "survey", "/dev/zero", "--db", kept.string()}) == 2);
    CHECK(std::filesystem::exists(kept));
  }

  TEST_CASE("a file that becomes shorter while it is imported: refused, 'became shorter', nothing committed")
  {
    // The file is streamed (chunks of 1 MiB): cut after the first batch of
    // quotes is written, the reads come back short of the size it had.
    rw::test::TempDir dir;
    const auto path = generated_rpw(dir.path(), 20000, 1); // about 6.5 MB
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    const std::string before = dump_of(*db);
    bool cut = false;
    const auto result = import_file(*db, ImportKind::rpw, path, rw::test::builtin_catalogue(), k_now,
                                    [&](size_t, size_t) {
                                      if (!cut) {
                                        std::filesystem::resize_file(path, 3u << 20);
                                        cut = true;
                                      }
                                    });
    REQUIRE(cut);
    REQUIRE_FALSE(result);
    CHECK(result.error().message == path.string() + ": the file became shorter while it was read");
    CHECK(dump_of(*db) == before);
  }

  TEST_CASE("import memory does not grow with the file: 4 times the rows under a limit the old import exceeded")
  {
    if (rw::test::k_address_sanitizer) {
      return; // no address-space limit under ASan (its shadow memory): nothing to assert
    }
    // 20,000 and 80,000 rows, 5,000 a quarter (the size of a real RPW
    // quarter). Before (the text held whole, every service's key remembered,
    // every service read by the packer) the import of 80,000 rows needed
    // more than the limit; now both fit in it with room to spare.
    rw::test::TempDir dir;
    rw::test::ChildOptions options;
    options.max_memory = rlim_t{1} << 30; // a guard for the machine, not what is asserted
    options.stderr_path = (dir / "stderr.txt").string();
    long peak_kb = 0;
    options.peak_rss_kb = &peak_kb;
    for (const size_t rows : {size_t{20000}, size_t{80000}}) {
      CAPTURE(rows);
      const auto path = generated_rpw(dir.path(), rows, rows / 5000);
      const auto db = rw::test::store_at(dir / fmt::format("t{}.db", rows));
      const int status = rw::test::run_remitwatch({"import", "rpw", path.string(), "--db", db.string()}, options);
      // 4: imported with rejected rows (the generator writes a few implausible ones on purpose).
      CHECK_MESSAGE((status == 0 || status == 4), rw::test::file_text(options.stderr_path));
      CAPTURE(peak_kb);
      CHECK(peak_kb > 0); // measured (rw_peak_rss wrote it)
      CHECK(peak_kb < k_import_memory_limit_mb * 1024);
    }
  }

  TEST_CASE("an RPW CSV that comes back to a corridor it left imports as one whose rows are together")
  {
    // Streamed, the reader keeps only the current period and corridor; a row
    // appended for a corridor met before makes the importer read the file
    // again remembering everything: the same database as the sorted file.
    rw::test::TempDir dir;
    auto full = rw::util::read_file(rw::test::source_dir() / "tests/fixtures/rpw-sample.csv");
    REQUIRE(full);
    const size_t header_end = full->find('\n') + 1;
    const size_t second_row = full->find('\n', header_end) + 1;
    // The first data row moved to the end: its corridor and period are left and come back.
    const std::string moved = full->substr(0, header_end) + full->substr(second_row)
                              + full->substr(header_end, second_row - header_end);
    std::ofstream(dir / "moved.csv", std::ios::binary) << moved;
    auto sorted_db = rw::store::Database::open(rw::test::store_at(dir / "sorted.db"));
    auto moved_db = rw::store::Database::open(rw::test::store_at(dir / "moved.db"));
    REQUIRE(sorted_db);
    REQUIRE(moved_db);
    const auto sorted = import_file(*sorted_db, ImportKind::rpw, rw::test::source_dir() / "tests/fixtures/rpw-sample.csv",
                                    rw::test::builtin_catalogue(), k_now);
    const auto again = import_file(*moved_db, ImportKind::rpw, dir / "moved.csv", rw::test::builtin_catalogue(), k_now);
    REQUIRE(sorted);
    REQUIRE_MESSAGE(again, again.error().message);
    CHECK(again->imported == sorted->imported);
    CHECK(again->rejected == sorted->rejected);
    const auto quotes = [](rw::store::Database& db) {
      auto n = db.query_int("SELECT count(*) FROM quotes");
      REQUIRE(n);
      return *n;
    };
    CHECK(quotes(*moved_db) == quotes(*sorted_db));
  }
}
