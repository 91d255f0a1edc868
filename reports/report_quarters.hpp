#pragma once

#include "reports/report.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace rw::reports {

// Internal to the report's sources (report*.cpp): each quarter's figures,
// the quarters a report compares, and one function per section. Nothing here
// reads the store: the inputs are loaded once, by load_report_inputs.

// One corridor's average in a quarter and where it came from.
struct CorridorValue
{
  double average = 0;
  const calculator::CorridorAverage* computed = nullptr; // set when computed from services
};

// Everything the report needs of one quarter.
struct QuarterData
{
  const calculator::QuarterAggregates* aggregates = nullptr; // when the quarter has service rows
  std::map<corridors::CorridorKey, CorridorValue> corridors;
  calculator::CorridorLevel level;
  size_t from_series = 0;
};

// Quarters with service rows or series values.
std::set<corridors::Quarter> quarters_with_data(const ReportInputs& inputs);

// Every quarter of the inputs; points into `inputs`, which must outlive it.
std::map<corridors::Quarter, QuarterData> compute_quarters(const ReportInputs& inputs,
                                                           const corridors::Catalogue& catalogue);

// The figures of the report's quarter and the two it is compared with.
struct Compared
{
  const QuarterData* current = nullptr;
  const QuarterData* previous = nullptr; // the previous quarter with data
  const QuarterData* year_ago = nullptr;
  corridors::Quarter current_quarter{2000, 1};
  std::optional<corridors::Quarter> previous_quarter, year_ago_quarter;

  // A figure read from the aggregates of each quarter (services basis).
  Figure figure(const std::function<calculator::Mean(const calculator::QuarterAggregates&)>& read) const;

  // A figure read from the corridor-level figures (any basis).
  Figure level_figure(const std::function<std::optional<double>(const calculator::CorridorLevel&)>& read,
                      size_t count) const;
};


// report_headline.cpp: the headline figures with their coverage, the lead
// figure and the summary in words; the default title.
Headline headline_of(const Compared& compared, const corridors::Catalogue& catalogue, const ReportOptions& options);
std::string default_title(corridors::Quarter quarter, const std::string& scope);
// The figure a global-average target is measured on: the service-level
// average when the service rows cover every corridor with a value, else the
// mean of corridor averages over them all (docs/methodology.md).
std::optional<double> representative_average(const QuarterData& data);
// Corridors computed from service rows in the quarter.
size_t service_corridors(const QuarterData& data);

// report_targets.cpp: one row per target of all_targets().
std::vector<TargetRow> target_rows(const std::map<corridors::Quarter, QuarterData>& quarters,
                                   corridors::Quarter quarter);

// report_corridors.cpp: the corridor tables, bands, transparency and speed.
CorridorSection corridor_section(const Compared& compared, const corridors::Catalogue& catalogue);

// report_notes.cpp: the data notes.
Notes notes_for(const ReportInputs& inputs,
                const Compared& compared,
                const corridors::Catalogue& catalogue,
                const ReportOptions& options);

} // namespace rw::reports
