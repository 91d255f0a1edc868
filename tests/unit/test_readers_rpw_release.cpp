// The World Bank's release as published (issue #20): the column-name table,
// unlabelled trailing cells, spacer rows, dates, instrument case, both
// dataset sheets of a release-shaped workbook, and rejections summarised.

#include "collector/importer.hpp"
#include "readers/rejects.hpp"
#include "readers/rpw.hpp"
#include "readers/rpw_columns.hpp"
#include "store/database.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/xlsx_workbook.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <set>

namespace {

rw::corridors::Catalogue
catalogue()
{
  auto loaded = rw::corridors::Catalogue::load_builtin();
  REQUIRE(loaded);
  return std::move(*loaded);
}

// Invented rows, the columns the release's sheets have (a subset, in their names).
const std::vector<std::string> k_new_header = {
  "period", "source_code", "destination_code", "firm", "firm_type", "payment instrument", "pickup method",
  "cc1 lcu amount", "cc1 lcu code", "cc1 lcu fee", "cc1 lcu fx rate", "cc1 fx margin", "cc1 total cost %",
  "transparent", "date", "Standard Note"};
const std::vector<std::string> k_old_header = {
  "id", "PERIOD", "source_code", "destination_code", "firm", "firm_type", "product", "sending location",
  "PICK-UP\n METHOD", "coverage", "cc1 lcu amount", "cc1 lcu code", "CC1 LCU FEE", "cc1 lcu fx rate",
  "cc1 fx margin", "CC1 TOTAL COST %", "transparent", "date", "NOTE1"};

using rw::test::write_workbook;

} // namespace

TEST_SUITE("readers::rpw_columns")
{
  TEST_CASE("every name of the table is one field: no two entries fold to the same name"
            * rw::test::no_store())
  {
    std::set<std::string> seen;
    for (const auto& entry : rw::readers::rpw_column_names()) {
      CHECK(seen.insert(rw::util::fold_label(entry.field)).second);
      for (const auto name : entry.also) {
        if (!name.empty()) {
          CHECK(seen.insert(rw::util::fold_label(name)).second);
        }
      }
    }
  }

  TEST_CASE("the variants across releases find the same field" * rw::test::no_store())
  {
    const rw::util::CsvHeader header({"PERIOD", "PICK-UP\n METHOD", "NOTE1", "CC1 TOTAL COST %", "coverage"});
    CHECK(rw::readers::find_rpw_column(header, "period") == 0);
    CHECK(rw::readers::find_rpw_column(header, "pickup method") == 1);
    CHECK(rw::readers::find_rpw_column(header, "note") == 2);
    CHECK(rw::readers::find_rpw_column(header, "cc1 total cost %") == 3);
    CHECK(rw::readers::find_rpw_column(header, "receiving network coverage") == 4);
    CHECK_FALSE(rw::readers::find_rpw_column(header, "date"));
    const rw::util::CsvHeader standard({"Standard Note", "pickup method"});
    CHECK(rw::readers::find_rpw_column(standard, "note") == 0);
    CHECK(rw::readers::find_rpw_column(standard, "pickup method") == 1);
  }

  TEST_CASE("the named width stops at the last non-blank name" * rw::test::no_store())
  {
    CHECK(rw::readers::named_width({"a", "", "b", "", " "}) == 3);
    CHECK(rw::readers::named_width({"", ""}) == 0);
  }
}

