// The HTML report from hand-made reports: what the page shows, not how it
// looks (the browser test, tests/browser, checks the layout in Chromium).

#include "reports/render.hpp"
#include "reports/report.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

using rw::corridors::CorridorKey;
using rw::corridors::Quarter;
using rw::reports::CorridorRow;
using rw::reports::HistoryRow;
using rw::reports::Report;

namespace {

size_t
count_in(const std::string& text, const std::string& what)
{
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size())) {
    ++n;
  }
  return n;
}

// The text between `from` and the next `to` after it ("" when absent).
std::string
between(const std::string& text, const std::string& from, const std::string& to)
{
  const auto start = text.find(from);
  if (start == std::string::npos) {
    return "";
  }
  const auto end = text.find(to, start + from.size());
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The numbers of one attribute in document order (cx="12.3" → 12.3).
std::vector<double>
attribute_values(const std::string& text, const std::string& attribute)
{
  std::vector<double> values;
  const std::regex pattern(attribute + "=\"([-0-9.]+)\"");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    values.push_back(std::stod((*it)[1].str()));
  }
  return values;
}

// A corridor with only a published DataBank value.
CorridorRow
databank_corridor(const std::string& sender, const std::string& receiver,
                  const std::string& sender_name, const std::string& receiver_name, double average)
{
  CorridorRow row;
  row.corridor = CorridorKey{sender, receiver};
  row.sender_name = sender_name;
  row.receiver_name = receiver_name;
  row.average = average;
  row.source = "databank";
  return row;
}

// A corridor computed from four services.
CorridorRow
service_corridor(const std::string& sender, const std::string& receiver,
                 const std::string& sender_name, const std::string& receiver_name, double average)
{
  CorridorRow row = databank_corridor(sender, receiver, sender_name, receiver_name, average);
  row.source = "services";
  row.services = 4;
  row.cheapest = average - 2;
  row.cheapest_provider = "Cheap & Quick";
  row.spread = 2;
  row.smart = average - 1;
  return row;
}

// A 2012Q3 report like the issue's: service rows for 5 corridors of 219,
// so the headline leads with the mean of corridor averages.
Report
partial_report()
{
  Report r;
  r.quarter = Quarter(2012, 3);
  r.title = "Remittance costs, 2012Q3";
  r.organisation = "Central Bank of Kenya";
  auto& h = r.headline;
  h.global.value = 16.83;
  h.mean_of_corridor_averages.value = 8.91;
  h.smart.value = 7.5;
  h.weighted.value = 4.1;
  h.partial_sample = true;
  h.lead = "mean_of_corridor_averages";
  h.summary = "Only 5 of 219 corridors have service rows in 2012Q3: the headline is the mean of "
              "corridor averages.";
  h.weighted_shown = false;
  h.global_coverage = {
    .services = 57, .corridors = 5, .quarter_corridors = 219, .share = 5.0 / 219 * 100};
  h.mean_coverage = {.services = 0, .corridors = 219, .quarter_corridors = 219, .share = 100.0};
  h.weighted_coverage = {.services = 0,
                         .corridors = 5,
                         .quarter_corridors = 219,
                         .share = 5.0 / 219 * 100,
                         .flow_share = 12.0};
  r.corridors.all = {service_corridor("KEN", "UGA", "Kenya", "Uganda", 7.25),
                     databank_corridor("KEN", "RWA", "Kenya", "Rwanda", 9.5),
                     databank_corridor("ZAF", "MWI", "South Africa", "Malawi", 18.4),
                     service_corridor("USA", "MEX", "United States", "Mexico", 5.1),
                     databank_corridor("GBR", "NGA", "United Kingdom", "Nigeria", 8.2)};
  return r;
}

} // namespace

