#include "reports/report.hpp"

#include "calculator/cost.hpp"
#include "datasets/stored_costs.hpp"
#include "reports/published.hpp"
#include "reports/targets.hpp"
#include "store/queries.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace rw::reports {

namespace {

using calculator::Mean;
using calculator::QuarterAggregates;
using corridors::CorridorKey;
using corridors::Quarter;

constexpr size_t k_top = 10; // rows in the most / least expensive and rose-most tables

// One corridor's average in a quarter and where it came from.
struct CorridorValue
{
  double average = 0;
  const calculator::CorridorAverage* computed = nullptr; // set when computed from services
};

// Everything the report needs of one quarter.
struct QuarterData
{
  std::optional<QuarterAggregates> aggregates; // when the quarter has service rows
  std::map<CorridorKey, CorridorValue> corridors;
  calculator::CorridorLevel level;
  size_t from_series = 0;
};

std::optional<double>
difference(std::optional<double> current, std::optional<double> earlier)
{
  if (current && earlier) {
    return *current - *earlier;
  }
  return std::nullopt;
}

std::string
country_name(const corridors::Catalogue& catalogue, const std::string& iso3)
{
  const corridors::Country* country = catalogue.find_country(iso3);
  return country != nullptr ? country->name : iso3;
}

bool
passes(const std::vector<CorridorKey>& filter, const CorridorKey& key)
{
  return filter.empty() || std::ranges::find(filter, key) != filter.end();
}

// The services of one amount, grouped by quarter, and the published corridor
// series, both limited to the filter and to quarters up to `last`.
struct Inputs
{
  std::map<Quarter, QuarterAggregates> aggregates; // quarters with service rows
  std::map<Quarter, std::vector<store::SeriesRecord>> series;
  std::set<Quarter> quarters; // with service rows or series values
};

util::Expected<Inputs>
load_inputs(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  Inputs inputs;
  auto aggregates = datasets::aggregate_stored_quarters(
    database, options.amount, std::nullopt, options.quarter, catalogue,
    [&](std::string_view sender, std::string_view receiver) {
      return options.corridor_filter.empty()
             || std::ranges::any_of(options.corridor_filter,
                                    [&](const CorridorKey& k) { return k.sender == sender && k.receiver == receiver; });
    });
  if (!aggregates) {
    return std::unexpected(aggregates.error());
  }
  inputs.aggregates = std::move(*aggregates);
  for (const auto& [quarter, aggregate] : inputs.aggregates) {
    inputs.quarters.insert(quarter);
  }
  // DataBank's corridor series are USD 200 figures.
  if (options.amount == 200) {
    auto series = store::load_series_all(database, "ATCR.CORR");
    if (!series) {
      return std::unexpected(series.error());
    }
    for (auto& value : *series) {
      auto period = Quarter::parse(value.period);
      if (!period) {
        return util::make_error(util::ErrorKind::database,
                                fmt::format("{}: corridor series ATCR.CORR {}-{}: {}", database.path(),
                                            value.sender, value.receiver, period.error().message));
      }
      if ((options.quarter && *period > *options.quarter)
          || !passes(options.corridor_filter, {value.sender, value.receiver})) {
        continue;
      }
      inputs.quarters.insert(*period);
      inputs.series[*period].push_back(std::move(value));
    }
  }
  return inputs;
}

std::map<Quarter, QuarterData>
compute_quarters(Inputs& inputs, const corridors::Catalogue& catalogue)
{
  std::map<Quarter, QuarterData> quarters;
  for (const Quarter quarter : inputs.quarters) {
    QuarterData& data = quarters[quarter];
    if (auto it = inputs.aggregates.find(quarter); it != inputs.aggregates.end()) {
      data.aggregates = std::move(it->second);
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

// The figures of the report's quarter and the two it is compared with.
struct Compared
{
  const QuarterData* current = nullptr;
  const QuarterData* previous = nullptr;
  const QuarterData* year_ago = nullptr;

  // A figure read from the aggregates of each quarter (services basis).
  Figure figure(const std::function<Mean(const QuarterAggregates&)>& read) const
  {
    Figure figure;
    if (!current->aggregates) {
      return figure;
    }
    const Mean now = read(*current->aggregates);
    figure.value = now.value;
    figure.count = now.count;
    const auto at = [&](const QuarterData* data) -> std::optional<double> {
      return data != nullptr && data->aggregates ? read(*data->aggregates).value : std::nullopt;
    };
    figure.change_previous_pp = difference(now.value, at(previous));
    figure.change_year_ago_pp = difference(now.value, at(year_ago));
    return figure;
  }

  // A figure read from the corridor-level figures (any basis).
  Figure level_figure(const std::function<std::optional<double>(const calculator::CorridorLevel&)>& read,
                      size_t count) const
  {
    Figure figure;
    figure.value = read(current->level);
    figure.count = count;
    if (previous != nullptr) {
      figure.change_previous_pp = difference(figure.value, read(previous->level));
    }
    if (year_ago != nullptr) {
      figure.change_year_ago_pp = difference(figure.value, read(year_ago->level));
    }
    return figure;
  }
};

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

std::vector<TargetRow>
target_rows(const std::map<Quarter, QuarterData>& quarters, Quarter quarter)
{
  const QuarterData& data = quarters.at(quarter);
  const auto at = [&](Quarter q) -> const QuarterData* {
    auto it = quarters.find(q);
    return it != quarters.end() ? &it->second : nullptr;
  };
  const std::string services_needed =
    "needs service rows; this quarter holds only published corridor averages";

  std::vector<TargetRow> rows;
  for (const Target& target : global_targets()) {
    TargetRow row{target.id, target.name, "global average total cost (service-level, USD 200)", "%"};
    row.baseline = target.baseline;
    row.baseline_period = target.baseline_period;
    row.target = target.target;
    row.deadline = target.deadline;
    row.source = target.source;
    if (data.aggregates) {
      row.current = data.aggregates->global.value;
    } else {
      row.note = fmt::format("current value {}", services_needed);
    }
    assess(row, quarter);
    rows.push_back(std::move(row));
  }

  // Corridor targets: their baseline is our own count in the baseline quarter.
  const auto corridor_target = [&](std::string id, std::string name, std::string measure, Quarter baseline_period,
                                   bool smart, std::string source) {
    TargetRow row{std::move(id), std::move(name), std::move(measure), "corridors"};
    row.baseline_period = baseline_period;
    row.target = 0;
    row.deadline = Quarter(2030, 4);
    row.source = std::move(source);
    if (!smart || data.aggregates) {
      row.corridors_above = corridors_above(data, smart);
      row.current = static_cast<double>(row.corridors_above.size());
    } else {
      row.note = fmt::format("SmaRT {}", services_needed);
    }
    const QuarterData* base = at(baseline_period);
    if (base != nullptr && (!smart || base->aggregates)) {
      row.baseline = static_cast<double>(corridors_above(*base, smart).size());
    } else {
      row.note += fmt::format("{}no data for the baseline quarter {}, so no path or share achieved",
                              row.note.empty() ? "" : "; ", baseline_period.to_string());
    }
    assess(row, quarter);
    rows.insert(rows.begin() + (smart ? 2 : static_cast<std::ptrdiff_t>(rows.size())), std::move(row));
  };
  corridor_target("sdg_10c_corridors", "SDG 10.c: no corridor above 5 % (SmaRT)", "corridors with SmaRT above 5 %",
                  Quarter(2016, 2), true, "UN 2030 Agenda (2015), indicator 10.c.1: corridors tested on SmaRT");
  corridor_target("g20_2030_corridors", "G20 roadmap: no corridor above 5 % by 2030", "corridors with an average above 5 %",
                  Quarter(2020, 4), false, "G20 Roadmap for Enhancing Cross-border Payments (2020/2021)");

  TargetRow speed{"g20_2027_speed", "G20 roadmap: 75 % of remittances within one hour by end-2027",
                  "services delivering in less than one hour, share of services with a known speed", "%"};
  speed.baseline_period = Quarter(2020, 4);
  speed.target = 75;
  speed.deadline = Quarter(2027, 4);
  speed.source = "G20 Roadmap for Enhancing Cross-border Payments (2020/2021); measured on services, not on "
                 "remitted value";
  if (data.aggregates) {
    speed.current = within_one_hour_share(*data.aggregates);
    if (!speed.current) {
      speed.note = "no service with a known speed";
    }
  } else {
    speed.note = fmt::format("speed {}", services_needed);
  }
  if (const QuarterData* base = at(speed.baseline_period); base != nullptr && base->aggregates) {
    speed.baseline = within_one_hour_share(*base->aggregates);
  }
  if (!speed.baseline) {
    speed.note += fmt::format("{}no speed data for the baseline quarter {}, so no path or share achieved",
                              speed.note.empty() ? "" : "; ", speed.baseline_period.to_string());
  }
  assess(speed, quarter);
  rows.push_back(std::move(speed));
  return rows;
}

CorridorSection
corridor_section(const Compared& compared, const corridors::Catalogue& catalogue)
{
  CorridorSection section;
  const QuarterData& data = *compared.current;
  double services_sum = 0, spread_sum = 0;
  size_t computed = 0, spreads = 0;
  for (const auto& [key, value] : data.corridors) {
    CorridorRow row;
    row.corridor = key;
    row.sender_name = country_name(catalogue, key.sender);
    row.receiver_name = country_name(catalogue, key.receiver);
    row.average = value.average;
    row.source = value.computed != nullptr ? "services" : "databank";
    if (const auto* c = value.computed) {
      row.services = c->services;
      row.excluded_non_transparent = c->excluded_non_transparent;
      row.cheapest = c->cheapest;
      row.cheapest_provider = c->cheapest_provider;
      row.spread = c->spread;
      row.smart = c->smart.value;
      row.smart_fewer_than_three = c->smart.fewer_than_three;
      services_sum += static_cast<double>(c->services);
      ++computed;
      if (c->spread) {
        spread_sum += *c->spread;
        ++spreads;
      }
    }
    if (compared.previous != nullptr) {
      if (auto it = compared.previous->corridors.find(key); it != compared.previous->corridors.end()) {
        row.previous = it->second.average;
        row.change_pp = row.average - it->second.average;
      }
    }
    section.all.push_back(std::move(row));
  }
  section.at_most_3 = data.level.shares.at_most_3;
  section.from_3_to_5 = data.level.shares.from_3_to_5;
  section.above_5_count = data.level.shares.above_5;
  if (computed > 0) {
    section.services_per_corridor = services_sum / static_cast<double>(computed);
  }
  if (spreads > 0) {
    section.mean_spread_pp = spread_sum / static_cast<double>(spreads);
  }

  // Ties are broken by corridor key (the order of `all`), so the tables repeat.
  std::vector<CorridorRow> by_cost = section.all;
  std::ranges::stable_sort(by_cost, std::ranges::greater(), &CorridorRow::average);
  section.most_expensive.assign(by_cost.begin(), by_cost.begin() + static_cast<std::ptrdiff_t>(std::min(k_top, by_cost.size())));
  std::ranges::stable_sort(by_cost, std::ranges::less(), &CorridorRow::average);
  section.least_expensive.assign(by_cost.begin(), by_cost.begin() + static_cast<std::ptrdiff_t>(std::min(k_top, by_cost.size())));
  std::ranges::stable_sort(by_cost, std::ranges::greater(), &CorridorRow::average);
  for (const auto& row : by_cost) {
    if (!calculator::within_band(row.average, 5.0)) {
      section.above_5.push_back(row);
    }
  }
  for (const auto& row : section.all) {
    if (row.change_pp && *row.change_pp > 0) {
      section.rose_most.push_back(row);
    }
  }
  std::ranges::stable_sort(section.rose_most, [](const CorridorRow& a, const CorridorRow& b) {
    return *a.change_pp > *b.change_pp;
  });
  if (section.rose_most.size() > k_top) {
    section.rose_most.resize(k_top);
  }

  if (data.aggregates) {
    const auto& a = *data.aggregates;
    const size_t all_services = a.services + a.excluded_non_transparent;
    if (all_services > 0) {
      section.transparency_share = 100.0 * static_cast<double>(a.services) / static_cast<double>(all_services);
    }
    for (const auto speed : corridors::k_all_speed_classes) {
      section.speed.push_back({std::string(corridors::to_string(speed)), std::string(corridors::display_name(speed)),
                               a.speed.counts[static_cast<size_t>(speed)]});
    }
    section.speed_unknown = a.speed.unknown;
  }
  return section;
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

std::string
join(const std::vector<std::string>& items, size_t limit)
{
  std::string text;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    text += (i > 0 ? ", " : "") + items[i];
  }
  if (items.size() > limit) {
    text += fmt::format(" and {} more", items.size() - limit);
  }
  return text;
}

util::Expected<Notes>
notes_for(store::Database& database,
          const Compared& compared,
          const corridors::Catalogue& catalogue,
          const ReportOptions& options,
          Quarter quarter)
{
  Notes notes;
  const QuarterData& data = *compared.current;
  if (data.aggregates) {
    notes.basis.push_back(fmt::format("Service-level figures are computed from {} transparent services in {} "
                                      "corridors (USD {}).",
                                      data.aggregates->services, data.corridors.size() - data.from_series,
                                      options.amount));
    if (data.from_series > 0) {
      notes.basis.push_back(fmt::format(
        "{} corridors have no service rows this quarter: their averages are the World Bank's published corridor "
        "values (DataBank ATCR.CORR, marked \"databank\") and enter only the corridor-level figures (corridor "
        "tables, bands, mean of corridor averages, weighted average), not the service-level ones.",
        data.from_series));
    }
  } else {
    notes.basis.push_back(fmt::format(
      "{} holds no service rows, only the World Bank's published corridor averages (DataBank ATCR.CORR) for {} "
      "corridors. Computed from them: the mean of corridor averages, the weighted average, the corridor bands and "
      "the corridor tables. Not computable without service rows: the service-level global average (the target "
      "measure), SmaRT, channels, regions, G20 and income groups, South-North, competition, transparency and speed.",
      quarter.to_string(), data.corridors.size()));
  }
  if (!options.corridor_filter.empty()) {
    std::vector<std::string> filter;
    filter.reserve(options.corridor_filter.size());
    for (const auto& key : options.corridor_filter) {
      filter.push_back(key.to_string());
    }
    notes.basis.push_back(
      fmt::format("Limited to the corridors {}: every figure covers these corridors only.", join(filter, 1000)));
  }
  if (compared.previous == nullptr) {
    notes.basis.push_back("No earlier quarter with data: no quarter-on-quarter changes.");
  }

  notes.sources.push_back(fmt::format("Corridor catalogue: built in, {} economies (World Bank regions, FY2025 "
                                      "income groups) and {} corridors, {} with a bilateral flow.",
                                      catalogue.countries().size(), catalogue.corridors().size(),
                                      std::ranges::count_if(catalogue.corridors(),
                                                            [](const auto& c) { return c.flow_usd.has_value(); })));
  notes.sources.push_back("Published figures: the World Bank's RPW reports, as listed in the history table with "
                          "each figure's source; they are the World Bank's, not computed here.");

  auto runs = store::load_runs(database);
  if (!runs) {
    return std::unexpected(runs.error());
  }
  for (const auto& run : *runs) {
    notes.runs.push_back({run.kind, run.source, run.input, run.started_at, run.status, run.message, run.rows_read,
                          run.imported, run.updated, run.unchanged, run.rejected, run.flagged});
  }

  std::vector<std::string> missing;
  for (const auto& info : catalogue.corridors()) {
    if (passes(options.corridor_filter, info.key) && !data.corridors.contains(info.key)) {
      missing.push_back(info.key.to_string());
    }
  }
  if (!missing.empty()) {
    notes.coverage.push_back(fmt::format("{} catalogue corridors have no data for {}: {}.", missing.size(),
                                         quarter.to_string(), join(missing, 20)));
  }
  if (compared.previous != nullptr) {
    std::vector<std::string> dropped;
    for (const auto& [key, value] : compared.previous->corridors) {
      if (!data.corridors.contains(key)) {
        dropped.push_back(key.to_string());
      }
    }
    if (!dropped.empty()) {
      notes.coverage.push_back(fmt::format("{} corridors with data in the previous quarter have none now: {}.",
                                           dropped.size(), join(dropped, 20)));
    }
  }

  auto benchmarks = store::benchmark_coverage(database);
  if (!benchmarks) {
    return std::unexpected(benchmarks.error());
  }
  // Stale: the newest rate is more than 7 days older than the quarter's end
  // (or than the report's date, for a quarter still running).
  auto generated = util::parse_timestamp(options.generated_at);
  date::sys_days reference = date::sys_days(quarter.last_day());
  if (generated) {
    reference = std::min(reference, std::chrono::floor<date::days>(*generated));
  }
  for (const auto& benchmark : *benchmarks) {
    std::string verdict;
    if (auto day = util::parse_timestamp(benchmark.latest_day + "T00:00:00Z"); day) {
      const auto age = (reference - std::chrono::floor<date::days>(*day)).count();
      verdict = age > calculator::k_report_benchmark_stale_days ? fmt::format(" (stale: {} days before {})", age, date::format("%F", reference)) : "";
    }
    notes.benchmarks.push_back(fmt::format("{} rates against {}: newest day {}, {} currencies{}.", benchmark.source,
                                           benchmark.base, benchmark.latest_day, benchmark.currencies, verdict));
  }
  if (notes.benchmarks.empty()) {
    notes.benchmarks.push_back("No benchmark rates stored; quotes carry the benchmark their source gave.");
  }

  auto flagged = store::flagged_quotes(database, options.amount, quarter.to_string());
  if (!flagged) {
    return std::unexpected(flagged.error());
  }
  for (const auto& flag : *flagged) {
    notes.flagged.push_back(fmt::format("{} quotes: {}", flag.count, flag.reason));
  }
  return notes;
}

} // namespace

util::Expected<Report>
build_report(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  if (options.amount != 200 && options.amount != 500) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--amount {}: the standard amounts are 200 and 500 (USD)", options.amount));
  }
  auto inputs = load_inputs(database, catalogue, options);
  if (!inputs) {
    return std::unexpected(inputs.error());
  }
  if (inputs->quarters.empty() || (options.quarter && !inputs->quarters.contains(*options.quarter))) {
    auto held = load_inputs(database, catalogue, {std::nullopt, options.amount, options.corridor_filter});
    std::string what = options.quarter ? fmt::format("no data for {}", options.quarter->to_string()) : "no data";
    if (held && !held->quarters.empty()) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("{}: {} at USD {}{}; quarters with data: {} to {} ({} quarters)",
                                          database.path(), what, options.amount,
                                          options.corridor_filter.empty() ? "" : " for the corridors asked for",
                                          held->quarters.begin()->to_string(), held->quarters.rbegin()->to_string(),
                                          held->quarters.size()));
    }
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{}: {} at USD {}{}; import quotes or series first (remitwatch import)",
                                        database.path(), what, options.amount,
                                        options.corridor_filter.empty() ? "" : " for the corridors asked for"));
  }
  const Quarter quarter = options.quarter.value_or(*inputs->quarters.rbegin());
  const auto quarters = compute_quarters(*inputs, catalogue);

  Report report;
  report.quarter = quarter;
  report.amount = options.amount;
  report.generated_at = options.generated_at;
  report.version = options.version;
  for (const auto& key : options.corridor_filter) {
    report.corridor_filter.push_back(key.to_string());
  }

  Compared compared;
  compared.current = &quarters.at(quarter);
  auto it = quarters.find(quarter);
  if (it != quarters.begin()) {
    compared.previous = &std::prev(it)->second;
    report.headline.previous = std::prev(it)->first;
  }
  if (auto year_ago = quarters.find(quarter.year_ago()); year_ago != quarters.end()) {
    compared.year_ago = &year_ago->second;
    report.headline.year_ago = quarter.year_ago();
  }

  const QuarterData& data = *compared.current;
  Headline& headline = report.headline;
  headline.basis = data.aggregates ? Basis::services : Basis::corridor_series;
  headline.global = compared.figure([](const QuarterAggregates& a) { return a.global; });
  headline.smart = compared.figure([](const QuarterAggregates& a) { return a.smart_global; });
  headline.weighted = compared.level_figure([](const auto& level) { return level.weighted.value; },
                                            data.level.weighted.corridors_used);
  headline.weighted_corridors = data.level.weighted.corridors_used;
  headline.corridors_without_flow = data.level.weighted.corridors_without_flow;
  headline.mean_of_corridor_averages = compared.level_figure(
    [](const auto& level) { return level.mean_of_corridor_averages.value; }, data.corridors.size());
  headline.corridors = data.corridors.size();
  headline.corridors_from_series = data.from_series;
  if (data.aggregates) {
    headline.services = data.aggregates->services;
    headline.excluded_non_transparent = data.aggregates->excluded_non_transparent;
  }

  report.targets = target_rows(quarters, quarter);
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
  report.corridors = corridor_section(compared, catalogue);

  auto published = published_figures();
  if (!published) {
    return std::unexpected(published.error());
  }
  // Published figures are global figures for USD 200: shown only when the report is too.
  report.history = history_rows(quarters, *published, quarter,
                                options.amount == 200 && options.corridor_filter.empty());

  auto notes = notes_for(database, compared, catalogue, options, quarter);
  if (!notes) {
    return std::unexpected(notes.error());
  }
  report.notes = std::move(*notes);
  if (report.headline.previous && *report.headline.previous != quarter.previous()) {
    report.notes.basis.push_back(fmt::format("Changes are against {}, the latest earlier quarter with data.",
                                             report.headline.previous->to_string()));
  }
  if (options.amount != 200 || !options.corridor_filter.empty()) {
    report.notes.basis.push_back("The World Bank's published global figures are for USD 200 over all corridors, so "
                                 "the history table shows only computed figures here.");
  }
  return report;
}

} // namespace rw::reports
