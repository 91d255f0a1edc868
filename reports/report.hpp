#pragma once

#include "calculator/aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "corridors/scope.hpp"
#include "reports/published.hpp"
#include "store/database.hpp"
#include "store/queries.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rw::reports {

// The quarterly report as data: every number the renderers (render.hpp)
// print, computed once here. docs/methodology.md ("The quarterly report") says
// how each figure is chosen; docs/formats/report-json.md describes the fields.

struct ReportOptions
{
  std::optional<corridors::Quarter> quarter; // empty: the latest quarter with data
  int amount = 200;                          // standard amount, USD (200 or 500)
  corridors::Scope scope;                    // global(): every corridor
  std::string generated_at;                            // ISO 8601 UTC, printed in the notes
  std::string version;                                 // remitwatch's version, printed in the notes
  std::string title;        // the report's heading; empty: "Remittance costs, 2020Q3" (+ the scope when scoped)
  std::string organisation; // printed under the title when given ("Central Bank of Kenya")
};

// What the quarter's data allows.
enum class Basis {
  services,        // service rows: every figure of the methodology
  corridor_series, // only published corridor averages (DataBank): corridor-level figures only
};

// A figure with its change against the previous quarter with data and the
// same quarter a year earlier, in percentage points.
struct Figure
{
  std::optional<double> value;
  std::optional<double> change_previous_pp;
  std::optional<double> change_year_ago_pp;
  size_t count = 0; // services (or corridors) behind the value
};

struct GroupRow
{
  std::string id;    // "bank", "ssa", "g20_senders", …
  std::string label; // "Banks", "Sub-Saharan Africa", …
  Figure figure;
};

// What a headline figure rests on (issue #18, "an honest headline").
struct Coverage
{
  size_t services = 0;          // transparent services behind the figure (0 for corridor-level figures)
  size_t corridors = 0;         // corridors behind the figure
  size_t quarter_corridors = 0; // corridors in scope with any value (services or DataBank) in the quarter
  std::optional<double> share;  // corridors / quarter_corridors, percent (empty when quarter_corridors is 0)
  std::optional<double> flow_share; // weighted average only: share of the scope's known flows (USD) it rests on, percent
};

struct Headline
{
  Basis basis = Basis::services;
  Figure global;                    // service-level average (services basis only)
  Figure weighted;                  // flow-weighted corridor averages
  size_t weighted_corridors = 0;    // corridors with a flow, used by the weighted average
  size_t corridors_without_flow = 0;
  Figure smart;                     // global SmaRT (services basis only)
  Figure mean_of_corridor_averages; // shown for comparison, and the headline of a series-only quarter
  size_t services = 0;              // transparent services
  size_t corridors = 0;             // corridors with an average
  size_t corridors_from_series = 0; // of which published corridor values (no service rows)
  size_t excluded_non_transparent = 0;
  std::optional<corridors::Quarter> previous; // the quarter changes are against
  std::optional<corridors::Quarter> year_ago;

  // Coverage of each figure above, in the same order.
  Coverage global_coverage, weighted_coverage, smart_coverage, mean_coverage;
  // The service rows cover fewer corridors than the quarter has values for
  // (e.g. 5 of 219): the headline then leads with the mean of corridor
  // averages and shows the service-level figure as a sample.
  bool partial_sample = false;
  std::string lead;    // "global" or "mean_of_corridor_averages": the figure the headline leads with
  std::string summary; // one or two sentences in words for the top of the report, coverage included
  bool weighted_shown = true; // false: the weighted average rests on under half the corridors or flows (not a card)
};

// A straight-line fit of a target's measure over the last quarters with a
// value, and where that pace reaches the target (issue #18, "a projection").
struct Projection
{
  size_t quarters = 0;                           // points in the fit (the last N quarters with a value)
  corridors::Quarter first{2000, 1}, last{2000, 1}; // the fit's window
  double slope_per_year = 0;                     // change of the measure a year, in its unit (pp for %)
  double standard_error = 0;                     // residual standard error of the fit, in the measure's unit
  std::optional<double> at_deadline;             // the fitted line's value at the target's deadline
  std::optional<corridors::Quarter> reached;     // first quarter the line meets the target; empty: not before 2040
  std::optional<corridors::Quarter> reached_earliest, reached_latest; // the same for the line ± 2 standard errors
  bool already_met = false;                      // the current value already meets the target
  std::string text; // in words: "at this pace (−0.4 pp a year over 12 quarters) reached in 2031Q2 (2029Q4–2034Q1)"
};

struct TargetRow
{
  std::string id, name, measure, unit; // unit: "%", "corridors" or "% of services"
  std::optional<double> baseline;      // empty when the data has no baseline value
  corridors::Quarter baseline_period{2000, 1};
  double target = 0;
  corridors::Quarter deadline{2000, 1};
  std::optional<double> current;
  std::optional<double> share_achieved; // (baseline − current) / (baseline − target)
  std::optional<double> path_value;     // straight line from baseline to target at the quarter
  std::optional<bool> on_track;         // empty: cannot be assessed (see `note`)
  bool deadline_passed = false;
  std::vector<std::string> corridors_above; // corridor targets: those above the limit ("KEN-UGA")
  std::string note;                         // what could not be computed, and why
  std::string source;
  std::optional<Projection> projection;     // empty: fewer than 4 quarters with a value
};

