// Issue #21: imports of endless input and of files cut short.

#include "collector/importer.hpp"
#include "store/dump.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>

using rw::collector::ImportKind;
using rw::collector::import_file;

using rw::test::dump_of;
using rw::test::joined;
using rw::test::read_commands;

namespace {

const char* const k_now = "2025-01-15T12:00:00Z";

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
      auto db = rw::store::Database::open(dir / "t.db");
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

  TEST_CASE("a file cut in the middle of a row: the file is read whole first, the cut row is rejected by line")
  {
    // The importer reads the whole text before it parses, so a file cut while
    // being imported is read either as it was or as it is after the cut: the
    // cut row is the last one, short of columns.
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
    auto db = rw::store::Database::open(dir / "t.db");
    REQUIRE(db);
    const auto result = import_file(*db, ImportKind::rpw, path, rw::test::builtin_catalogue(), k_now);
    REQUIRE(result);
    // 11 rows as in the whole file: row 8 (fee 'abc') and the cut row 12 rejected.
    CHECK(result->rows_read == 11);
    REQUIRE(result->rejected == 2);
    CHECK(result->rejected_rows[1].line == 12);
    CHECK(result->rejected_rows[1].message.starts_with(path.string() + ":12: "));
  }

  TEST_CASE("an import refused whole leaves no new database behind, and an existing one as it was")
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
}
