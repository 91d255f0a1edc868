// remitwatch export quotes run as a child process: the xlsx it writes read
// back, and a refused --out leaving no file.
#include "datasets/quote_export.hpp"
#include "readers/xlsx_reader.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

TEST_SUITE("app::export")
{
  TEST_CASE("export quotes --out FILE.xlsx: one sheet, the header, one row per quote, numbers readable")
  {
    rw::test::TempDir dir;
    const std::string db = rw::test::store_at(dir / "t.db").string();
    const std::string out = (dir / "quotes.XLSX").string(); // the extension in any case
    REQUIRE(rw::test::run_remitwatch(
              {"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db", db})
            == 0);
    REQUIRE(rw::test::run_remitwatch({"export", "quotes", "--db", db, "--corridor", "KEN-UGA", "--out", out}) == 0);
    const auto sheets = rw::readers::xlsx_sheet_names(out);
    REQUIRE(sheets);
    CHECK(*sheets == std::vector<std::string>{"quotes"});
    std::vector<std::vector<std::string>> rows;
    REQUIRE(rw::readers::read_xlsx_sheet(out, "quotes", [&](size_t, const std::vector<std::string>& cells) {
      rows.push_back(cells);
      return rw::util::Expected<bool>(true);
    }));
    // examples/survey.csv: KEN-UGA has 5 USD 200 quotes (2 in 2024Q3, 3 in 2024Q4).
    REQUIRE(rows.size() == 6);
    REQUIRE(rows[0].size() == rw::datasets::k_export_columns.size());
    for (size_t c = 0; c < rows[0].size(); ++c) {
      CHECK(rows[0][c] == rw::datasets::k_export_columns[c]);
    }
    const size_t total = rw::datasets::export_column("total_cost_pct");
    const size_t fee = rw::datasets::export_column("fee_pct");
    const size_t margin = rw::datasets::export_column("fx_margin_pct");
    for (size_t r = 1; r < rows.size(); ++r) {
      CHECK(rows[r][rw::datasets::export_column("corridor")] == "KEN-UGA");
      const auto t = rw::util::parse_double(rows[r][total]);
      const auto f = rw::util::parse_double(rows[r][fee]);
      const auto m = rw::util::parse_double(rows[r][margin]);
      REQUIRE(t);
      REQUIRE(f);
      REQUIRE(m);
      CHECK(*t == doctest::Approx(*f + *m)); // total = fee % + FX margin % for computed quotes
    }
  }

  TEST_CASE("an --out with an unknown extension is refused and nothing is written")
  {
    rw::test::TempDir dir;
    const std::string db = rw::test::store_at(dir / "t.db").string();
    REQUIRE(rw::test::run_remitwatch(
              {"import", "survey", (rw::test::source_dir() / "examples/survey.csv").string(), "--db", db})
            == 0);
    const auto out = dir / "quotes.pdf";
    CHECK(rw::test::run_remitwatch({"export", "quotes", "--db", db, "--out", out.string()}) == 2);
    CHECK_FALSE(std::filesystem::exists(out));
    // A CSV export leaves the file and no temporary beside it.
    const auto csv = dir / "quotes.csv";
    CHECK(rw::test::run_remitwatch({"export", "quotes", "--db", db, "--out", csv.string()}) == 0);
    CHECK(std::filesystem::exists(csv));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      CAPTURE(entry.path().string());
      CHECK(entry.path().filename().string().find(".partial-") == std::string::npos);
    }
  }
}
