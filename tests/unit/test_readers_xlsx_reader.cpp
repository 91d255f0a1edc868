#include "collector/importer.hpp"
#include "readers/xlsx_reader.hpp"
#include "reports/xlsx_writer.hpp"
#include "store/database.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "tests/unit/xlsx_workbook.hpp"
#include "util/csv.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>

using rw::readers::read_xlsx_sheet;

namespace {

using rw::test::write_workbook;

std::vector<std::pair<size_t, std::vector<std::string>>>
read_all(const std::filesystem::path& path, const std::string& sheet)
{
  std::vector<std::pair<size_t, std::vector<std::string>>> rows;
  const auto ok = read_xlsx_sheet(path, sheet, [&](size_t row, const std::vector<std::string>& cells) {
    rows.emplace_back(row, cells);
    return rw::util::Expected<bool>(true);
  });
  REQUIRE_MESSAGE(ok, (ok ? std::string() : ok.error().message));
  return rows;
}

} // namespace

TEST_SUITE("collector::xlsx_reader")
{
  TEST_CASE("strings, numbers, gaps, UTF-8 and quotes come back as text in their columns"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    const auto path = dir / "t.xlsx";
    write_workbook(path,
                   {{"Dataset (up to Q1 2016)",
                     {{"id", "period", "firm", "cc1 lcu amount", "cc1 lcu fx rate", "cc1 total cost %"},
                      {"14981", "2011_1Q", "MoneyGram", "295000", "0.000651", "8.36"},
                      {"14982", "2011_1Q", "Bank, \"Ltd\"", "", "0.00065", "11.03"},
                      {},
                      {"14983", "2011_1Q", "Côte d'Ivoire Transfert", "295000", "", ""}}},
                    {"Notes", {{"written for remitwatch's tests"}}}});
    const auto names = rw::readers::xlsx_sheet_names(path);
    REQUIRE(names);
    CHECK(*names == std::vector<std::string>{"Dataset (up to Q1 2016)", "Notes"});

    const auto rows = read_all(path, "Dataset (up to Q1 2016)");
    REQUIRE(rows.size() == 4); // the empty row 4 is not in the sheet's XML
    CHECK(rows[0].first == 1);
    CHECK(rows[0].second[5] == "cc1 total cost %");
    REQUIRE(rows[1].second.size() == 6);
    CHECK(rows[1].second[1] == "2011_1Q");
    CHECK(rows[1].second[2] == "MoneyGram");
    // Numbers come back as the XML stores them ("6.51E-4" is how xlsx writes
    // 0.000651); they read back to the same doubles.
    CHECK(rw::util::parse_double(rows[1].second[0]) == 14981.0);
    CHECK(rw::util::parse_double(rows[1].second[3]) == 295000.0);
    CHECK(rw::util::parse_double(rows[1].second[4]) == 0.000651);
    CHECK(rw::util::parse_double(rows[1].second[5]) == 8.36);
    CHECK(rows[2].second[2] == "Bank, \"Ltd\"");
    CHECK(rows[2].second[3].empty()); // a gap inside the row
    CHECK(rw::util::parse_double(rows[2].second[4]) == 0.00065);
    CHECK(rows[3].first == 5); // row numbers are the sheet's
    CHECK(rows[3].second[2] == "Côte d'Ivoire Transfert");
    CHECK(rows[3].second.size() == 4); // trailing empty cells are not there
  }

  TEST_CASE("early stop, missing sheet, and files that are not workbooks" * rw::test::no_store())
  {
    rw::test::TempDir dir;
    const auto path = dir / "t.xlsx";
    write_workbook(path, {{"A", {{"1"}, {"2"}, {"3"}}}, {"B", {{"x"}}}});
    size_t seen = 0;
    REQUIRE(read_xlsx_sheet(path, "A", [&](size_t, const std::vector<std::string>&) {
      ++seen;
      return rw::util::Expected<bool>(seen < 2);
    }));
    CHECK(seen == 2);

    const auto missing = read_xlsx_sheet(path, "C", [](size_t, const auto&) { return rw::util::Expected<bool>(true); });
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("no sheet 'C' (sheets: 'A', 'B')") != std::string::npos);

    {
      std::ofstream(dir / "plain.xlsx") << "id,period\n1,2011_1Q\n";
    }
    const auto plain = rw::readers::xlsx_sheet_names(dir / "plain.xlsx");
    REQUIRE_FALSE(plain);
    CHECK(plain.error().message.find("plain.xlsx: not an xlsx workbook") != std::string::npos);

    auto bytes = rw::util::read_file(path);
    REQUIRE(bytes);
    {
      std::ofstream(dir / "cut.xlsx", std::ios::binary) << bytes->substr(0, bytes->size() / 2);
    }
    const auto cut = rw::readers::xlsx_sheet_names(dir / "cut.xlsx");
    REQUIRE_FALSE(cut);
    CHECK(cut.error().message.find("cut.xlsx") != std::string::npos);
  }

  TEST_CASE("a large sheet is streamed completely" * rw::test::no_store())
  {
    // 100,000 rows × 10 columns written in libxlsxwriter's constant-memory mode.
    rw::test::TempDir dir;
    const auto path = dir / "big.xlsx";
    std::vector<std::vector<std::string>> rows;
    rows.reserve(100'000);
    for (size_t r = 0; r < 100'000; ++r) {
      std::vector<std::string> row;
      row.reserve(10);
      for (size_t c = 0; c < 10; ++c) {
        row.push_back(c % 2 == 0 ? std::to_string(r * 10 + c) : fmt::format("s{}", c));
      }
      rows.push_back(std::move(row));
    }
    write_workbook(path, {{"Dataset (from Q2 2016)", rows}}, true);
    size_t count = 0;
    std::vector<std::string> last;
    REQUIRE(read_xlsx_sheet(path, "Dataset (from Q2 2016)", [&](size_t, const std::vector<std::string>& cells) {
      ++count;
      last = cells;
      return rw::util::Expected<bool>(true);
    }));
    CHECK(count == 100'000);
    REQUIRE(last.size() == 10);
    CHECK(last[0] == "999990");
    CHECK(last[9] == "s9");
  }

  TEST_CASE("the RPW workbook: both sheets import, and give the same rows as the CSV export")
  {
    rw::test::TempDir dir;
    // The fixture CSV, turned into a workbook with the RPW sheet names: rows of
    // 2011 in the first sheet, the rest in the second.
    const auto csv = rw::util::read_file(rw::test::source_dir() / "tests/fixtures/rpw-sample.csv");
    REQUIRE(csv);
    rw::util::CsvReader reader(*csv, "rpw-sample.csv");
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> old_rows;
    std::vector<std::vector<std::string>> new_rows;
    REQUIRE(*reader.next(fields));
    old_rows.push_back(fields);
    new_rows.push_back(fields);
    while (*reader.next(fields)) {
      (fields[1].starts_with("2011") ? old_rows : new_rows).push_back(fields);
    }
    write_workbook(dir / "rpw.xlsx",
                   {{"Dataset (up to Q1 2016)", old_rows}, {"Dataset (from Q2 2016)", new_rows}, {"Notes", {{"n"}}}});

    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto catalogue = rw::corridors::Catalogue::load_builtin();
    REQUIRE(catalogue);
    const auto from_csv = rw::collector::import_file(*db, rw::collector::ImportKind::rpw,
                                                     rw::test::source_dir() / "tests/fixtures/rpw-sample.csv",
                                                     *catalogue, "2025-01-15T12:00:00Z");
    REQUIRE(from_csv);
    CHECK(from_csv->imported == 11);
    const auto from_xlsx = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, dir / "rpw.xlsx",
                                                      *catalogue, "2025-01-15T12:00:00Z");
    REQUIRE_MESSAGE(from_xlsx, (from_xlsx ? std::string() : from_xlsx.error().message));
    CHECK(from_xlsx->rows_read == 11);
    CHECK(from_xlsx->imported == 0);
    CHECK(from_xlsx->updated == 0);
    CHECK(from_xlsx->unchanged == 11); // the same natural keys and values as from the CSV
    REQUIRE(from_xlsx->rejected == 1);
    CHECK(from_xlsx->rejected_rows[0].message.find("rpw.xlsx[Dataset (up to Q1 2016)]:9: cc1 lcu fee 'abc'")
          != std::string::npos);
  }

  TEST_CASE("a workbook without RPW sheets is refused")
  {
    rw::test::TempDir dir;
    write_workbook(dir / "other.xlsx", {{"Sheet1", {{"a"}}}});
    const auto catalogue = rw::corridors::Catalogue::load_builtin();
    REQUIRE(catalogue);
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    const auto result = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, dir / "other.xlsx",
                                                   *catalogue, "2025-01-15T12:00:00Z");
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("no sheet named 'Dataset") != std::string::npos);
  }
}
