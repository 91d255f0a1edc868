// The report's formats side by side from hand-made inputs: the wide CSV
// layout, corridors with only a published value, and the weighted average
// shown as a headline figure only when it rests on enough (issue #18).

#include "reports/render.hpp"
#include "reports/report.hpp"
#include "tests/unit/support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using rw::corridors::Quarter;
using rw::reports::build_report;
using rw::reports::Report;

namespace {

rw::store::SeriesRecord
databank_value(const char* sender, const char* receiver, const char* period, double value)
{
  return {"ATCR.CORR", sender, receiver, period, value};
}

Report
report_of(const rw::reports::ReportInputs& inputs)
{
  rw::reports::ReportOptions options;
  options.generated_at = "2025-01-15T12:00:00Z";
  options.version = "test";
  return build_report(inputs, rw::test::builtin_catalogue(), options);
}

// DataBank values only, two quarters:
//            KEN-UGA  USA-MEX   mean of corridor averages
//   2024Q3     6.0      4.0     (6 + 4) / 2 = 5.0
//   2024Q4     8.0      3.0     (8 + 3) / 2 = 5.5, change +0.5
Report
published_only_report()
{
  rw::reports::ReportInputs inputs;
  inputs.quarter = Quarter(2024, 4);
  inputs.series[Quarter(2024, 3)] = {databank_value("KEN", "UGA", "2024Q3", 6.0), databank_value("USA", "MEX", "2024Q3", 4.0)};
  inputs.series[Quarter(2024, 4)] = {databank_value("KEN", "UGA", "2024Q4", 8.0), databank_value("USA", "MEX", "2024Q4", 3.0)};
  return report_of(inputs);
}

const std::string&
file(const std::vector<rw::reports::CsvFile>& files, const std::string& name)
{
  const auto it = std::ranges::find(files, name, &rw::reports::CsvFile::name);
  REQUIRE_MESSAGE(it != files.end(), name);
  return it->content;
}

bool
has_text(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_SUITE("reports::formats")
{
  TEST_CASE("wide CSV: one file per table in the report's order, a header row, numbers or nothing")
  {
    const auto files = rw::reports::render_csv_wide(published_only_report());
    std::vector<std::string> names;
    for (const auto& f : files) {
      names.push_back(f.name);
    }
    // Two corridors: one "dearest first" table instead of top and bottom 10;
    // no corridor with service rows, so the appendix has the published list only.
    CHECK(names
          == std::vector<std::string>{"01-headline.csv",     "02-coverage.csv",   "03-targets.csv",
                                      "04-by_firm_type.csv", "05-by_region.csv",  "06-g20.csv",
                                      "07-by_income.csv",    "08-south_north.csv", "09-most_expensive.csv",
                                      "10-rose_most.csv",    "11-above_5.csv",    "12-competition.csv",
                                      "13-speed.csv",        "14-history.csv",    "15-runs.csv",
                                      "16-published_corridors.csv", "17-targets_corridors_above.csv",
                                      "18-paragraphs.csv"});
    // The lead figure, (3 + 8) / 2 = 5.5, change 5.5 − 5.0 = +0.5, no year-ago
    // quarter: an empty cell, not "n/a". The service-level average cannot be
    // computed: its number cells are empty too.
    const std::string& headline = file(files, "01-headline.csv");
    CHECK(headline.starts_with("measure,value %,change vs previous pp,change vs year ago pp,rests on\n"
                               "Mean of corridor averages (every corridor with a value: computed or published),"
                               "5.5,0.5,,2 of 2 corridors (100 %)\n"));
    CHECK(has_text(headline, "\nGlobal average (service-level),,,,0 of 2 corridors (0 %)\n"));
    CHECK_FALSE(has_text(headline, "n/a"));
    // The published values with the columns they have, by sending country
    // (Kenya before United States); changes 8 − 6 = +2 and 3 − 4 = −1.
    CHECK(file(files, "16-published_corridors.csv")
          == "corridor,from,to,average %,source,previous %,change pp\n"
             "KEN-UGA,Kenya,Uganda,8,databank,6,2\n"
             "USA-MEX,United States,Mexico,3,databank,4,-1\n");
    // The long layout, still the default, keeps its one table and its "n/a".
    const std::string long_csv = rw::reports::render_csv(published_only_report());
    CHECK(long_csv.starts_with("section,table,row,column,value\n"));
    CHECK(has_text(long_csv, "appendix,published_corridors,2,change pp,-1\n"));
  }

  TEST_CASE("corridors with only a published value: their own columns and table in every format")
  {
    const Report report = published_only_report();
    const std::string markdown = rw::reports::render_markdown(report);
    // The summary table has 7 columns, none of them all "n/a".
    CHECK(has_text(markdown, "| corridor | from | to | average % | source | previous % | change pp |\n"));
    CHECK_FALSE(has_text(markdown, "| cheapest provider |"));
    // The appendix: every corridor, a heading row for each sending country.
    CHECK(has_text(markdown, "**Corridors with only the World Bank's published value (2), by sending country**"));
    CHECK(has_text(markdown, "| **Kenya (KEN): 1 corridor** |||||||\n| KEN-UGA | Kenya | Uganda | 8.00 |"));
    const std::string html = rw::reports::render_html(report);
    CHECK(has_text(html, "id=\"published-corridors\""));
    CHECK_FALSE(has_text(html, "id=\"all-corridors\"")); // no corridor with service rows
    CHECK_FALSE(has_text(html, "no service detail"));    // no column left to fill
    const auto json = nlohmann::json::parse(rw::reports::render_json(report));
    CHECK(json["corridors"]["published_only"] == nlohmann::json::array({"KEN-UGA", "USA-MEX"}));
  }

  TEST_CASE("the weighted average: a headline figure on half of the corridors and of the flows, a line otherwise")
  {
    // The catalogue's flows (USD bn): USA-MEX 52, ARE-IND 20, USA-CHN 16.14,
    // SAU-IND 13, USA-IND 11.7; known flows of a global report 112.84.
    rw::reports::ReportInputs inputs;
    inputs.quarter = Quarter(2024, 4);
    SUBCASE("2 of 3 corridors but 33 of 112.84 bn (29 %): not a card")
    {
      inputs.series[Quarter(2024, 4)] = {databank_value("ARE", "IND", "2024Q4", 4.0), databank_value("KEN", "UGA", "2024Q4", 8.0),
                                         databank_value("SAU", "IND", "2024Q4", 6.0)};
      const Report report = report_of(inputs);
      // (4 × 20 + 6 × 13) / 33 = 158 / 33 = 4.787…
      CHECK(report.headline.weighted.value == doctest::Approx(158.0 / 33.0));
      CHECK_FALSE(report.headline.weighted_shown);
      const std::string markdown = rw::reports::render_markdown(report);
      CHECK_FALSE(has_text(markdown, "| Weighted average (by flow) |"));
      CHECK(has_text(markdown, "The flow-weighted average, 4.79 %, rests on 2 of 3 corridors (67 %), 29 % of known "
                               "flows: under half"));
      const std::string html = rw::reports::render_html(report);
      CHECK_FALSE(has_text(html, "<div class=\"label\">Weighted average (by flow)</div>"));
      CHECK(has_text(html, "weighted-note"));
      const auto json = nlohmann::json::parse(rw::reports::render_json(report));
      CHECK(json["headline"]["weighted_shown"] == false);
      CHECK(json["headline"]["weighted"]["coverage"]["corridors"] == 2);
      CHECK(json["headline"]["weighted"]["coverage"]["flow_share"].get<double>()
            == doctest::Approx(100.0 * 33 / 112.84));
      CHECK_FALSE(has_text(file(rw::reports::render_csv_wide(report), "01-headline.csv"), "Weighted"));
    }
    SUBCASE("2 of 2 corridors, 68.14 of 112.84 bn (60 %): a card")
    {
      inputs.series[Quarter(2024, 4)] = {databank_value("USA", "CHN", "2024Q4", 5.0), databank_value("USA", "MEX", "2024Q4", 3.0)};
      const Report report = report_of(inputs);
      // (3 × 52 + 5 × 16.14) / 68.14 = 236.7 / 68.14 = 3.4737…
      CHECK(report.headline.weighted.value == doctest::Approx(236.7 / 68.14));
      CHECK(report.headline.weighted_shown);
      CHECK(has_text(rw::reports::render_markdown(report),
                     "| Weighted average (by flow) | 3.47 | n/a | n/a | 2 of 2 corridors (100 %), 60 % of known flows |"));
      const std::string html = rw::reports::render_html(report);
      CHECK(has_text(html, "<div class=\"label\">Weighted average (by flow)</div>"));
      CHECK_FALSE(has_text(html, "weighted-note"));
      const auto json = nlohmann::json::parse(rw::reports::render_json(report));
      CHECK(json["headline"]["weighted_shown"] == true);
      CHECK(has_text(file(rw::reports::render_csv_wide(report), "01-headline.csv"),
                     "\nWeighted average (by flow),3.47"));
    }
  }
}