TEST_SUITE("readers::rpw release")
{
  TEST_CASE("trailing unlabelled cells, a spacer row, dates and instrument case in a CSV"
            * rw::test::no_store())
  {
    const auto cat = catalogue();
    // Header: 16 names, then 2 blank ones; a spacer row; three rows, two with
    // trailing cells past the names (5 and 2 non-blank), one at the width.
    const std::string text =
      "period,source_code,destination_code,firm,firm_type,payment instrument,pickup method,cc1 lcu amount,"
      "cc1 lcu code,cc1 lcu fee,cc1 lcu fx rate,cc1 fx margin,cc1 total cost %,transparent,date,Standard Note,,\n"
      ",,,,,,,,,,,,,,,,,\n"
      "2025_3Q,KEN,UGA,Alpha,Bank,Credit Card,Cash,18000,KES,315,31.7,3.74,5.49,yes,24/Jan/2025,,,2025,AGO2025,x,y,z\n"
      "2025_3Q,KEN,UGA,Beta,Bank,credit card,Cash,18000,KES,900,31.7,2.0,7.0,yes,24-Jan-2025,,,2025,AGO2025\n"
      "2025_3Q,KEN,UGA,Gamma,Bank,Cash,Cash,18000,KES,900,31.7,2.0,7.0,yes,45681,\n";
    const auto file = rw::readers::read_rpw_csv(text, "r.csv", cat);
    REQUIRE(file);
    CHECK(file->rejected.empty());
    CHECK(file->rows == 3); // the spacer row is not a row
    REQUIRE(file->quotes.size() == 3);
    CHECK(file->quotes[0].quote.service.payment_instrument == "Credit Card");
    CHECK(file->quotes[1].quote.service.payment_instrument == "Credit Card"); // as first spelled
    CHECK(rw::util::format_timestamp(file->quotes[0].quote.collected_at) == "2025-01-24T00:00:00Z");
    CHECK(rw::util::format_timestamp(file->quotes[1].quote.collected_at) == "2025-01-24T00:00:00Z");
    // Excel serial 45681: 45681 days after 1899-12-30 is 2025-01-24.
    CHECK(rw::util::format_timestamp(file->quotes[2].quote.collected_at) == "2025-01-24T00:00:00Z");
    REQUIRE(file->notes.size() == 1);
    CHECK(file->notes[0] == "r.csv: 2 rows carry 2 to 5 unlabelled trailing cells, ignored (first at line 3)");
  }

  TEST_CASE("a row with fewer cells than the header names is rejected" * rw::test::no_store())
  {
    const auto cat = catalogue();
    const auto file = rw::readers::read_rpw_csv(
      "period,source_code,destination_code,firm,firm_type,transparent,cc1 lcu amount,cc1 lcu fee,cc1 fx margin,"
      "cc1 total cost %\n2025_3Q,KEN,UGA,Alpha,Bank,yes,18000,315\n",
      "short.csv", cat);
    REQUIRE(file);
    REQUIRE(file->rejected.size() == 1);
    CHECK(file->rejected[0].message == "short.csv:2: 8 fields, the header names 10 columns");
  }

  TEST_CASE("a release-shaped workbook: six sheets, both dataset sheets in one import, --sheet picks one")
  {
    rw::test::TempDir dir;
    const auto cat = catalogue();
    std::vector<std::vector<std::string>> old_rows{k_old_header};
    // Legacy rows: product for the instrument, 24/Jan/2011 dates, small ids.
    old_rows.push_back({"1", "2011_1Q", "KEN", "UGA", "Alpha", "Bank", "Cash", "Nairobi", "Cash", "Nationwide",
                        "18000", "KES", "315", "31.7", "3.74", "5.49", "yes", "24/Jan/2011", ""});
    old_rows.push_back({"2", "2011_1Q", "KEN", "UGA", "Beta", "Money Transfer Operator", "Debit card", "Nairobi",
                        "Cash", "Nationwide", "18000", "KES", "900", "31.7", "2.0", "7.0", "yes", "24/Jan/2011", ""});
    std::vector<std::vector<std::string>> new_rows{k_new_header};
    new_rows.push_back({"2025_1Q", "KEN", "UGA", "Alpha", "Bank", "Credit card", "Cash", "18000", "KES", "315",
                        "31.7", "3.74", "5.49", "yes", "45681", ""});
    // The newest quarter: five unlabelled cells past the 16 names.
    for (const std::string firm : {"Alpha", "Beta"}) {
      new_rows.push_back({"2025_3Q", "KEN", "UGA", firm, "Bank", "Credit Card", "Cash", "18000", "KES", "315",
                          "31.7", "3.74", "5.49", "yes", "45863", "", "2025", "KEN2025", "a", "b", "c"});
    }
    write_workbook(dir / "release.xlsx",
                   {{"Terms of Use", {{"terms"}}},
                    {"Methodology", {}},
                    {"Legend", {{"legend"}}},
                    {"Countries", {{"Countries"}, {"code", "name"}, {"KEN", "Kenya"}}},
                    {"Dataset (up to Q1 2016)", old_rows},
                    {"Dataset (from Q2 2016)", new_rows}});
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    SUBCASE("both sheets")
    {
      const auto result = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, dir / "release.xlsx", cat,
                                                     "2025-12-01T00:00:00Z");
      REQUIRE_MESSAGE(result, (result ? std::string() : result.error().message));
      CHECK(result->rows_read == 5);
      CHECK(result->rejected == 0);
      CHECK(result->imported == 5); // one quote (cc1) a row
      REQUIRE(result->notes.size() == 1);
      CHECK(result->notes[0]
            == fmt::format("{}[Dataset (from Q2 2016)]: 2 rows carry 5 unlabelled trailing cells, ignored (first at "
                           "line 3)",
                           (dir / "release.xlsx").string()));
    }
    SUBCASE("--sheet")
    {
      const auto result = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, dir / "release.xlsx", cat,
                                                     "2025-12-01T00:00:00Z", {}, {.sheet = "Dataset (up to Q1 2016)"});
      REQUIRE_MESSAGE(result, (result ? std::string() : result.error().message));
      CHECK(result->rows_read == 2);
      CHECK(result->imported == 2);
      CHECK(result->notes.empty());
      const auto missing = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, dir / "release.xlsx",
                                                      cat, "2025-12-01T00:00:00Z", {}, {.sheet = "Dataset"});
      REQUIRE_FALSE(missing);
      CHECK(missing.error().message.find("no sheet 'Dataset' (sheets: Terms of Use, Methodology, Legend") != std::string::npos);
    }
  }

  TEST_CASE("a workbook sheet is read one period and corridor at a time; one that comes back to a group is read whole")
  {
    // Streamed like the CSV (issue #20: a release's memory must not grow with
    // its rows): what tells services apart is kept for the current period and
    // corridor only. A sheet that comes back to KEN-UGA after KEN-TZA is
    // refused that way, and import_file reads it again remembering every group.
    rw::test::TempDir dir;
    const auto cat = catalogue();
    auto row = [](const std::string& receiver, const std::string& firm, const std::string& total) {
      return std::vector<std::string>{"2025_3Q", "KEN", receiver, firm, "Bank", "Cash", "Cash", "18000", "KES",
                                      "315", "31.7", "3.74", total, "yes", "45863", ""};
    };
    write_workbook(dir / "grouped.xlsx", {{"Dataset (from Q2 2016)",
                                           {k_new_header, row("UGA", "Alpha", "5.49"), row("UGA", "Beta", "7.0"),
                                            row("TZA", "Alpha", "6.0")}}});
    write_workbook(dir / "ungrouped.xlsx", {{"Dataset (from Q2 2016)",
                                             {k_new_header, row("UGA", "Alpha", "5.49"), row("TZA", "Alpha", "6.0"),
                                              row("UGA", "Beta", "7.0")}}});
    using rw::readers::RpwMemory;
    const auto grouped = rw::readers::read_rpw_xlsx(dir / "grouped.xlsx", cat, {}, {}, RpwMemory::current_group);
    REQUIRE_MESSAGE(grouped, (grouped ? std::string() : grouped.error().message));
    CHECK(grouped->quotes.size() == 3);
    const auto refused = rw::readers::read_rpw_xlsx(dir / "ungrouped.xlsx", cat, {}, {}, RpwMemory::current_group);
    REQUIRE_FALSE(refused);
    CHECK(rw::readers::is_ungrouped_rpw(refused.error()));
    const auto whole = rw::readers::read_rpw_xlsx(dir / "ungrouped.xlsx", cat, {}, {}, RpwMemory::whole_file);
    REQUIRE(whole);
    CHECK(whole->quotes.size() == 3);

    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto imported = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, dir / "ungrouped.xlsx",
                                                     cat, "2025-12-01T00:00:00Z");
    REQUIRE_MESSAGE(imported, (imported ? std::string() : imported.error().message));
    CHECK(imported->rows_read == 3);
    CHECK(imported->imported == 3);
    CHECK(imported->rejected == 0);
  }
}

