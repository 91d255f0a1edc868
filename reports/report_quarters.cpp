// Each quarter's figures as the report reads them: the corridor averages of
// a quarter (computed from services, else DataBank's published value), the
// corridor-level figures over them, and a figure with its changes against
// the previous quarter with data and the quarter a year earlier.

#include "reports/report_quarters.hpp"

#include <algorithm>

namespace rw::reports {

using calculator::Mean;
using calculator::QuarterAggregates;
using corridors::CorridorKey;
using corridors::Quarter;

namespace {

// A figure with its changes against the earlier quarters' values (empty
// where a quarter or its value is missing).
Figure
with_changes(std::optional<double> value,
             size_t count,
             std::optional<double> previous,
             std::optional<double> year_ago)
{
  const calculator::Change change = calculator::change(value, previous, year_ago);
  Figure figure;
  figure.value = value;
  figure.change_previous_pp = change.quarter_on_quarter_pp;
  figure.change_year_ago_pp = change.year_on_year_pp;
  figure.count = count;
  return figure;
}

} // namespace

std::set<Quarter>
quarters_with_data(const ReportInputs& inputs)
{
  std::set<Quarter> quarters;
  for (const auto& [quarter, aggregate] : inputs.aggregates) {
    quarters.insert(quarter);
  }
  for (const auto& [quarter, values] : inputs.series) {
    quarters.insert(quarter);
  }
  return quarters;
}

std::map<Quarter, QuarterData>
compute_quarters(const ReportInputs& inputs, const corridors::Catalogue& catalogue)
{
  std::map<Quarter, QuarterData> quarters;
  for (const Quarter quarter : quarters_with_data(inputs)) {
    QuarterData& data = quarters[quarter];
    if (auto it = inputs.aggregates.find(quarter); it != inputs.aggregates.end()) {
      data.aggregates = &it->second;
      for (const auto& corridor : data.aggregates->corridors) {
        if (corridor.average) {
          data.corridors[corridor.corridor] = {*corridor.average, &corridor};
        }
      }
    }
    if (auto it = inputs.series.find(quarter); it != inputs.series.end()) {
      for (const auto& value : it->second) {
        // A corridor with service rows is computed; the published value is for cross-checks.
        if (data.corridors.try_emplace({value.sender, value.receiver}, CorridorValue{value.value, nullptr}).second) {
          ++data.from_series;
        }
      }
    }
    std::vector<calculator::CorridorValue> values;
    values.reserve(data.corridors.size());
    for (const auto& [key, value] : data.corridors) {
      values.push_back({key, value.average});
    }
    data.level = calculator::corridor_level(values, catalogue);
  }
  return quarters;
}

Figure
Compared::figure(const std::function<Mean(const QuarterAggregates&)>& read) const
{
  if (!current->aggregates) {
    return {};
  }
  const Mean now = read(*current->aggregates);
  const auto at = [&](const QuarterData* data) -> std::optional<double> {
    return data != nullptr && data->aggregates ? read(*data->aggregates).value : std::nullopt;
  };
  return with_changes(now.value, now.count, at(previous), at(year_ago));
}

Figure
Compared::level_figure(const std::function<std::optional<double>(const calculator::CorridorLevel&)>& read,
                       size_t count) const
{
  const auto at = [&](const QuarterData* data) -> std::optional<double> {
    return data != nullptr ? read(data->level) : std::nullopt;
  };
  return with_changes(read(current->level), count, at(previous), at(year_ago));
}

} // namespace rw::reports
