#include "collector/importer.hpp"
#include "datasets/stored_costs.hpp"
#include "store/dump.hpp"
#include "store/import_runs.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

using rw::collector::ImportKind;
using rw::collector::import_file;

using rw::test::dump_of;
using rw::test::joined;
using rw::test::read_commands;

namespace {


using rw::test::k_now;

// The quarters of quotes not packed, or packed without all their quotes
// (counted in the quotes table, beside the packed row's own count).
std::int64_t
unpacked_quarters(rw::store::Database& db)
{
  const auto unpacked = db.query_int(
    "SELECT count(*) FROM (SELECT DISTINCT standard_amount_usd, period FROM quotes) q "
    "WHERE NOT EXISTS (SELECT 1 FROM quote_figures f WHERE f.standard_amount_usd = q.standard_amount_usd "
    "AND f.period = q.period AND f.figures IS NOT NULL "
    "AND f.quotes = (SELECT count(*) FROM quotes x WHERE x.standard_amount_usd = q.standard_amount_usd "
    "AND x.period = q.period))");
  REQUIRE(unpacked);
  return *unpacked;
}

// The newest run's id.
std::int64_t
newest_run_id(rw::store::Database& db)
{
  const auto id = db.query_int("SELECT max(id) FROM runs");
  REQUIRE(id);
  return *id;
}

} // namespace