TEST_SUITE("readers::rejects")
{
  TEST_CASE("1,000 bad rows: at most ~40 lines printed, counts by reason, every row in --rejects, exit 4")
  {
    // Issue #20: thousands of rejected rows printed one line each buried the
    // summary. 600 rows with a fee that is not a number, 400 with an unknown
    // sending country, and one good row.
    rw::test::TempDir dir;
    {
      std::ofstream out(dir / "bad.csv");
      out << "period,source_code,destination_code,firm,firm_type,transparent,cc1 lcu amount,cc1 lcu fee,"
             "cc1 fx margin,cc1 total cost %\n";
      out << "2025_3Q,KEN,UGA,Good,Bank,yes,18000,315,3.74,5.49\n";
      for (int i = 0; i < 600; ++i) {
        out << "2025_3Q,KEN,UGA,Firm " << i << ",Bank,yes,18000,lots,3.74,5.49\n";
      }
      for (int i = 0; i < 400; ++i) {
        out << "2025_3Q,XXX,UGA,Firm " << i << ",Bank,yes,18000,315,3.74,5.49\n";
      }
    }
    const auto out = dir / "out.txt";
    const auto err = dir / "err.txt";
    const int status = rw::test::run_remitwatch(
      {"import", "rpw", (dir / "bad.csv").string(), "--db", rw::test::store_at(dir / "t.db").string(), "--rejects",
       (dir / "rejects.csv").string()},
      {.stderr_path = err.string(), .stdout_path = out.string()});
    CHECK(status == 4);
    const std::string printed = rw::test::file_text(out.string()) + rw::test::file_text(err.string());
    const auto lines = static_cast<size_t>(std::ranges::count(printed, '\n'));
    CAPTURE(printed);
    CHECK(lines <= 40);
    CHECK(printed.find(fmt::format("600 rows: cc1 lcu fee is not a number (first at {}:3)", (dir / "bad.csv").string()))
          != std::string::npos);
    CHECK(printed.find(fmt::format("400 rows: unknown country code (first at {}:603)", (dir / "bad.csv").string()))
          != std::string::npos);
    // Every rejected row is in the CSV: its header and 1,000 lines.
    const std::string rejects = rw::test::file_text((dir / "rejects.csv").string());
    CHECK(std::ranges::count(rejects, '\n') == 1001);
  }

  TEST_CASE("a rejection taken apart: file, line, column, value, reason" * rw::test::no_store())
  {
    const auto parts = rw::readers::split_rejection({2, "rpw.csv:2: cc1 lcu fee 'abc' is not a number"});
    CHECK(parts.file == "rpw.csv");
    CHECK(parts.line == 2);
    CHECK(parts.column == "cc1 lcu fee");
    CHECK(parts.value == "abc");
    CHECK(parts.reason == "cc1 lcu fee is not a number");
    const auto sheet = rw::readers::split_rejection({9, "r.xlsx[Dataset (x)]:9: unknown country code 'XYZ'"});
    CHECK(sheet.file == "r.xlsx[Dataset (x)]");
    CHECK(sheet.column.empty()); // "unknown country code" names no column
    CHECK(sheet.value == "XYZ");
    CHECK(sheet.reason == "unknown country code");
  }

  TEST_CASE("rows counted by reason, most first, the figures in parentheses left out"
            * rw::test::no_store())
  {
    rw::readers::ReasonCounter counter;
    counter.add(rw::readers::reason_key("a (1)"), "f:3");
    counter.add(rw::readers::reason_key("b"), "f:4");
    counter.add(rw::readers::reason_key("b"), "f:5");
    const auto counts = counter.counts();
    REQUIRE(counts.size() == 2);
    CHECK(rw::readers::format_count(counts[0]) == "2 rows: b (first at f:4)");
    CHECK(rw::readers::format_count(counts[1]) == "1 row: a (first at f:3)");
  }

  TEST_CASE("the --rejects CSV" * rw::test::no_store())
  {
    CHECK(rw::readers::rejects_csv({{2, "a.csv:2: cc1 lcu fee '1,5' is not a number"}})
          == "file,line,column,value,reason\na.csv,2,cc1 lcu fee,\"1,5\",cc1 lcu fee is not a number\n");
  }
}