struct CorridorRow
{
  corridors::CorridorKey corridor;
  std::string sender_name, receiver_name; // from the catalogue; the code when unknown
  double average = 0;
  std::string source; // "services" (computed) or "databank" (published ATCR.CORR)
  size_t services = 0;
  size_t excluded_non_transparent = 0;
  std::optional<double> cheapest, spread, smart;
  std::string cheapest_provider; // names from the data: escaped by every renderer
  bool smart_fewer_than_three = false;
  std::optional<double> previous;  // the corridor's average in the previous quarter with data
  std::optional<double> change_pp; // average − previous
};

struct SpeedRow
{
  std::string id, label;
  size_t services = 0;
};

struct CorridorSection
{
  std::vector<CorridorRow> all; // ordered by corridor key
  std::vector<CorridorRow> most_expensive;  // 10, dearest first
  std::vector<CorridorRow> least_expensive; // 10, cheapest first
  std::vector<CorridorRow> rose_most;       // up to 10 with a rise, largest first
  std::vector<CorridorRow> above_5;         // every corridor above 5 %, dearest first
  size_t at_most_3 = 0, from_3_to_5 = 0, above_5_count = 0;
  std::optional<double> services_per_corridor; // mean, corridors computed from services
  std::optional<double> mean_spread_pp;        // mean cheapest-vs-average spread
  std::optional<double> transparency_share;    // transparent / all services, percent
  std::vector<SpeedRow> speed;                 // transparent services per speed class
  size_t speed_unknown = 0;
};

struct HistoryRow
{
  corridors::Quarter quarter{2000, 1};
  std::optional<double> computed_global;   // remitwatch, service-level
  std::optional<double> computed_weighted; // remitwatch, flow-weighted
  std::optional<double> computed_smart;
  std::optional<double> computed_mean_of_corridors;
  std::string computed_basis; // "services", "corridor series" or "" (no data)
  size_t computed_corridors = 0;   // corridors with an average
  size_t corridors_from_series = 0; // of which DataBank values (no service rows)
  std::optional<double> published_global;   // the World Bank's figure
  std::optional<double> published_weighted;
  std::optional<double> published_smart;
  std::string published_source;
};

struct RunNote
{
  std::string kind, source, input, started_at, status, message;
  long long rows_read = 0, imported = 0, updated = 0, unchanged = 0, rejected = 0, flagged = 0;
};

struct Notes
{
  std::vector<std::string> basis; // what this quarter's data allows and what it does not
  std::vector<std::string> sources;
  std::vector<RunNote> runs;
  std::vector<std::string> coverage;   // corridors without data, corridors that dropped out
  std::vector<std::string> benchmarks; // benchmark coverage and staleness
  std::vector<std::string> flagged;    // rows flagged at import, by reason
};

struct Report
{
  corridors::Quarter quarter{2000, 1};
  int amount = 200;
  std::string title, organisation; // the heading (ReportOptions::title, else the default) and who publishes it
  bool global = true;      // the scope is every corridor
  std::string scope;       // in words: "all corridors", "corridors from Kenya", …
  std::string scope_options; // the options that chose it: "--sender KEN" ("" when global)
  std::string generated_at, version;
  Headline headline;
  std::vector<TargetRow> targets;
  std::vector<GroupRow> by_firm_type;
  std::vector<GroupRow> by_region;       // receiving region, high-income receivers apart
  std::vector<GroupRow> g20;             // senders, receivers
  std::vector<GroupRow> by_income;       // receiver income group
  std::vector<GroupRow> south_north;     // South–South, North–South, South–North, North–North
  CorridorSection corridors;
  std::vector<HistoryRow> history;       // every quarter with data or a published figure, up to the report's
  Notes notes;
};

// Everything the report reads from outside: the store and the compiled-in
// published figures. build_report needs nothing else, so a test can make
// these by hand instead of filling a database.
struct ReportInputs
{
  corridors::Quarter quarter{2000, 1}; // the report's: asked for, else the latest with data
  // The services of the report's amount by quarter (quarters with service
  // rows) and the published corridor series by quarter (USD 200 only), both
  // limited to the corridor filter and to quarters up to `quarter`.
  std::map<corridors::Quarter, calculator::QuarterAggregates> aggregates;
  std::map<corridors::Quarter, std::vector<store::SeriesRecord>> series;
  std::vector<PublishedFigure> published;
  std::vector<store::RunSummary> runs;
  std::vector<store::BenchmarkCoverage> benchmarks;
  std::vector<store::FlagCount> flagged; // the report's quarter and amount
  std::vector<std::string> left_out;     // stored rows that could not be read, each named (notes: coverage)
};

// Every store read of the report (report_inputs.cpp). Fails on an amount
// other than 200 or 500 and when there is no data for the quarter (the
// message names the quarters held).
util::Expected<ReportInputs>
load_report_inputs(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options);

// The report from loaded inputs, without touching the store. `inputs` must
// hold data (service rows or series) for `inputs.quarter`, as
// load_report_inputs guarantees; otherwise it throws std::invalid_argument.
Report
build_report(const ReportInputs& inputs, const corridors::Catalogue& catalogue, const ReportOptions& options);

// load_report_inputs, then build_report.
util::Expected<Report>
build_report(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options);

} // namespace rw::reports