TEST_SUITE("collector::importer")
{
  TEST_CASE("an RPW file lands whole, a second import changes nothing, a newer release updates")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto fixture = rw::test::source_dir() / "tests/fixtures/rpw-sample.csv";
    const auto first = import_file(*db, ImportKind::rpw, fixture, rw::test::builtin_catalogue(), k_now);
    REQUIRE(first);
    // 11 rows: row 8 rejected (fee 'abc'); row 1 has cc1 and cc2: 10 + 1 = 11 quotes.
    CHECK(first->rows_read == 11);
    CHECK(first->rejected == 1);
    CHECK(first->rejected_rows[0].line == 9);
    CHECK(first->imported == 11);
    CHECK(first->flagged == 1); // row 7: 2.0 + 1.0 ≠ 3.2
    // The store's first run. Ids after it are compared with the runs table:
    // PostgreSQL's sequences do not give back the id of a run rolled back
    // (a repeat that wrote nothing), so they may leave gaps SQLite does not.
    CHECK(first->run_id == newest_run_id(*db));
    const std::string after_first = dump_of(*db);

    const auto second = import_file(*db, ImportKind::rpw, fixture, rw::test::builtin_catalogue(), "2025-01-16T12:00:00Z");
    REQUIRE(second);
    CHECK(second->imported == 0);
    CHECK(second->updated == 0);
    CHECK(second->unchanged == 11);
    CHECK(second->run_id == 0);
    CHECK(second->previous_run_id == first->run_id);
    CHECK(dump_of(*db) == after_first); // identical database

    // A "newer release": one total changed, one row added.
    auto text = rw::util::read_file(fixture);
    REQUIRE(text);
    std::string newer = *text;
    const auto at = newer.find("1.5,4.5,");
    REQUIRE(at != std::string::npos);
    newer.replace(at, 8, "1.5,4.6,");
    newer += "13,2012_1Q,KEN,Kenya,UGA,Uganda,Gamma Post,Post office,Next day,18000.0,200.0,KES,540.0,"
             "32.505,1.5,4.5,,,,,,,,33.0,yes,Cash,07/Feb/2012,KENUGA,\n";
    rw::test::write_file(dir / "newer.csv", newer);
    const auto third = import_file(*db, ImportKind::rpw, dir / "newer.csv", rw::test::builtin_catalogue(), k_now);
    REQUIRE(third);
    CHECK(third->imported == 1);
    CHECK(third->updated == 1);
    CHECK(third->unchanged == 10); // 11 stored quotes, one of them changed
    CHECK(third->run_id > first->run_id);
    CHECK(third->run_id == newest_run_id(*db));
    CHECK(db->query_int("SELECT count(*) FROM runs") == 2);
  }

  TEST_CASE("the same file again is read, not written, unless what it reads differs from its last run")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto fixture = rw::test::source_dir() / "tests/fixtures/rpw-sample.csv";
    // A catalogue without Tanzania: row 21 (TZA-KEN) is rejected as well as
    // row 8 (fee 'abc'), so 10 quotes of the 11 land.
    auto countries = rw::util::read_file(rw::test::source_dir() / "corridors/data/countries.csv");
    auto corridors = rw::util::read_file(rw::test::source_dir() / "corridors/data/corridors.csv");
    REQUIRE(countries);
    REQUIRE(corridors);
    std::string without_tanzania;
    for (const auto& line : rw::util::split(*countries, '\n')) {
      if (!line.empty() && !line.starts_with("TZA,")) {
        without_tanzania += std::string(line) + "\n";
      }
    }
    std::string corridors_without;
    for (const auto& line : rw::util::split(*corridors, '\n')) {
      if (!line.empty() && !line.starts_with("TZA,") && line.find(",TZA,") == std::string_view::npos) {
        corridors_without += std::string(line) + "\n";
      }
    }
    auto narrow = rw::corridors::Catalogue::load(without_tanzania, "countries.csv", corridors_without, "corridors.csv");
    REQUIRE(narrow);
    const auto first = import_file(*db, ImportKind::rpw, fixture, *narrow, k_now);
    REQUIRE(first);
    CHECK(first->rejected == 2);
    CHECK(first->imported == 10);

    // The newest run read this file, but with the whole catalogue the rows
    // read differ (one rejection fewer): written, not skipped.
    const auto second = import_file(*db, ImportKind::rpw, fixture, rw::test::builtin_catalogue(), k_now);
    REQUIRE(second);
    CHECK(second->rejected == 1);
    CHECK(second->imported == 1);
    CHECK(second->unchanged == 10);
    CHECK(second->run_id > first->run_id);
    CHECK(second->run_id == newest_run_id(*db));
    const std::string after_second = dump_of(*db);

    // The same file imported again, unchanged: the counts, rejections and
    // flags of run 2, no run recorded, the database as it was.
    const auto check_unchanged = [&](const std::string& before) {
      const auto again = import_file(*db, ImportKind::rpw, fixture, rw::test::builtin_catalogue(), k_now);
      REQUIRE(again);
      CHECK(again->run_id == 0);
      CHECK(again->previous_run_id == second->run_id);
      CHECK(again->rows_read == 11);
      CHECK(again->unchanged == 11);
      CHECK(again->rejected == 1);
      REQUIRE(again->rejected_rows.size() == 1);
      CHECK(again->rejected_rows[0].line == 9);
      CHECK(again->flagged == 1);
      CHECK(dump_of(*db) == before);
    };
    // Now the same again: read, nothing written (the newest run is its own).
    check_unchanged(after_second);
    // Not the newest run any more (a survey came after): written again this
    // time, every row found unchanged, and again no trace left.
    REQUIRE(import_file(*db, ImportKind::survey, rw::test::source_dir() / "examples/survey.csv",
                        rw::test::builtin_catalogue(), k_now));
    check_unchanged(dump_of(*db));
  }

  // SQLite's schema table and INDEXED BY; on PostgreSQL the import drops no
  // index (tests/unit/test_store_postgres_store.cpp checks the batches).
  TEST_CASE("an import gives back the triggers and indexes it set aside, and marks what it wrote for packing"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    // The triggers, and the indexes a first import drops and builds again.
    const auto set_aside = [&] {
      auto statement = db->prepare("SELECT name || ':' || sql FROM sqlite_schema "
                                   "WHERE type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY name");
      REQUIRE(statement);
      std::string all;
      while (*statement->step()) {
        all += statement->column_text(0) + "\n";
      }
      return all;
    };
    const std::string before = set_aside();
    REQUIRE(before.find("quote_figures_after_insert") != std::string::npos);
    REQUIRE(before.find("quote_figures_after_update") != std::string::npos);
    REQUIRE(before.find("quotes_by_period") != std::string::npos);
    REQUIRE(before.find("quotes_by_service") != std::string::npos);
    const auto fixture = rw::test::source_dir() / "tests/fixtures/rpw-sample.csv";
    auto text = rw::util::read_file(fixture);
    REQUIRE(text);
    // A file broken halfway (a quoted field never closed) rolls back, into
    // the empty store (indexes dropped) and into a full one alike: what was
    // set aside is there as before.
    rw::test::write_file(dir / "broken.csv", *text + "30,2012_1Q,KEN,Kenya,UGA,\"Uganda\n");
    CHECK_FALSE(import_file(*db, ImportKind::rpw, dir / "broken.csv", rw::test::builtin_catalogue(), k_now));
    CHECK(set_aside() == before);

    REQUIRE(import_file(*db, ImportKind::rpw, fixture, rw::test::builtin_catalogue(), k_now));
    CHECK(set_aside() == before);
    // The indexes built after the load hold every quote.
    const auto quotes = db->query_int("SELECT count(*) FROM quotes");
    REQUIRE(quotes);
    CHECK(*quotes > 0);
    CHECK(db->query_int("SELECT count(*) FROM quotes INDEXED BY quotes_by_period WHERE period > ''") == *quotes);
    CHECK(db->query_int("SELECT count(*) FROM quotes INDEXED BY quotes_by_service WHERE service_id > 0") == *quotes);
    CHECK(unpacked_quarters(*db) == 0);

    CHECK_FALSE(import_file(*db, ImportKind::rpw, dir / "broken.csv", rw::test::builtin_catalogue(), k_now));
    CHECK(set_aside() == before);
  }

  TEST_CASE("every quarter an import writes is packed with all its quotes, after a failed import too")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto fixture = rw::test::source_dir() / "tests/fixtures/rpw-sample.csv";
    auto text = rw::util::read_file(fixture);
    REQUIRE(text);
    rw::test::write_file(dir / "broken.csv", *text + "30,2012_1Q,KEN,Kenya,UGA,\"Uganda\n");
    CHECK_FALSE(import_file(*db, ImportKind::rpw, dir / "broken.csv", rw::test::builtin_catalogue(), k_now));
    REQUIRE(import_file(*db, ImportKind::rpw, fixture, rw::test::builtin_catalogue(), k_now));
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 11);
    CHECK(unpacked_quarters(*db) == 0);
  }

  TEST_CASE("a file that is not what the kind expects is refused before anything is written")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(import_file(*db, ImportKind::survey, rw::test::source_dir() / "examples/survey.csv", rw::test::builtin_catalogue(), k_now));
    const std::string before = dump_of(*db);
    rw::test::write_file(dir / "empty.csv", "");
    rw::test::write_file(dir / "binary.csv", std::string("PK\x03\x04\x00\x00garbage", 13));
    const std::pair<ImportKind, const char*> cases[] = {
      {ImportKind::rpw, "tests/fixtures/databank-sample.csv"},
      {ImportKind::databank, "tests/fixtures/rpw-sample.csv"},
      {ImportKind::survey, "tests/fixtures/rpw-sample.csv"},
    };
    for (const auto& [kind, file] : cases) {
      CAPTURE(file);
      const auto result = import_file(*db, kind, rw::test::source_dir() / file, rw::test::builtin_catalogue(), k_now);
      REQUIRE_FALSE(result);
      CHECK(result.error().kind == rw::util::ErrorKind::parse);
      CHECK(result.error().message.find(":1: not a") != std::string::npos);
    }
    for (const char* file : {"empty.csv", "binary.csv"}) {
      CAPTURE(file);
      const auto result = import_file(*db, ImportKind::rpw, dir / file, rw::test::builtin_catalogue(), k_now);
      REQUIRE_FALSE(result);
      CHECK(result.error().message.find(file) != std::string::npos);
    }
    CHECK(dump_of(*db) == before);
  }

  TEST_CASE("stored quotes read back as the same service costs as the file")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto path = rw::test::source_dir() / "examples/survey.csv";
    REQUIRE(import_file(*db, ImportKind::survey, path, rw::test::builtin_catalogue(), k_now));
    const auto stored = rw::datasets::load_service_costs(*db, 200);
    REQUIRE(stored);
    CHECK(stored->size() == 28); // 29 rows, one of them a USD 500 quote
    const auto q4 = rw::calculator::aggregate_quarter(*stored, rw::corridors::Quarter(2024, 4), rw::test::builtin_catalogue());
    // Hand-derived in docs/formats/survey-csv.md's example: USA-MEX 2024Q4 = 9.81125.
    REQUIRE_FALSE(q4.corridors.empty());
    CHECK(q4.corridors.back().corridor.to_string() == "USA-MEX");
    CHECK(*q4.corridors.back().average == doctest::Approx(9.81125));
    CHECK(q4.excluded_non_transparent == 1);
  }
}