TEST_SUITE("reports::render_html")
{
  TEST_CASE("a partial sample: title and organisation, the summary on top, the representative "
            "figure first")
  {
    const std::string html = rw::reports::render_html(partial_report());
    CHECK(html.find("<title>Remittance costs, 2012Q3</title>") != std::string::npos);
    CHECK(html.find("<h1>Remittance costs, 2012Q3</h1>\n<p class=\"organisation\">Central Bank of "
                    "Kenya</p>")
          != std::string::npos);
    // The summary before the first section, highlighted.
    const auto summary = html.find("<p class=\"summary note\">Only 5 of 219 corridors");
    REQUIRE(summary != std::string::npos);
    CHECK(summary < html.find("<section"));

    const std::string cards = between(html, "<div class=\"cards\">", "</div>\n");
    // Lead first: the mean of corridor averages, then the sample, SmaRT; no weighted card.
    const auto mean = cards.find("Mean of corridor averages");
    const auto sample = cards.find("Average of the services held (a sample)");
    REQUIRE(mean != std::string::npos);
    REQUIRE(sample != std::string::npos);
    CHECK(mean < sample);
    CHECK(cards.starts_with(
      R"(<div class="cards"><div class="card lead"><div class="label">Mean of corridor averages)"));
    CHECK(cards.find("Global average") == std::string::npos);
    CHECK(cards.find("Weighted") == std::string::npos);
    // 5 / 219 = 2.3 %, printed to the unit.
    CHECK(cards.find("rests on 5 of 219 corridors (2 %), 57 services") != std::string::npos);
    CHECK(cards.find("rests on 219 of 219 corridors (100 %)") != std::string::npos);
    // The weighted average as a line: its value and what it rests on.
    CHECK(html.find("Weighted average (by flow): 4.10 %. Not shown as a headline figure: it rests "
                    "on 5 of 219 "
                    "corridors (2 %), 12 % of known flows")
          != std::string::npos);
  }

  TEST_CASE("a full sample: the global average leads and the weighted average is a card")
  {
    Report r = partial_report();
    r.headline.partial_sample = false;
    r.headline.lead = "global";
    r.headline.weighted_shown = true;
    r.headline.summary.clear();
    r.headline.previous = Quarter(2012, 1);
    r.headline.global.change_previous_pp = -0.4;
    const std::string html = rw::reports::render_html(r);
    const std::string cards = between(html, "<div class=\"cards\">", "</div>\n");
    CHECK(cards.find("<div class=\"card lead\"><div class=\"label\">Global average")
          != std::string::npos);
    CHECK(cards.find("Weighted average (by flow)") != std::string::npos);
    // The change names the quarter it is against.
    CHECK(cards.find("<div class=\"change down\">-0.40 pp vs 2012Q1</div>") != std::string::npos);
    CHECK(html.find("class=\"summary") == std::string::npos);
    CHECK(html.find("Not shown as a headline figure") == std::string::npos);
  }

  TEST_CASE("every corridor in the appendix, grouped by sending country; DataBank-only corridors "
            "in a table of their own with the columns they have")
  {
    const Report report = partial_report();
    const std::string html = rw::reports::render_html(report);
    const std::string table =
      between(html, "<table class=\"data corridors sortable\" id=\"all-corridors\"", "</table>");
    REQUIRE_FALSE(table.empty());
    // The two corridors with service rows: Kenya, then United States.
    CHECK(count_in(table, "<tr class=\"corridor\"") == 2);
    CHECK(count_in(table, "<tr class=\"group\">") == 2);
    CHECK(table.find(">Kenya <span class=\"code\">KEN</span> · 1 corridor<") < table.find(">United States"));
    // A services row: all nine columns, the provider escaped.
    const std::string uganda = between(table, "data-corridor=\"KEN-UGA\"", "</tr>");
    CHECK(count_in(uganda, "<td") == 8); // plus the corridor's <th>
    CHECK(uganda.find("Cheap &amp; Quick") != std::string::npos);
    CHECK(table.find("DataBank value") == std::string::npos);

    // The three published values: Kenya, South Africa, United Kingdom (by
    // name), four columns each, no cell saying what is missing.
    const std::string published =
      between(html, "<table class=\"data corridors sortable\" id=\"published-corridors\"", "</table>");
    REQUIRE_FALSE(published.empty());
    CHECK(count_in(published, "<tr class=\"corridor\"") == 3);
    CHECK(count_in(published, "<th scope=\"col\"") == 4);
    const auto kenya = published.find(">Kenya <span class=\"code\">KEN</span> · 1 corridor<");
    const auto south_africa = published.find(">South Africa <span class=\"code\">ZAF</span> · 1 corridor<");
    const auto uk = published.find(">United Kingdom <span class=\"code\">GBR</span>");
    REQUIRE(kenya != std::string::npos);
    CHECK(kenya < south_africa);
    CHECK(south_africa < uk);
    CHECK(count_in(published, "colspan=\"4\"") == 3); // each group's heading spans the four
    const std::string rwanda = between(published, "data-corridor=\"KEN-RWA\"", "</tr>");
    CHECK(count_in(rwanda, "<td") == 3); // average, previous, change
    CHECK(rwanda.find("data-services") == std::string::npos);
    CHECK(html.find("no service detail") == std::string::npos);
    // Codes in a span that does not wrap.
    CHECK(table.find("<span class=\"code\">KEN-UGA</span>") != std::string::npos);
    CHECK(published.find("<span class=\"code\">KEN-RWA</span>") != std::string::npos);
    CHECK(html.find(".code{white-space:nowrap") != std::string::npos);
  }

  TEST_CASE("targets: words not ids, projection, corridor list behind a count")
  {
    Report r = partial_report();
    rw::reports::TargetRow t;
    t.id = "g20_2030_corridors";
    t.name = "G20 roadmap: no corridor above 5 % by 2030";
    t.measure = "corridors with an average above 5 %";
    t.unit = "corridors";
    t.baseline = 12;
    t.baseline_period = Quarter(2020, 4);
    t.current = 3;
    t.deadline = Quarter(2030, 4);
    t.on_track = true;
    t.corridors_above = {"KEN-RWA", "ZAF-MWI", "GBR-NGA"};
    t.note = "measured on corridor averages";
    t.projection = rw::reports::Projection{};
    t.projection->text =
      "at this pace (-1.0 a year over 8 quarters) reached in 2027Q2 (2026Q1–2029Q4)";
    r.targets = {t};
    const std::string html = rw::reports::render_html(r);
    const std::string table = between(html, "<table class=\"data targets\"", "</table>");
    REQUIRE_FALSE(table.empty());
    CHECK(table.find(">G20 roadmap: no corridor above 5 % by 2030<") != std::string::npos);
    CHECK(table.find(">g20_2030_corridors<") == std::string::npos); // the id only in attributes
    CHECK(table.find("12 corridors in 2020Q4<br>→ 3 corridors now<br>→ 0 corridors by 2030Q4")
          != std::string::npos);
    CHECK(table.find("<strong>Yes</strong>") != std::string::npos);
    CHECK(table.find(t.projection->text) != std::string::npos);
    // The list: a count linking to the appendix, where the codes are.
    CHECK(table.find("<a href=\"#appendix-g20_2030_corridors\">3 corridors above 5 %</a>")
          != std::string::npos);
    CHECK(table.find("ZAF-MWI") == std::string::npos);
    const std::string list = between(
      html, "<details class=\"corridor-list\" id=\"appendix-g20_2030_corridors\">", "</details>");
    CHECK(count_in(list, "<li>") == 3);
    CHECK(list.find("<span class=\"code\">ZAF-MWI</span> South Africa → Malawi")
          != std::string::npos);
    // Five columns.
    CHECK(count_in(between(table, "<thead>", "</thead>"), "<th ") == 5);
  }

  TEST_CASE("trend chart: a true time axis, axis titles, a legend and a caption of what is drawn")
  {
    Report r = partial_report();
    // Published figures only: 2008Q3, 2009Q1, 2010Q1 are 2 and 4 quarters apart.
    for (const auto& [quarter, value] :
         {std::pair{Quarter(2008, 3), 9.8}, std::pair{Quarter(2009, 1), 9.7},
          std::pair{Quarter(2010, 1), 9.3}}) {
      HistoryRow h;
      h.quarter = quarter;
      h.published_global = value;
      r.history.push_back(h);
    }
    const std::string html = rw::reports::render_html(r);
    const std::string chart = between(html, "<svg class=\"chart\" id=\"chart-trend\"", "</figure>");
    REQUIRE_FALSE(chart.empty());
    const auto x = attribute_values(between(chart, "<circle class=\"published\"", "</svg>"), "cx");
    REQUIRE(x.size() == 3);
    // The gap 2009Q1→2010Q1 is twice the gap 2008Q3→2009Q1 (to the 0.1 the SVG is written to).
    CHECK((x[2] - x[1]) == doctest::Approx(2 * (x[1] - x[0])).epsilon(0.002));
    CHECK(chart.find(">Quarter</text>") != std::string::npos);
    CHECK(chart.find(">Total cost, % of amount sent</text>") != std::string::npos);
    CHECK(chart.find("class=\"legend-item\"") != std::string::npos);
    CHECK(chart.find(">World Bank, published global average</text>") != std::string::npos);
    CHECK(chart.find(">Target: SDG 10.c / G20 2030, 3 %</text>") != std::string::npos);
    // Nothing computed in these quarters: neither legend nor caption names it.
    CHECK(chart.find("Computed here") == std::string::npos);
    const std::string caption = between(chart, "<figcaption>", "</figcaption>");
    CHECK(caption.find("World Bank, published global average (grey)") != std::string::npos);
    CHECK(caption.find("blue") == std::string::npos);
    CHECK(caption.find("Blue") == std::string::npos);
  }

  TEST_CASE("trend chart without history: axes and legend, no tick label, a caption that says so")
  {
    const std::string html = rw::reports::render_html(partial_report());
    const std::string chart = between(html, "<svg class=\"chart\" id=\"chart-trend\"", "</figure>");
    REQUIRE_FALSE(chart.empty());
    CHECK(chart.find("class=\"tick-x\"") == std::string::npos);
    CHECK(chart.find(">Quarter</text>") != std::string::npos);
    CHECK(chart.find("No quarter has a value to draw.") != std::string::npos);
  }

  TEST_CASE("channel chart: the four usual channels, those without services marked \"no data\"")
  {
    Report r = partial_report();
    r.by_firm_type = {
      {"bank",
       "Banks",
       {.value = 11.2, .change_previous_pp = {}, .change_year_ago_pp = {}, .count = 9}},
      {"mto", "Money transfer operators", {}}};
    const std::string html = rw::reports::render_html(r);
    const std::string chart = between(html, "<svg class=\"chart\" id=\"chart-channels\"", "</svg>");
    REQUIRE_FALSE(chart.empty());
    CHECK(count_in(chart, "<rect class=\"bar\"") == 1);
    // Money transfer operators (no value), post offices and mobile operators (absent).
    CHECK(count_in(chart, ">no data</text>") == 3);
    CHECK(chart.find(">Mobile operators</tspan>") != std::string::npos);
    CHECK(chart.find(">Other<") == std::string::npos); // "other" only when the data has it
  }

  TEST_CASE("imports: six columns, long inputs and messages may wrap")
  {
    Report r = partial_report();
    rw::reports::RunNote run;
    run.kind = "databank";
    run.source = "databank";
    run.input = "/very/long/path/without/spaces/"
                "Data_Extract_From_Remittance_Prices_Worldwide_(Corridors).csv";
    run.status = "ok";
    run.rows_read = 377;
    run.imported = 2346;
    run.rejected = 2;
    run.message = "2 rows rejected: see the run's rejects";
    r.notes.runs = {run};
    const std::string html = rw::reports::render_html(r);
    const std::string table = between(html, "<table class=\"data runs\"", "</table>");
    REQUIRE_FALSE(table.empty());
    CHECK(count_in(between(table, "<thead>", "</thead>"), "<th ") == 6);
    CHECK(table.find("<td class=\"wrap\">/very/long/path") != std::string::npos);
    // Zero counts are left out.
    CHECK(table.find("<td>377 read, 2346 new, 2 rejected</td>") != std::string::npos);
  }
}
