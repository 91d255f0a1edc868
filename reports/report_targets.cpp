// The report's target rows: one per target of all_targets() (targets.cpp),
// its current value and, for targets without a published baseline, its
// baseline measured on our own data in the baseline quarter.

#include "reports/projection.hpp"
#include "reports/report_quarters.hpp"
#include "reports/targets.hpp"

#include <fmt/format.h>

namespace rw::reports {

namespace {

using calculator::QuarterAggregates;
using corridors::Quarter;

constexpr const char* k_services_needed = "needs service rows; this quarter holds only published corridor averages";

// Services delivered in less than one hour, percent of the transparent
// services whose speed is known.
std::optional<double>
within_one_hour_share(const QuarterAggregates& aggregates)
{
  const size_t known = aggregates.speed.total - aggregates.speed.unknown;
  if (known == 0) {
    return std::nullopt;
  }
  const auto fast = aggregates.speed.counts[static_cast<size_t>(corridors::SpeedClass::less_than_one_hour)];
  return 100.0 * static_cast<double>(fast) / static_cast<double>(known);
}

std::vector<std::string>
corridors_above(const QuarterData& data, bool smart)
{
  std::vector<std::string> above;
  for (const auto& [key, value] : data.corridors) {
    std::optional<double> measured = value.average;
    if (smart) {
      measured = value.computed != nullptr ? value.computed->smart.value : std::nullopt;
    }
    if (measured && !calculator::within_band(*measured, 5.0)) {
      above.push_back(key.to_string());
    }
  }
  return above;
}

void
assess(TargetRow& row, Quarter quarter)
{
  row.deadline_passed = quarter > row.deadline;
  if (!row.baseline || !row.current) {
    return;
  }
  const Target target{row.id, row.name, *row.baseline, row.baseline_period, row.target, row.deadline, row.source};
  const TargetProgress progress = evaluate(target, quarter, *row.current);
  if (*row.baseline != row.target) {
    row.share_achieved = progress.share_achieved;
  }
  row.path_value = progress.path_value;
  row.on_track = progress.on_track;
}

// The row's fields that come from the table: what is measured, in what unit,
// from when to when.
TargetRow
row_of(const Target& target)
{
  const auto [measure, unit] = [&]() -> std::pair<const char*, const char*> {
    switch (target.measure) {
      case TargetMeasure::global_average: return {"global average total cost (service-level, USD 200)", "%"};
      case TargetMeasure::corridors_smart_above_5: return {"corridors with SmaRT above 5 %", "corridors"};
      case TargetMeasure::corridors_average_above_5: return {"corridors with an average above 5 %", "corridors"};
      case TargetMeasure::within_one_hour_share:
        return {"services delivering in less than one hour, share of services with a known speed", "%"};
    }
    return {"", ""};
  }();
  TargetRow row{target.id, target.name, measure, unit};
  row.baseline_period = target.baseline_period;
  row.target = target.target;
  row.deadline = target.deadline;
  row.source = target.source;
  return row;
}

// The representative figure (docs/methodology.md, "The quarterly report"):
// the service-level global average when the service rows cover every
// corridor with a value, else the mean of corridor averages over them all,
// never a partial sample set against a global baseline.
void
measure_global_average(TargetRow& row, const Target& target, const QuarterData& data)
{
  row.baseline = target.baseline;
  row.current = representative_average(data);
  if (data.aggregates && data.from_series == 0) {
    return;
  }
  row.measure = "mean of corridor averages over every corridor with a value (USD 200), in place of the "
                "service-level global average";
  row.note = data.aggregates
               ? fmt::format("service rows cover {} of {} corridors: measured on the mean of corridor averages",
                             service_corridors(data), data.corridors.size())
               : "no service rows this quarter: measured on the mean of corridor averages";
}

// Corridor targets: their baseline is our own count in the baseline quarter.
void
measure_corridors_above(TargetRow& row, bool smart, const QuarterData& data, const QuarterData* base)
{
  if (!smart || data.aggregates) {
    row.corridors_above = corridors_above(data, smart);
    row.current = static_cast<double>(row.corridors_above.size());
  } else {
    row.note = fmt::format("SmaRT {}", k_services_needed);
  }
  if (base != nullptr && (!smart || base->aggregates)) {
    row.baseline = static_cast<double>(corridors_above(*base, smart).size());
  } else {
    row.note += fmt::format("{}no data for the baseline quarter {}, so no path or share achieved",
                            row.note.empty() ? "" : "; ", row.baseline_period.to_string());
  }
}

void
measure_speed(TargetRow& row, const QuarterData& data, const QuarterData* base)
{
  if (data.aggregates) {
    row.current = within_one_hour_share(*data.aggregates);
    if (!row.current) {
      row.note = "no service with a known speed";
    }
  } else {
    row.note = fmt::format("speed {}", k_services_needed);
  }
  if (base != nullptr && base->aggregates) {
    row.baseline = within_one_hour_share(*base->aggregates);
  }
  if (!row.baseline) {
    row.note += fmt::format("{}no speed data for the baseline quarter {}, so no path or share achieved",
                            row.note.empty() ? "" : "; ", row.baseline_period.to_string());
  }
}

// The target's measure in one quarter, as the row measures it in the report's.
std::optional<double>
measure_at(const Target& target, const QuarterData& data)
{
  switch (target.measure) {
    case TargetMeasure::global_average: return representative_average(data);
    case TargetMeasure::corridors_smart_above_5:
      if (!data.aggregates) {
        return std::nullopt;
      }
      return static_cast<double>(corridors_above(data, true).size());
    case TargetMeasure::corridors_average_above_5:
      return data.corridors.empty() ? std::nullopt
                                    : std::optional<double>(static_cast<double>(corridors_above(data, false).size()));
    case TargetMeasure::within_one_hour_share:
      return data.aggregates ? within_one_hour_share(*data.aggregates) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<Projection>
projection_of(const TargetRow& row, const Target& target, const std::map<Quarter, QuarterData>& quarters, Quarter quarter)
{
  std::vector<std::pair<Quarter, double>> points;
  for (const auto& [q, data] : quarters) {
    if (q > quarter) {
      break;
    }
    if (auto value = measure_at(target, data)) {
      points.emplace_back(q, *value);
    }
  }
  ProjectionTarget goal;
  goal.target = target.target;
  goal.deadline = target.deadline;
  goal.falling = target.measure != TargetMeasure::within_one_hour_share;
  goal.current = row.current;
  goal.unit = row.unit;
  return project(points, goal);
}

} // namespace

std::vector<TargetRow>
target_rows(const std::map<Quarter, QuarterData>& quarters, Quarter quarter)
{
  const QuarterData& data = quarters.at(quarter);
  const auto at = [&](Quarter q) -> const QuarterData* {
    auto it = quarters.find(q);
    return it != quarters.end() ? &it->second : nullptr;
  };
  std::vector<TargetRow> rows;
  for (const Target& target : all_targets()) {
    TargetRow row = row_of(target);
    switch (target.measure) {
      case TargetMeasure::global_average: measure_global_average(row, target, data); break;
      case TargetMeasure::corridors_smart_above_5:
      case TargetMeasure::corridors_average_above_5:
        measure_corridors_above(row, target.measure == TargetMeasure::corridors_smart_above_5, data,
                                at(target.baseline_period));
        break;
      case TargetMeasure::within_one_hour_share: measure_speed(row, data, at(target.baseline_period)); break;
    }
    assess(row, quarter);
    row.projection = projection_of(row, target, quarters, quarter);
    rows.push_back(std::move(row));
  }
  return rows;
}

} // namespace rw::reports