TEST_SUITE("realdata::import")
{
  TEST_CASE("DataBank: 377 corridors with data over 35 quarters")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto summary = import_file(*db, ImportKind::databank,
                                     rw::test::shared_data_dir() / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv",
                                     rw::test::builtin_catalogue(), k_now);
    REQUIRE(summary);
    CHECK(summary->rows_read == 5328);
    CHECK(summary->rejected == 0);
    CHECK(*db->query_int("SELECT count(*) FROM (SELECT DISTINCT sender, receiver FROM corridor_series)") == 377);
    CHECK(*db->query_int("SELECT count(DISTINCT period) FROM corridor_series") == 35);
  }

  TEST_CASE("RPW through the store: all 23 corridor-quarters equal DataBank within 1e-7; twice is identical")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto data = rw::test::shared_data_dir();
    const auto rpw = data / "rpw/rpw_east_africa_2011Q1-2013Q1.csv";
    REQUIRE(import_file(*db, ImportKind::databank, data / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv",
                        rw::test::builtin_catalogue(), k_now));
    const auto first = import_file(*db, ImportKind::rpw, rpw, rw::test::builtin_catalogue(), k_now);
    REQUIRE(first);
    CHECK(first->rows_read == 281);
    CHECK(first->rejected == 0);
    const std::string once = dump_of(*db);
    const auto again = import_file(*db, ImportKind::rpw, rpw, rw::test::builtin_catalogue(), k_now);
    REQUIRE(again);
    CHECK(again->unchanged == first->imported);
    CHECK(dump_of(*db) == once);

    const auto services = rw::datasets::load_service_costs(*db, 200);
    REQUIRE(services);
    std::set<rw::corridors::Quarter> quarters;
    for (const auto& s : *services) {
      quarters.insert(s.quarter);
    }
    size_t compared = 0;
    for (const auto& quarter : quarters) {
      const auto aggregates = rw::calculator::aggregate_quarter(*services, quarter, rw::test::builtin_catalogue());
      for (const auto& corridor : aggregates.corridors) {
        const auto published = rw::store::load_series(*db, "ATCR.CORR", corridor.corridor.sender, corridor.corridor.receiver);
        REQUIRE(published);
        for (const auto& value : *published) {
          if (value.period != quarter.to_string()) {
            continue;
          }
          CAPTURE(corridor.corridor.to_string());
          CAPTURE(value.period);
          REQUIRE(corridor.average.has_value());
          CHECK(std::fabs(*corridor.average - value.value) / value.value < 1e-7);
          ++compared;
        }
      }
    }
    CHECK(compared == 23);
  }

  TEST_CASE("broken copies of the RPW file: refused whole or rejected by line")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(import_file(*db, ImportKind::survey, rw::test::source_dir() / "examples/survey.csv", rw::test::builtin_catalogue(), k_now));
    const std::string before = dump_of(*db);
    const auto original = rw::util::read_file(rw::test::shared_data_dir() / "rpw/rpw_east_africa_2011Q1-2013Q1.csv");
    REQUIRE(original);

    SUBCASE("cut in the middle of a quoted field: refused, database unchanged")
    {
      // The extract quotes nothing; quote the firm of a row in the middle (the
      // same CSV) and cut the copy inside that field.
      const auto middle = original->find("\n", original->size() / 2) + 1;
      const auto firm = middle + 133; // somewhere past the first columns
      const auto comma = original->rfind(',', firm);
      std::string quoted = original->substr(0, comma + 1) + "\"Kenya Commercial";
      rw::test::write_file(dir / "cut.csv", quoted);
      const auto result = import_file(*db, ImportKind::rpw, dir / "cut.csv", rw::test::builtin_catalogue(), k_now);
      REQUIRE_FALSE(result);
      CHECK(result.error().message.find("quoted field not closed") != std::string::npos);
      CHECK(result.error().message.find("cut.csv:") != std::string::npos);
      CHECK(dump_of(*db) == before);
    }
    SUBCASE("the DataBank file cut inside one of its quoted country names")
    {
      const auto databank = rw::util::read_file(rw::test::shared_data_dir()
                                                / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv");
      REQUIRE(databank);
      const auto quote = databank->find(",\"", databank->size() / 2);
      REQUIRE(quote != std::string::npos);
      rw::test::write_file(dir / "cut-databank.csv", databank->substr(0, quote + 5));
      const auto result = import_file(*db, ImportKind::databank, dir / "cut-databank.csv", rw::test::builtin_catalogue(), k_now);
      REQUIRE_FALSE(result);
      CHECK(result.error().message.find("quoted field not closed") != std::string::npos);
      CHECK(dump_of(*db) == before);
    }
    SUBCASE("a non-numeric fee, an unknown ISO code, a row with 40 columns: rejected with their lines")
    {
      std::vector<std::string> lines;
      size_t start = 0;
      while (start < original->size()) {
        const size_t end = original->find('\n', start);
        lines.push_back(original->substr(start, end - start));
        start = end == std::string::npos ? original->size() : end + 1;
      }
      REQUIRE(lines.size() > 10);
      // Line numbers are 1-based and the header is line 1: lines[i] is line i + 1.
      auto replace_field = [&](std::string& line, size_t index, const std::string& value) {
        size_t from = 0;
        for (size_t i = 0; i < index; ++i) {
          from = line.find(',', from) + 1;
        }
        const size_t to = line.find(',', from);
        line.replace(from, to - from, value);
      };
      replace_field(lines[2], 21, "lots");  // cc1 lcu fee → line 3
      replace_field(lines[4], 8, "XYZ");    // destination_code → line 5
      lines[6] += ",extra";                 // an unlabelled 40th cell → line 7: ignored, noted
      lines[8].erase(lines[8].rfind(','));  // 38 cells → line 9
      std::string broken;
      for (const auto& line : lines) {
        broken += line + "\n";
      }
      rw::test::write_file(dir / "broken.csv", broken);
      const auto result = import_file(*db, ImportKind::rpw, dir / "broken.csv", rw::test::builtin_catalogue(), k_now);
      REQUIRE(result);
      REQUIRE(result->rejected == 3);
      CHECK(result->rejected_rows[0].message.find("broken.csv:3: cc1 lcu fee 'lots' is not a number") != std::string::npos);
      CHECK(result->rejected_rows[1].message.find("broken.csv:5: unknown country code 'XYZ'") != std::string::npos);
      CHECK(result->rejected_rows[2].message.find("broken.csv:9: 38 fields, the header names 39 columns")
            != std::string::npos);
      REQUIRE(result->notes.size() == 1);
      CHECK(result->notes[0].ends_with("broken.csv: 1 row carries 1 unlabelled trailing cell, ignored (first at line 7)"));
      CHECK(result->rows_read == 281);
    }
  }
}

