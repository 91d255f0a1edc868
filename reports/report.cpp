// The quarterly report assembled from loaded inputs: the headline, the
// targets, the breakdowns by firm type, region, G20, income and
// South-North, the corridor section, the history and the notes. No store
// access here: report_inputs.cpp loads everything first.

#include "reports/report_quarters.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace rw::reports {

namespace {

using calculator::Mean;
using calculator::QuarterAggregates;
using corridors::Quarter;

// Rows for a map-keyed breakdown of the aggregates (firm types, regions,
// income groups): one per key of the current quarter, its change read from
// the same key in the earlier quarters.
template<typename Key>
std::vector<GroupRow>
keyed_rows(const Compared& compared,
           std::map<Key, Mean> QuarterAggregates::*member,
           const std::function<std::pair<std::string, std::string>(const Key&)>& describe)
{
  std::vector<GroupRow> rows;
  if (!compared.current->aggregates) {
    return rows;
  }
  for (const auto& [key, mean] : (*compared.current->aggregates).*member) {
    auto [id, label] = describe(key);
    rows.push_back({std::move(id), std::move(label), compared.figure([member, key](const QuarterAggregates& a) {
                      const auto& values = a.*member;
                      auto it = values.find(key);
                      return it != values.end() ? it->second : Mean{};
                    })});
  }
  return rows;
}

std::vector<GroupRow>
member_rows(const Compared& compared,
            std::initializer_list<std::tuple<const char*, const char*, Mean QuarterAggregates::*>> members)
{
  std::vector<GroupRow> rows;
  if (!compared.current->aggregates) {
    return rows;
  }
  for (const auto& [id, label, member] : members) {
    rows.push_back({id, label, compared.figure([member](const QuarterAggregates& a) { return a.*member; })});
  }
  return rows;
}

std::vector<HistoryRow>
history_rows(const std::map<Quarter, QuarterData>& quarters,
             const std::vector<PublishedFigure>& published,
             Quarter last,
             bool show_published)
{
  std::map<Quarter, HistoryRow> rows;
  for (const auto& [quarter, data] : quarters) {
    HistoryRow& row = rows[quarter];
    row.quarter = quarter;
    row.computed_mean_of_corridors = data.level.mean_of_corridor_averages.value;
    row.computed_weighted = data.level.weighted.value;
    row.computed_corridors = data.corridors.size();
    row.corridors_from_series = data.from_series;
    if (data.aggregates) {
      row.computed_basis = "services";
      row.computed_global = data.aggregates->global.value;
      row.computed_smart = data.aggregates->smart_global.value;
    } else {
      row.computed_basis = "corridor series";
    }
  }
  if (show_published) {
    for (const auto& figure : published) {
      if (figure.period > last
          || (figure.measure != "global" && figure.measure != "weighted" && figure.measure != "smart")) {
        continue;
      }
      HistoryRow& row = rows[figure.period];
      row.quarter = figure.period;
      (figure.measure == "global"     ? row.published_global
       : figure.measure == "weighted" ? row.published_weighted
                                      : row.published_smart) = figure.value;
      if (row.published_source.empty()) {
        row.published_source = figure.source;
      } else if (row.published_source.find(figure.source) == std::string::npos) {
        row.published_source += "; " + figure.source;
      }
    }
  }
  std::vector<HistoryRow> result;
  result.reserve(rows.size());
  for (auto& [quarter, row] : rows) {
    result.push_back(std::move(row));
  }
  return result;
}

// The report's quarter, the previous quarter with data and the same quarter a year earlier.
Compared
compare(const std::map<Quarter, QuarterData>& quarters, Quarter quarter)
{
  auto it = quarters.find(quarter);
  if (it == quarters.end()) {
    throw std::invalid_argument(fmt::format("build_report: the inputs hold no data for {}", quarter.to_string()));
  }
  Compared compared;
  compared.current = &it->second;
  compared.current_quarter = quarter;
  if (it != quarters.begin()) {
    compared.previous = &std::prev(it)->second;
    compared.previous_quarter = std::prev(it)->first;
  }
  if (auto year_ago = quarters.find(quarter.year_ago()); year_ago != quarters.end()) {
    compared.year_ago = &year_ago->second;
    compared.year_ago_quarter = quarter.year_ago();
  }
  return compared;
}

// The breakdowns of the services: firm type, region, G20, income, South-North.
void
add_groups(Report& report, const Compared& compared)
{
  report.by_firm_type =
    keyed_rows<corridors::FirmType>(compared, &QuarterAggregates::by_firm_type, [](corridors::FirmType type) {
      return std::pair(std::string(corridors::to_string(type)), std::string(corridors::display_name(type)));
    });
  report.by_region = keyed_rows<std::string>(compared, &QuarterAggregates::by_region, [](const std::string& bucket) {
    auto region = corridors::parse_region(bucket);
    return std::pair(bucket, region ? std::string(corridors::display_name(*region)) : "High-income receivers");
  });
  report.g20 = member_rows(compared, {{"g20_senders", "Sent from G20 countries", &QuarterAggregates::g20_senders},
                                      {"g20_receivers", "Sent to G20 countries", &QuarterAggregates::g20_receivers}});
  report.by_income =
    keyed_rows<corridors::IncomeGroup>(compared, &QuarterAggregates::by_receiver_income, [](corridors::IncomeGroup g) {
      return std::pair(std::string(corridors::to_string(g)), std::string(corridors::display_name(g)));
    });
  report.south_north = member_rows(compared, {{"south_south", "South-South", &QuarterAggregates::south_south},
                                              {"north_south", "North-South", &QuarterAggregates::north_south},
                                              {"south_north", "South-North", &QuarterAggregates::south_north},
                                              {"north_north", "North-North", &QuarterAggregates::north_north}});
}

} // namespace

Report
build_report(const ReportInputs& inputs, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  const Quarter quarter = inputs.quarter;
  const auto quarters = compute_quarters(inputs, catalogue);
  const Compared compared = compare(quarters, quarter);

  Report report;
  report.quarter = quarter;
  report.amount = options.amount;
  report.generated_at = options.generated_at;
  report.version = options.version;
  report.global = options.scope.global();
  report.scope = options.scope.describe(catalogue);
  report.scope_options = options.scope.to_string();
  report.title = options.title.empty() ? default_title(quarter, report.global ? "" : report.scope) : options.title;
  report.organisation = options.organisation;
  report.headline = headline_of(compared, catalogue, options);
  report.targets = target_rows(quarters, quarter);
  add_groups(report, compared);
  report.corridors = corridor_section(compared, catalogue);
  // Published figures are global figures for USD 200: shown only when the report is too.
  report.history = history_rows(quarters, inputs.published, quarter,
                                options.amount == 200 && options.scope.global());
  report.notes = notes_for(inputs, compared, catalogue, options);
  report.notes.coverage.insert(report.notes.coverage.end(), inputs.left_out.begin(), inputs.left_out.end());
  return report;
}

} // namespace rw::reports
