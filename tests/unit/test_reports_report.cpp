#include "collector/importer.hpp"
#include "readers/xlsx_reader.hpp"
#include "reports/render.hpp"
#include "reports/report.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/csv.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

using rw::corridors::Quarter;
using rw::reports::build_report;
using rw::reports::Report;

namespace {

using rw::test::k_survey_header;

// Two quarters, two corridors; every row sends 200, so fee % = fee / 2 and
// margin % = (benchmark − rate) / benchmark × 100:
//
// 2024Q4                         fee %  margin  total     2024Q3 total
//   USA-MEX Bank A (3-5 days)    10/2=5    0      5          12/2 = 6
//   USA-MEX MTO B  (< 1 hour)     4/2=2    1      3          6/2+1 = 4
//   USA-MEX MTO C  (< 1 hour)     2/2=1    0      1          4/2 = 2
//   USA-MEX Opaque D (not transparent: excluded)
//   KEN-UGA Bank E (same day)    10/2=5    3      8          8/2+3 = 7
//   KEN-UGA Mobile F (same day)   6/2=3    3      6          4/2+3 = 5
constexpr const char* k_report_survey =
  "USA-MEX,Bank A,Bank,account,account,3-5 days,200,USD,10,20,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,MTO B,Money Transfer Operator,cash,cash,Less than one hour,200,USD,4,19.8,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,MTO C,Money Transfer Operator,card,cash,Less than one hour,200,USD,2,20,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,Opaque D,Money Transfer Operator,cash,cash,Same day,200,USD,3,20,20,test,,2024-11-15T10:00:00Z,no,yes,200\n"
  "KEN-UGA,Bank E,Bank,account,account,Same day,200,USD,10,97,100,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "KEN-UGA,Mobile F,Mobile Operator,mobile,mobile,Same day,200,USD,6,97,100,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,Bank A,Bank,account,account,3-5 days,200,USD,12,20,20,test,,2024-08-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,MTO B,Money Transfer Operator,cash,cash,Less than one hour,200,USD,6,19.8,20,test,,2024-08-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,MTO C,Money Transfer Operator,card,cash,Less than one hour,200,USD,4,20,20,test,,2024-08-15T10:00:00Z,yes,yes,200\n"
  "KEN-UGA,Bank E,Bank,account,account,Same day,200,USD,8,97,100,test,,2024-08-15T10:00:00Z,yes,yes,200\n"
  "KEN-UGA,Mobile F,Mobile Operator,mobile,mobile,Same day,200,USD,4,97,100,test,,2024-08-15T10:00:00Z,yes,yes,200\n";

struct ReportFixture
{
  rw::test::TempDir dir;
  std::optional<rw::store::Database> db;

  explicit ReportFixture(const std::string& survey_rows)
  {
    const auto survey = dir.path() / "survey.csv";
    std::ofstream(survey, std::ios::binary) << k_survey_header << survey_rows;
    auto opened = rw::store::Database::open(rw::test::store_at(dir.path() / "test.db"));
    REQUIRE(opened);
    db.emplace(std::move(*opened));
    auto imported = rw::collector::import_file(*db, rw::collector::ImportKind::survey, survey, rw::test::builtin_catalogue(),
                                               "2025-01-15T12:00:00Z");
    REQUIRE(imported);
  }

  Report report(rw::reports::ReportOptions options = {})
  {
    options.generated_at = "2025-01-15T12:00:00Z";
    options.version = "test";
    auto built = build_report(*db, rw::test::builtin_catalogue(), options);
    REQUIRE_MESSAGE(built, (built ? "" : built.error().message));
    return *built;
  }
};

const rw::reports::TargetRow&
target_row(const Report& report, const std::string& id)
{
  auto it = std::ranges::find(report.targets, id, &rw::reports::TargetRow::id);
  REQUIRE(it != report.targets.end());
  return *it;
}

const rw::reports::GroupRow&
group(const std::vector<rw::reports::GroupRow>& rows, const std::string& id)
{
  auto it = std::ranges::find(rows, id, &rw::reports::GroupRow::id);
  REQUIRE(it != rows.end());
  return *it;
}

std::vector<std::string>
corridor_keys(const std::vector<rw::reports::CorridorRow>& rows)
{
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(row.corridor.to_string());
  }
  return out;
}

