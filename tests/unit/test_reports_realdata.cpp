// The report on real data: DataBank's corridor series and raw RPW rows from
// ../shared/data, checked against figures computed here straight from the files.

#include "collector/importer.hpp"
#include "reports/render.hpp"
#include "reports/report.hpp"
#include "store/database.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/csv.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

using rw::corridors::Quarter;
using rw::reports::build_report;

namespace {

const char* const k_databank = "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv";

// A database holding the DataBank corridor series and the East Africa RPW rows.
struct RealData
{
  rw::test::TempDir dir;
  std::optional<rw::store::Database> db;

  RealData()
  {
    const auto data = rw::test::shared_data_dir();
    auto opened = rw::store::Database::open(dir.path() / "t.db");
    REQUIRE(opened);
    db.emplace(std::move(*opened));
    REQUIRE(rw::collector::import_file(*db, rw::collector::ImportKind::databank, data / k_databank,
                                       rw::test::builtin_catalogue(), "2025-01-15T12:00:00Z"));
    REQUIRE(rw::collector::import_file(*db, rw::collector::ImportKind::rpw, data / "rpw/rpw_east_africa_2011Q1-2013Q1.csv",
                                       rw::test::builtin_catalogue(), "2025-01-15T12:00:00Z"));
  }
};

// Every corridor's value in one quarter's column of the DataBank CSV, read
// here directly ("SND-RCV" → value; ".." and empty cells left out).
std::map<std::string, double>
databank_column(const std::filesystem::path& file, const std::string& column_name)
{
  auto text = rw::util::read_file(file);
  REQUIRE(text);
  rw::util::CsvReader reader(*text, file.string());
  auto header = reader.header("a DataBank export");
  REQUIRE(header);
  const auto column = [&](const std::string& name) {
    auto it = std::ranges::find(*header, name);
    REQUIRE(it != header->end());
    return static_cast<size_t>(it - header->begin());
  };
  const size_t sender = column("Sending Countries Code");
  const size_t receiver = column("Receiving Countries  Code");
  const size_t value = column(column_name);
  std::map<std::string, double> values;
  std::vector<std::string> fields;
  while (*reader.next(fields)) {
    if (fields.size() <= value || fields[sender].empty() || fields[value] == ".." || fields[value].empty()) {
      continue;
    }
    values[fields[sender] + "-" + fields[receiver]] = std::stod(fields[value]);
  }
  return values;
}

std::vector<std::string>
realdata_keys(const std::vector<rw::reports::CorridorRow>& rows)
{
  std::vector<std::string> out;
  for (const auto& row : rows) {
    out.push_back(row.corridor.to_string());
  }
  return out;
}

const rw::reports::TargetRow&
realdata_target(const rw::reports::Report& report, const std::string& id)
{
  auto it = std::ranges::find(report.targets, id, &rw::reports::TargetRow::id);
  REQUIRE(it != report.targets.end());
  return *it;
}

} // namespace

TEST_SUITE("realdata::report")
{
  TEST_CASE("2016Q3 from the DataBank series and RPW rows: corridors and those above 5 % as the CSV says")
  {
    const auto data = rw::test::shared_data_dir();
    const auto databank = data / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv";
    RealData real;
    const auto values = databank_column(databank, "2016Q3 [YR2016Q3]");
    const size_t corridors = values.size();
    double sum = 0;
    std::vector<std::string> above;
    for (const auto& [corridor, v] : values) {
      sum += v;
      if (v > 5) {
        above.push_back(corridor);
      }
    }
    std::ranges::sort(above);
    REQUIRE(corridors > 100); // the quarter is well covered: the test means something

    rw::reports::ReportOptions options;
    options.quarter = Quarter(2016, 3);
    options.generated_at = "2025-01-15T12:00:00Z";
    auto report = build_report(*real.db, rw::test::builtin_catalogue(), options);
    REQUIRE_MESSAGE(report, (report ? "" : report.error().message));
    CHECK(report->headline.basis == rw::reports::Basis::corridor_series);
    CHECK_FALSE(report->headline.global.value); // never pretends
    CHECK(report->corridors.all.size() == corridors);
    CHECK(report->headline.corridors_from_series == corridors);
    CHECK(report->corridors.above_5_count == above.size());
    auto listed = realdata_keys(report->corridors.above_5);
    std::ranges::sort(listed);
    CHECK(listed == above);
    CHECK(realdata_target(*report, "g20_2030_corridors").corridors_above == above); // ordered by key
    CHECK(report->headline.mean_of_corridor_averages.value
          == doctest::Approx(sum / static_cast<double>(corridors)).epsilon(1e-12));
    // The published figures for 2016Q3 are in the history, apart.
    auto row = std::ranges::find(report->history, Quarter(2016, 3), &rw::reports::HistoryRow::quarter);
    REQUIRE(row != report->history.end());
    CHECK(row->published_global == doctest::Approx(7.42));
    CHECK(row->computed_basis == "corridor series");

    // 2011Q3: the five RPW corridors are computed from services, every other
    // corridor is DataBank's value; KEN-UGA computed equals DataBank within 1e-7.
    options.quarter = Quarter(2011, 3);
    auto mixed = build_report(*real.db, rw::test::builtin_catalogue(), options);
    REQUIRE(mixed);
    CHECK(mixed->headline.basis == rw::reports::Basis::services);
    size_t computed = 0;
    for (const auto& c : mixed->corridors.all) {
      if (c.source == "services") {
        ++computed;
      }
      if (c.corridor.to_string() == "KEN-UGA") {
        CHECK(c.source == "services");
        CHECK(c.services == 11);
        CHECK(c.average == doctest::Approx(9.70090866).epsilon(1e-7));
      }
    }
    CHECK(computed == 5);
  }

  TEST_CASE("2012Q3: five corridors of RPW rows among 219 with a value: the headline leads with the mean of corridor "
            "averages")
  {
    RealData real;
    const auto values = databank_column(rw::test::shared_data_dir() / k_databank, "2012Q3 [YR2012Q3]");
    double sum = 0;
    for (const auto& [corridor, v] : values) {
      sum += v;
    }
    REQUIRE(values.size() > 100);
    rw::reports::ReportOptions options;
    options.quarter = Quarter(2012, 3);
    auto report = build_report(*real.db, rw::test::builtin_catalogue(), options);
    REQUIRE_MESSAGE(report, (report ? "" : report.error().message));
    const auto json = nlohmann::json::parse(rw::reports::render_json(*report));
    const auto& h = json["headline"];
    CHECK(h["partial_sample"] == true);
    CHECK(h["lead"] == "mean_of_corridor_averages");
    CHECK(h["global"]["coverage"]["corridors"] == 5);
    CHECK(h["mean_of_corridor_averages"]["coverage"]["corridors"] == values.size());
    CHECK(h["global"]["coverage"]["quarter_corridors"] == values.size());
    // The five RPW corridors enter as computed averages, equal to DataBank's
    // within 1e-7 (DataBank stores floats): the mean equals DataBank's mean.
    const double mean = sum / static_cast<double>(values.size());
    CHECK(h["mean_of_corridor_averages"]["value"].get<double>() == doctest::Approx(mean).epsilon(1e-7));
    CHECK(h["summary"].get<std::string>().starts_with(
      fmt::format("The service-level sample covers 5 of {} corridors", values.size())));
    // The G8 target is measured on that mean, not on the sample's average.
    CHECK(realdata_target(*report, "g8_5x5").current == doctest::Approx(mean).epsilon(1e-7));
    CHECK(*realdata_target(*report, "g8_5x5").share_achieved > 0);
  }
}