namespace {

// Records a run as begin_run and finish_run do (status "": still running);
// its id.
std::int64_t
record_run(rw::store::Writer& writer, rw::store::RunRecord record, const std::string& status)
{
  auto id = writer.begin_run(record);
  REQUIRE(id);
  record.id = *id;
  if (!status.empty()) {
    REQUIRE(writer.finish_run(record, status, "", k_now));
  }
  return *id;
}

} // namespace

TEST_SUITE("store::import_runs")
{
  TEST_CASE("the earlier import of a file: the newest ok or partial run of the same source and SHA-256")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    using rw::store::previous_import_run;
    CHECK(*previous_import_run(*db, "rpw", "aa") == 0); // no run at all

    auto writer = rw::store::Writer::create(*db);
    REQUIRE(writer);
    const auto run = [&](const std::string& kind, const std::string& source, const std::string& sha,
                         const std::string& status) {
      return record_run(
        *writer, {.kind = kind, .source = source, .input = "f", .input_sha256 = sha, .started_at = k_now}, status);
    };
    const auto first = run("import", "rpw", "aa", "ok");
    CHECK(*previous_import_run(*db, "rpw", "aa") == first);
    run("import", "rpw", "aa", "failed");  // a failed run does not count
    run("import", "rpw", "aa", "");        // nor one still running
    run("import", "databank", "aa", "ok"); // another source
    run("import", "rpw", "bb", "ok");      // another file
    CHECK(*previous_import_run(*db, "rpw", "aa") == first);
    const auto partial = run("import", "rpw", "aa", "partial");
    CHECK(*previous_import_run(*db, "rpw", "aa") == partial); // the newest
    CHECK(*previous_import_run(*db, "survey", "aa") == 0);
  }

  TEST_CASE("the newest run, when it is a finished import of the source: what a repeat is compared with")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    using rw::store::newest_run_if_import;
    CHECK_FALSE(newest_run_if_import(*db, "rpw")->has_value()); // no run at all
    auto writer = rw::store::Writer::create(*db);
    REQUIRE(writer);
    const auto run = [&](const std::string& kind, const std::string& source, const std::string& status) {
      rw::store::RunRecord record{
        .kind = kind, .source = source, .input = "f", .input_sha256 = "aa", .started_at = k_now};
      record.rows_read = 7;
      record.imported = 5;
      record.unchanged = 3;
      record.rejected = 2;
      return record_run(*writer, record, status);
    };
    const auto first = run("import", "rpw", "ok");
    auto newest = newest_run_if_import(*db, "rpw");
    REQUIRE(newest);
    REQUIRE(newest->has_value());
    CHECK((*newest)->id == first);
    CHECK((*newest)->input_sha256 == "aa");
    CHECK((*newest)->rows_read == 7);
    CHECK((*newest)->imported + (*newest)->updated + (*newest)->unchanged == 8);
    CHECK((*newest)->rejected == 2);
    CHECK_FALSE(newest_run_if_import(*db, "survey")->has_value()); // another source
    run("collect", "rpw", "ok"); // anything newer: not a repeat
    CHECK_FALSE(newest_run_if_import(*db, "rpw")->has_value());
    run("import", "rpw", "failed");
    CHECK_FALSE(newest_run_if_import(*db, "rpw")->has_value());
  }
}