rw::store::SeriesRecord
databank_record(const char* sender, const char* receiver, const char* period, double value)
{
  return {"ATCR.CORR", sender, receiver, period, value};
}

} // namespace

TEST_SUITE("reports::report")
{
  TEST_CASE("built from hand-made inputs, without a database: a corridor-series quarter"
            * rw::test::no_store())
  {
    // Two quarters of DataBank corridor averages, no service rows:
    //            USA-MEX  KEN-UGA   mean of corridor averages
    //   2024Q3     4.0      6.0     (4 + 6) / 2 = 5.0
    //   2024Q4     3.0      8.0     (3 + 8) / 2 = 5.5   change +0.5
    // Only USA-MEX has a flow in the catalogue, so the weighted average is
    // its value alone: 3.0, change 3 − 4 = −1.0.
    rw::reports::ReportInputs inputs;
    inputs.quarter = Quarter(2024, 4);
    inputs.series[Quarter(2024, 3)] = {databank_record("KEN", "UGA", "2024Q3", 6.0), databank_record("USA", "MEX", "2024Q3", 4.0)};
    inputs.series[Quarter(2024, 4)] = {databank_record("KEN", "UGA", "2024Q4", 8.0), databank_record("USA", "MEX", "2024Q4", 3.0)};
    inputs.runs.push_back({.kind = "import", .source = "databank", .status = "ok", .imported = 4});
    // The quarter ends 2024-12-31, before the report's date: rates of 12-20
    // are 11 days old (stale: more than 7), rates of 12-28 are 3 days old.
    inputs.benchmarks = {{"ecb", "EUR", "2024-12-20", 30}, {"fed", "USD", "2024-12-28", 20}};
    inputs.flagged = {{"cost above 50 %", 2}};
    rw::reports::ReportOptions options;
    options.scope.corridors = {{"KEN", "UGA"}, {"USA", "MEX"}};
    options.generated_at = "2025-01-15T12:00:00Z";

    const Report report = build_report(inputs, rw::test::builtin_catalogue(), options);
    CHECK(report.quarter == Quarter(2024, 4));
    const auto& h = report.headline;
    CHECK(h.basis == rw::reports::Basis::corridor_series);
    CHECK_FALSE(h.global.value); // never computed from series
    CHECK(h.previous == Quarter(2024, 3));
    CHECK_FALSE(h.year_ago);
    CHECK(h.mean_of_corridor_averages.value == doctest::Approx(5.5));
    CHECK(h.mean_of_corridor_averages.change_previous_pp == doctest::Approx(0.5));
    CHECK(h.weighted.value == doctest::Approx(3.0));
    CHECK(h.weighted.change_previous_pp == doctest::Approx(-1.0));
    CHECK(h.weighted_corridors == 1);
    CHECK(h.corridors_without_flow == 1);
    CHECK(h.corridors == 2);
    CHECK(h.corridors_from_series == 2);

    // Bands: 3.0 is on the 3 % limit, 8.0 above 5 %. KEN-UGA rose by 2.
    CHECK(report.corridors.at_most_3 == 1);
    CHECK(report.corridors.above_5_count == 1);
    CHECK(corridor_keys(report.corridors.above_5) == std::vector<std::string>{"KEN-UGA"});
    CHECK(corridor_keys(report.corridors.rose_most) == std::vector<std::string>{"KEN-UGA"});
    CHECK(corridor_keys(report.corridors.most_expensive) == std::vector<std::string>{"KEN-UGA", "USA-MEX"});
    CHECK(report.corridors.all.front().change_pp == doctest::Approx(2.0));
    CHECK(report.corridors.all.front().source == "databank");

    // Targets: the G20 corridor count is 1 (KEN-UGA), without a 2020Q4
    // baseline; SmaRT and the global average need service rows.
    REQUIRE(report.targets.size() == 6);
    const auto& g20 = target_row(report, "g20_2030_corridors");
    CHECK(g20.current == doctest::Approx(1.0));
    CHECK(g20.corridors_above == std::vector<std::string>{"KEN-UGA"});
    CHECK_FALSE(g20.baseline);
    CHECK(g20.note == "no data for the baseline quarter 2020Q4, so no path or share achieved");
    // No service rows: the global-average targets are measured on the mean
    // of corridor averages, (3 + 8) / 2 = 5.5, and say so.
    CHECK(target_row(report, "sdg_10c").current == doctest::Approx(5.5));
    CHECK(target_row(report, "sdg_10c").note.find("mean of corridor averages") != std::string::npos);
    // Headline: leads with the mean of corridor averages over both corridors.
    CHECK(h.lead == "mean_of_corridor_averages");
    CHECK_FALSE(h.partial_sample);
    CHECK(h.mean_coverage.corridors == 2);
    CHECK(h.mean_coverage.share == doctest::Approx(100.0));
    // The weighted average rests on 1 of 2 corridors (half: enough) but
    // KEN-UGA's flow is unknown, so USA-MEX is 100 % of the scope's known flows.
    CHECK(h.weighted_coverage.corridors == 1);
    CHECK(h.weighted_coverage.flow_share == doctest::Approx(100.0));
    CHECK(h.weighted_shown);
    CHECK(report.title == "Remittance costs, 2024Q4 — KEN-UGA and USA-MEX");
    CHECK(target_row(report, "sdg_10c_corridors").note.starts_with("SmaRT needs service rows"));

    CHECK(report.history.size() == 2); // no published figures in the inputs
    CHECK(report.history.back().computed_basis == "corridor series");

    const auto& notes = report.notes;
    REQUIRE(notes.runs.size() == 1);
    CHECK(notes.runs[0].imported == 4);
    CHECK(notes.coverage.empty()); // both corridors of the filter have data
    CHECK(notes.benchmarks
          == std::vector<std::string>{
            "ecb rates against EUR: newest day 2024-12-20, 30 currencies (stale: 11 days before 2024-12-31).",
            "fed rates against USD: newest day 2024-12-28, 20 currencies."});
    CHECK(notes.flagged == std::vector<std::string>{"2 quotes: cost above 50 %"});
  }

  TEST_CASE("built from hand-made inputs: the global-average and speed targets from a few aggregates"
            * rw::test::no_store())
  {
    // One quarter of services: global average 4.6 % over 5 services, 2 of
    // them delivering within one hour.
    rw::calculator::QuarterAggregates aggregates;
    aggregates.quarter = Quarter(2024, 4);
    aggregates.services = 5;
    aggregates.global = {4.6, 5};
    aggregates.speed.counts[static_cast<size_t>(rw::corridors::SpeedClass::less_than_one_hour)] = 2;
    aggregates.speed.total = 5;
    rw::reports::ReportInputs inputs;
    inputs.quarter = Quarter(2024, 4);
    inputs.aggregates.emplace(Quarter(2024, 4), aggregates);

    const Report report = build_report(inputs, rw::test::builtin_catalogue(), {});
    CHECK(report.headline.basis == rw::reports::Basis::services);
    CHECK(report.headline.global.value == doctest::Approx(4.6));
    // SDG 10.c: 7.60 % in 2016Q2 to 3 % in 2030Q4, 58 quarters; 2024Q4 is 34
    // in: path = 7.60 − 4.6 × 34/58 = 4.9034…; share achieved = (7.60 − 4.6) /
    // (7.60 − 3) = 0.6521…; 4.6 ≤ path: on track.
    const auto& sdg = target_row(report, "sdg_10c");
    CHECK(sdg.path_value == doctest::Approx(7.60 - 4.6 * 34.0 / 58.0));
    CHECK(sdg.share_achieved == doctest::Approx(3.0 / 4.6));
    CHECK(sdg.on_track == true);
    // Speed: 2 of 5 services with a known speed = 40 %; no 2020Q4 baseline.
    const auto& speed = target_row(report, "g20_2027_speed");
    CHECK(speed.current == doctest::Approx(40.0));
    CHECK(speed.note == "no speed data for the baseline quarter 2020Q4, so no path or share achieved");
  }

  TEST_CASE("a partial service sample: the headline leads with the mean of corridor averages; targets use it"
            * rw::test::no_store())
  {
    // 2012Q3: services for USA-MEX only (global 16.0 over 4 services), DataBank
    // values for KEN-UGA 8.0, TZA-KEN 6.0, TZA-UGA 7.0 and for USA-MEX 15.0
    // (ignored: USA-MEX is computed). Service-level corridor average USA-MEX 16.0.
    // Mean of corridor averages: (16 + 8 + 6 + 7) / 4 = 9.25.
    rw::calculator::QuarterAggregates aggregates;
    aggregates.quarter = Quarter(2012, 3);
    aggregates.services = 4;
    aggregates.global = {16.0, 4};
    rw::calculator::CorridorAverage usa_mex;
    usa_mex.corridor = {"USA", "MEX"};
    usa_mex.average = 16.0;
    usa_mex.services = 4;
    aggregates.corridors.push_back(usa_mex);
    rw::reports::ReportInputs inputs;
    inputs.quarter = Quarter(2012, 3);
    inputs.aggregates.emplace(Quarter(2012, 3), aggregates);
    inputs.series[Quarter(2012, 3)] = {databank_record("KEN", "UGA", "2012Q3", 8.0), databank_record("TZA", "KEN", "2012Q3", 6.0),
                                       databank_record("TZA", "UGA", "2012Q3", 7.0), databank_record("USA", "MEX", "2012Q3", 15.0)};
    const Report report = build_report(inputs, rw::test::builtin_catalogue(), {});
    const auto& h = report.headline;
    CHECK(h.partial_sample);
    CHECK(h.lead == "mean_of_corridor_averages");
    CHECK(h.mean_of_corridor_averages.value == doctest::Approx(9.25));
    CHECK(h.global_coverage.corridors == 1);
    CHECK(h.global_coverage.quarter_corridors == 4);
    CHECK(h.global_coverage.share == doctest::Approx(25.0));
    CHECK(h.global_coverage.services == 4);
    CHECK(h.summary
          == "The service-level sample covers 1 of 4 corridors (25 %); the representative figure is the mean of "
             "corridor averages over all 4 corridors, 9.25 %; the sample's own average, 16.00 %, is shown as a "
             "sample.");
    // G8: (10 − 9.25) / (10 − 5) = 0.15 achieved, not (10 − 16) / 5 = −1.2.
    const auto& g8 = target_row(report, "g8_5x5");
    CHECK(g8.current == doctest::Approx(9.25));
    CHECK(g8.share_achieved == doctest::Approx(0.15));
    CHECK(g8.note == "service rows cover 1 of 4 corridors: measured on the mean of corridor averages");
    // Only one quarter: no projection.
    CHECK_FALSE(g8.projection);
    CHECK(report.title == "Remittance costs, 2012Q3");
  }

  TEST_CASE("the weighted average on few corridors is not a headline figure" * rw::test::no_store())
  {
    // Services in USA-MEX (flow known) and KEN-UGA, TZA-KEN, TZA-UGA (no flow in
    // the catalogue): 1 of 4 corridors, under half.
    rw::reports::ReportInputs inputs;
    inputs.quarter = Quarter(2024, 4);
    inputs.series[Quarter(2024, 4)] = {databank_record("KEN", "UGA", "2024Q4", 8.0), databank_record("TZA", "KEN", "2024Q4", 6.0),
                                       databank_record("TZA", "UGA", "2024Q4", 7.0), databank_record("USA", "MEX", "2024Q4", 3.0)};
    const Report report = build_report(inputs, rw::test::builtin_catalogue(), {});
    CHECK(report.headline.weighted.value == doctest::Approx(3.0));
    CHECK(report.headline.weighted_coverage.corridors == 1);
    CHECK(report.headline.weighted_coverage.share == doctest::Approx(25.0));
    CHECK_FALSE(report.headline.weighted_shown);
    const std::string markdown = rw::reports::render_markdown(report);
    CHECK(markdown.find("not a headline figure") != std::string::npos);
  }

  TEST_CASE("title and organisation; a scoped report never says global")
  {
    ReportFixture fixture(k_report_survey);
    rw::reports::ReportOptions options;
    options.title = "Kenya brief";
    options.organisation = "Central Bank of Kenya";
    Report report = fixture.report(options);
    CHECK(report.title == "Kenya brief");
    std::string markdown = rw::reports::render_markdown(report);
    CHECK(markdown.starts_with("# Kenya brief\n\nCentral Bank of Kenya\n"));
    rw::reports::ReportOptions scoped;
    auto scope = rw::corridors::Scope::parse({"KEN"}, {}, {}, {});
    REQUIRE(scope);
    scoped.scope = *scope;
    report = fixture.report(scoped);
    CHECK(report.title == "Remittance costs, 2024Q4 — corridors from Kenya");
    CHECK(report.headline.summary.find("The average over corridors from Kenya is 7.00 %") != std::string::npos);
    markdown = rw::reports::render_markdown(report);
    // The headline never calls the scope's figures global (the targets'
    // names do: they are global targets).
    const std::string headline = markdown.substr(0, markdown.find("## 2."));
    CHECK(headline.find("Global") == std::string::npos);
    CHECK(headline.find("global") == std::string::npos);
    CHECK(markdown.find("10 most expensive") == std::string::npos);
    CHECK(markdown.find("The one corridor") != std::string::npos);
  }

  TEST_CASE("built from hand-made inputs without data for their quarter: a programming error"
            * rw::test::no_store())
  {
    rw::reports::ReportInputs inputs;
    inputs.quarter = Quarter(2024, 4);
    inputs.series[Quarter(2024, 3)] = {databank_record("USA", "MEX", "2024Q3", 4.0)};
    CHECK_THROWS_AS(build_report(inputs, rw::test::builtin_catalogue(), {}), std::invalid_argument);
  }

  TEST_CASE("headline, changes and coverage of the latest quarter, derived by hand")
  {
    ReportFixture fixture(k_report_survey);
    const Report report = fixture.report();
    CHECK(report.quarter == Quarter(2024, 4)); // the latest quarter with data
    const auto& h = report.headline;
    CHECK(h.basis == rw::reports::Basis::services);
    // Global: (5 + 3 + 1 + 8 + 6) / 5 = 4.6; 2024Q3: (6 + 4 + 2 + 7 + 5) / 5 = 4.8.
    CHECK(h.global.value == doctest::Approx(4.6));
    CHECK(h.global.change_previous_pp == doctest::Approx(-0.2));
    CHECK_FALSE(h.global.change_year_ago_pp); // no 2023Q4
    CHECK(h.services == 5);
    CHECK(h.excluded_non_transparent == 1);
    CHECK(h.corridors == 2);
    CHECK(h.previous == Quarter(2024, 3));
    // Weighted: only USA-MEX has a flow in the catalogue, so it is USA-MEX's
    // average: (5 + 3 + 1) / 3 = 3 (2024Q3: 4).
    CHECK(h.weighted.value == doctest::Approx(3.0));
    CHECK(h.weighted.change_previous_pp == doctest::Approx(-1.0));
    CHECK(h.weighted_corridors == 1);
    CHECK(h.corridors_without_flow == 1);
    // Mean of corridor averages: (3 + 7) / 2 = 5, as in 2024Q3 ((4 + 6) / 2).
    CHECK(h.mean_of_corridor_averages.value == doctest::Approx(5.0));
    CHECK(h.mean_of_corridor_averages.change_previous_pp == doctest::Approx(0.0));
    // SmaRT: USA-MEX 3 services qualify: (5 + 3 + 1) / 3 = 3; KEN-UGA two:
    // (8 + 6) / 2 = 7. Global (3 + 7) / 2 = 5.
    CHECK(h.smart.value == doctest::Approx(5.0));
  }

  TEST_CASE("targets: share achieved, straight-line path and corridor lists")
  {
    ReportFixture fixture(k_report_survey);
    const Report report = fixture.report();
    // G20 2030: (6.51 − 4.6) / (6.51 − 3) = 1.91 / 3.51; 2024Q4 is 16 of the 40
    // quarters from 2020Q4 to 2030Q4: path 6.51 − 3.51 × 16 / 40 = 5.106.
    const auto& g20 = target_row(report, "g20_2030");
    CHECK(g20.share_achieved == doctest::Approx(1.91 / 3.51));
    CHECK(g20.path_value == doctest::Approx(5.106));
    CHECK(g20.on_track == true);
    CHECK_FALSE(g20.deadline_passed);
    // G8: deadline 2014Q3 passed, the path is the target (5); 4.6 ≤ 5;
    // (10 − 4.6) / (10 − 5) = 1.08.
    const auto& g8 = target_row(report, "g8_5x5");
    CHECK(g8.deadline_passed);
    CHECK(g8.path_value == doctest::Approx(5.0));
    CHECK(g8.share_achieved == doctest::Approx(1.08));
    CHECK(g8.on_track == true);
    // Corridors above 5 %: KEN-UGA (7) by average, KEN-UGA (SmaRT 7) by SmaRT.
    const auto& g20_corridors = target_row(report, "g20_2030_corridors");
    CHECK(g20_corridors.current == doctest::Approx(1.0));
    CHECK(g20_corridors.corridors_above == std::vector<std::string>{"KEN-UGA"});
    CHECK_FALSE(g20_corridors.baseline); // no 2020Q4 data: no path, said why
    CHECK_FALSE(g20_corridors.on_track);
    CHECK(g20_corridors.note.find("2020Q4") != std::string::npos);
    CHECK(target_row(report, "sdg_10c_corridors").corridors_above == std::vector<std::string>{"KEN-UGA"});
    // Speed: MTO B and MTO C of the 5 transparent services: 40 %.
    CHECK(target_row(report, "g20_2027_speed").current == doctest::Approx(40.0));
    // Order: G8, SDG (global, corridors), G20 (global, corridors, speed).
    std::vector<std::string> ids;
    ids.reserve(report.targets.size());
    for (const auto& t : report.targets) {
      ids.push_back(t.id);
    }
    CHECK(ids == std::vector<std::string>{"g8_5x5", "sdg_10c", "sdg_10c_corridors", "g20_2030",
                                          "g20_2030_corridors", "g20_2027_speed"});
  }

  TEST_CASE("channels, regions and corridor tables")
  {
    ReportFixture fixture(k_report_survey);
    const Report report = fixture.report();
    // Banks: (5 + 8) / 2 = 6.5 both quarters ((6 + 7) / 2); MTOs (3 + 1) / 2 = 2
    // against (4 + 2) / 2 = 3; mobile 6 against 5.
    CHECK(group(report.by_firm_type, "bank").figure.value == doctest::Approx(6.5));
    CHECK(group(report.by_firm_type, "bank").figure.change_previous_pp == doctest::Approx(0.0));
    CHECK(group(report.by_firm_type, "mto").figure.value == doctest::Approx(2.0));
    CHECK(group(report.by_firm_type, "mto").figure.change_previous_pp == doctest::Approx(-1.0));
    CHECK(group(report.by_firm_type, "mobile_operator").figure.change_previous_pp == doctest::Approx(1.0));
    CHECK_FALSE(group(report.by_firm_type, "post_office").figure.value);
    // Receiving regions: Mexico is upper-middle income LAC (3), Uganda low income SSA (7).
    CHECK(group(report.by_region, "lac").figure.value == doctest::Approx(3.0));
    CHECK(group(report.by_region, "ssa").figure.value == doctest::Approx(7.0));
    // G20 senders: only the USA: 3; KEN-UGA is South-South, USA-MEX North-South.
    CHECK(group(report.g20, "g20_senders").figure.value == doctest::Approx(3.0));
    CHECK(group(report.south_north, "south_south").figure.value == doctest::Approx(7.0));
    CHECK(group(report.south_north, "north_south").figure.value == doctest::Approx(3.0));

    const auto& c = report.corridors;
    CHECK(corridor_keys(c.most_expensive) == std::vector<std::string>{"KEN-UGA", "USA-MEX"});
    CHECK(corridor_keys(c.least_expensive) == std::vector<std::string>{"USA-MEX", "KEN-UGA"});
    CHECK(corridor_keys(c.above_5) == std::vector<std::string>{"KEN-UGA"});
    // KEN-UGA rose 6 → 7; USA-MEX fell 4 → 3 and is not listed.
    REQUIRE(corridor_keys(c.rose_most) == std::vector<std::string>{"KEN-UGA"});
    CHECK(c.rose_most[0].change_pp == doctest::Approx(1.0));
    // Cheapest USA-MEX service: MTO C at 1 %; spread 3 − 1 = 2 pp; KEN-UGA 7 − 6 = 1.
    CHECK(c.all[1].cheapest_provider == "MTO C");
    CHECK(c.all[1].spread == doctest::Approx(2.0));
    CHECK(c.mean_spread_pp == doctest::Approx(1.5));
    CHECK(c.services_per_corridor == doctest::Approx(2.5)); // (3 + 2) / 2
    CHECK(c.transparency_share == doctest::Approx(500.0 / 6)); // 5 of 6 services
    CHECK(c.speed_unknown == 0);
  }

  TEST_CASE("history: computed quarters beside the published figures, not mixed")
  {
    ReportFixture fixture(k_report_survey);
    const Report report = fixture.report();
    auto row = [&](Quarter q) {
      auto it = std::ranges::find(report.history, q, &rw::reports::HistoryRow::quarter);
      REQUIRE(it != report.history.end());
      return *it;
    };
    CHECK(row(Quarter(2024, 3)).computed_global == doctest::Approx(4.8));
    CHECK_FALSE(row(Quarter(2024, 3)).published_global);
    // A published quarter without our data: the World Bank's 9.30 % for 2011Q3.
    CHECK(row(Quarter(2011, 3)).published_global == doctest::Approx(9.30));
    CHECK_FALSE(row(Quarter(2011, 3)).computed_global);
    CHECK(row(Quarter(2011, 3)).computed_basis.empty());
    // Nothing after the report's quarter.
    CHECK(report.history.back().quarter == Quarter(2024, 4));
    // An earlier report leaves out the later quarter.
    rw::reports::ReportOptions earlier;
    earlier.quarter = Quarter(2024, 3);
    const Report q3 = fixture.report(earlier);
    CHECK(q3.history.back().quarter == Quarter(2024, 3));
    CHECK_FALSE(q3.headline.global.change_previous_pp);
  }

  TEST_CASE("a corridor filter limits every figure; USD 500 has no published history")
  {
    ReportFixture fixture(k_report_survey);
    rw::reports::ReportOptions options;
    options.scope.corridors = {{"KEN", "UGA"}};
    const Report report = fixture.report(options);
    CHECK(report.headline.global.value == doctest::Approx(7.0));
    CHECK(report.headline.services == 2);
    CHECK(report.corridors.all.size() == 1);
    for (const auto& row : report.history) {
      CHECK_FALSE(row.published_global); // published figures cover every corridor
    }
  }

  TEST_CASE("errors: a quarter without data names the quarters held; an empty database says to import")
  {
    ReportFixture fixture(k_report_survey);
    rw::reports::ReportOptions options;
    options.quarter = Quarter(2020, 1);
    auto missing = build_report(*fixture.db, rw::test::builtin_catalogue(), options);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == rw::util::ErrorKind::not_found); // serve answers 404 for it
    CHECK(missing.error().message.find("no data for 2020Q1 at USD 200; quarters with data: 2024Q3 to 2024Q4")
          != std::string::npos);

    rw::test::TempDir dir;
    auto empty = rw::store::Database::open(rw::test::store_at(dir.path() / "empty.db"));
    REQUIRE(empty);
    REQUIRE(rw::store::migrate(*empty));
    auto none = build_report(*empty, rw::test::builtin_catalogue(), {});
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("import quotes or series first") != std::string::npos);

    options.quarter.reset();
    options.amount = 300;
    CHECK_FALSE(build_report(*fixture.db, rw::test::builtin_catalogue(), options));
  }

  TEST_CASE("names from the data: escaped in HTML and Markdown, intact in JSON and xlsx, no formula in CSV")
  {
    // The hostile provider is the cheapest in its corridor, so its name is printed.
    const std::string script = "<script>alert(1)</script>";
    const std::string formula = "=HYPERLINK(\"http://example.invalid\",\"x\")";
    ReportFixture fixture(std::string(k_report_survey)
                    + "KEN-UGA,\"" + script + "\",Bank,account,account,Same day,200,USD,0,100,100,test,,"
                      "2024-11-15T11:00:00Z,yes,yes,200\n"
                      "USA-MEX,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",Bank,account,account,Same day,"
                      "200,USD,0,20,20,test,,2024-11-15T11:00:00Z,yes,yes,200\n");
    const Report report = fixture.report();
    REQUIRE(report.corridors.all[0].cheapest_provider == script);
    REQUIRE(report.corridors.all[1].cheapest_provider == formula);

    const std::string html = rw::reports::render_html(report);
    CHECK(html.find(script) == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    // The report's one script is its own (it sorts the corridor table).
    const auto own = html.find("<script>\n(function () {\n  document.querySelectorAll('table.sortable')");
    CHECK(own != std::string::npos);
    CHECK(html.find("<script") == own);
    CHECK(html.rfind("<script") == own);

    const std::string markdown = rw::reports::render_markdown(report);
    CHECK(markdown.find(script) == std::string::npos);
    CHECK(markdown.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

    const auto json = nlohmann::json::parse(rw::reports::render_json(report));
    CHECK(json["corridors"]["all"][0]["cheapest_provider"] == script);
    CHECK(json["corridors"]["all"][1]["cheapest_provider"] == formula);

    // CSV: the value cell of the formula starts with an apostrophe.
    const std::string csv = rw::reports::render_csv(report);
    CHECK(csv.find(",\"'=HYPERLINK(") != std::string::npos);
    CHECK(csv.find(",\"=HYPERLINK(") == std::string::npos);
    CHECK(csv.find("," + script) != std::string::npos); // plain text, quoted only if needed

    // xlsx: both names read back exactly, as text cells.
    rw::test::TempDir dir;
    const auto path = dir.path() / "report.xlsx";
    REQUIRE(rw::reports::write_xlsx(report, path));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "report.xlsx.partial"));
    size_t found_script = 0, found_formula = 0;
    auto read = rw::readers::read_xlsx_sheet(path, "Every corridor", [&](size_t, const std::vector<std::string>& cells) {
      found_script += static_cast<size_t>(std::ranges::count(cells, script));
      found_formula += static_cast<size_t>(std::ranges::count(cells, formula));
      return rw::util::Expected<bool>(true);
    });
    REQUIRE_MESSAGE(read, (read ? "" : read.error().message));
    CHECK(found_script > 0);
    CHECK(found_formula > 0);
  }

  TEST_CASE("xlsx: an About sheet, then one table per sheet with a frozen, filtered header and typed cells")
  {
    ReportFixture fixture(k_report_survey);
    rw::test::TempDir dir;
    const auto path = dir.path() / "report.xlsx";
    REQUIRE(rw::reports::write_xlsx(fixture.report(), path));
    auto names = rw::readers::xlsx_sheet_names(path);
    REQUIRE(names);
    REQUIRE(names->size() > 5);
    CHECK(names->front() == "About");
    for (const char* sheet : {"Headline figures", "Progress against the targets", "Every corridor",
                              "Imports and collections"}) {
      CHECK_MESSAGE(std::ranges::find(*names, sheet) != names->end(), sheet);
    }
    // Row 1 is the header; numbers are numbers: the global average 4.6.
    std::vector<std::string> header;
    bool global = false;
    auto read =
      rw::readers::read_xlsx_sheet(path, "Headline figures", [&](size_t row, const std::vector<std::string>& cells) {
        if (row == 1) {
          header = cells;
        }
        if (!cells.empty() && cells[0] == "Global average (service-level)") {
          global = std::abs(std::stod(cells[1]) - 4.6) < 1e-9;
        }
        return rw::util::Expected<bool>(true);
      });
    REQUIRE(read);
    CHECK(header.at(0) == "measure");
    CHECK(global);
    // No "n/a" text in any cell of any table sheet: missing numbers are empty cells.
    for (const auto& name : *names) {
      auto scan = rw::readers::read_xlsx_sheet(path, name, [&](size_t, const std::vector<std::string>& cells) {
        CHECK_MESSAGE(std::ranges::find(cells, "n/a") == cells.end(), name);
        return rw::util::Expected<bool>(true);
      });
      REQUIRE(scan);
    }
    // The frozen pane and the filter, in the sheet's XML (the second sheet).
    const std::string command = "unzip -p '" + path.string() + "' xl/worksheets/sheet2.xml";
    const std::string xml = rw::test::command_output(command);
    REQUIRE_MESSAGE(!xml.empty(), "unzip is needed to read the sheet's XML");
    CHECK(xml.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>")
          != std::string::npos);
    // 5 columns; the header and 3 figures (global, SmaRT, mean): the weighted
    // average rests on USA-MEX alone, under half of the catalogue's known flows.
    CHECK(xml.find("<autoFilter ref=\"A1:E4\"/>") != std::string::npos);
  }
}
