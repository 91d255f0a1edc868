#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "app/table_output.hpp"
#include "calculator/aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "calculator/levels.hpp"
#include "datasets/corridor_series.hpp"
#include "datasets/flows.hpp"
#include "datasets/rpw_aggregate.hpp"
#include "datasets/stored_costs.hpp"
#include "readers/survey.hpp"
#include "util/file.hpp"
#include "util/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace rw::app {

namespace {

struct AveragesOptions
{
  std::optional<std::string> input;
  std::optional<std::string> rpw;
  unsigned threads = 0;
  std::optional<std::string> database;
  std::optional<std::string> quarter;
  std::string by = "corridor";
  std::string format = "table";
  int amount_usd = 200;
  std::optional<std::string> catalogue_dir;
  ScopeOptions scope;
};

// The corridor-level figures (mean of corridor averages, weighted average,
// cost bands) over every corridor with a value in the quarter: the average
// computed from its services where it has any, else the value DataBank
// published (read from a database only): the figures `remitwatch report`
// shows under the same names.
struct CorridorFigures
{
  calculator::CorridorLevel level;
  size_t from_databank = 0;
};

CorridorFigures
corridor_figures(const calculator::QuarterAggregates& aggregates,
                 const std::vector<store::SeriesRecord>& published,
                 const corridors::Catalogue& catalogue)
{
  std::map<corridors::CorridorKey, double> values;
  for (const auto& corridor : aggregates.corridors) {
    if (corridor.average) {
      values[corridor.corridor] = *corridor.average;
    }
  }
  CorridorFigures figures;
  for (const auto& value : published) {
    // A corridor with service rows is computed; the published value is for cross-checks.
    if (values.try_emplace({value.sender, value.receiver}, value.value).second) {
      ++figures.from_databank;
    }
  }
  std::vector<calculator::CorridorValue> list;
  list.reserve(values.size());
  for (const auto& [key, average] : values) {
    list.push_back({key, average});
  }
  figures.level = calculator::corridor_level(list, catalogue);
  return figures;
}

void
add_mean_row(util::Table& table, const std::string& quarter, std::string name, const calculator::Mean& mean)
{
  table.rows.push_back({quarter, std::move(name), cell(mean.value), cell(mean.count)});
}

util::Table
corridor_table(const calculator::QuarterAggregates& aggregates)
{
  util::Table table{{"quarter", "corridor", "sender", "receiver", "average", "services",
                     "excluded_non_transparent", "smart"},
                    {}};
  const std::string quarter = aggregates.quarter.to_string();
  for (const auto& corridor : aggregates.corridors) {
    table.rows.push_back({quarter, corridor.corridor.to_string(), corridor.corridor.sender,
                          corridor.corridor.receiver, cell(corridor.average), cell(corridor.services),
                          cell(corridor.excluded_non_transparent), cell(corridor.smart.value)});
  }
  return table;
}

util::Table
firm_type_table(const calculator::QuarterAggregates& aggregates)
{
  util::Table table{{"quarter", "firm_type", "average", "services"}, {}};
  const std::string quarter = aggregates.quarter.to_string();
  for (const auto type : corridors::k_all_firm_types) {
    const auto it = aggregates.by_firm_type.find(type);
    add_mean_row(table, quarter, std::string(corridors::to_string(type)),
                 it == aggregates.by_firm_type.end() ? calculator::Mean{} : it->second);
  }
  return table;
}

util::Table
region_table(const calculator::QuarterAggregates& aggregates)
{
  util::Table table{{"quarter", "region", "average", "services"}, {}};
  const std::string quarter = aggregates.quarter.to_string();
  for (const auto& [region, mean] : aggregates.by_region) {
    add_mean_row(table, quarter, region, mean);
  }
  return table;
}

util::Table
global_table(const calculator::QuarterAggregates& a,
             const CorridorFigures& figures,
             const calculator::QuarterAggregates& previous,
             const calculator::QuarterAggregates& year_ago)
{
  util::Table table{{"quarter", "measure", "value", "count"}, {}};
  const std::string quarter = a.quarter.to_string();
  add_mean_row(table, quarter, "global_average", a.global);
  const auto global_change = calculator::change(a.global.value, previous.global.value, year_ago.global.value);
  table.rows.push_back({quarter, "global_average_change_qoq_pp", cell(global_change.quarter_on_quarter_pp),
                        cell(previous.global.count)});
  table.rows.push_back({quarter, "global_average_change_yoy_pp", cell(global_change.year_on_year_pp),
                        cell(year_ago.global.count)});
  const auto& level = figures.level;
  table.rows.push_back({quarter, "weighted_average", cell(level.weighted.value), cell(level.weighted.corridors_used)});
  table.rows.push_back({quarter, "corridors_without_flow", {}, cell(level.weighted.corridors_without_flow)});
  add_mean_row(table, quarter, "mean_of_corridor_averages", level.mean_of_corridor_averages);
  add_mean_row(table, quarter, "mean_of_computed_corridor_averages", a.mean_of_corridor_averages);
  table.rows.push_back({quarter, "corridors_from_databank", {}, cell(figures.from_databank)});
  add_mean_row(table, quarter, "smart_global", a.smart_global);
  table.rows.push_back({quarter, "smart_not_available", {}, cell(a.smart_not_available)});
  add_mean_row(table, quarter, "g20_senders", a.g20_senders);
  add_mean_row(table, quarter, "g20_receivers", a.g20_receivers);
  add_mean_row(table, quarter, "south_south", a.south_south);
  add_mean_row(table, quarter, "north_south", a.north_south);
  add_mean_row(table, quarter, "south_north", a.south_north);
  add_mean_row(table, quarter, "north_north", a.north_north);
  for (const auto& [group, mean] : a.by_receiver_income) {
    add_mean_row(table, quarter, fmt::format("receiver_income_{}", corridors::to_string(group)), mean);
  }
  const auto share = [&](size_t part, size_t whole) -> util::Cell {
    return whole == 0 ? util::Cell() : util::Cell(100.0 * static_cast<double>(part) / static_cast<double>(whole));
  };
  const auto& bands = level.shares;
  table.rows.push_back({quarter, "corridors", {}, cell(bands.corridors)});
  table.rows.push_back({quarter, "share_corridors_at_most_3", share(bands.at_most_3, bands.corridors), cell(bands.at_most_3)});
  table.rows.push_back({quarter, "share_corridors_3_to_5", share(bands.from_3_to_5, bands.corridors), cell(bands.from_3_to_5)});
  table.rows.push_back({quarter, "share_corridors_above_5", share(bands.above_5, bands.corridors), cell(bands.above_5)});
  table.rows.push_back({quarter, "share_smart_at_most_5", share(a.shares.smart_at_most_5, a.shares.smart_corridors), cell(a.shares.smart_at_most_5)});
  table.rows.push_back({quarter, "services", {}, cell(a.services)});
  table.rows.push_back({quarter, "excluded_non_transparent", {}, cell(a.excluded_non_transparent)});
  table.rows.push_back({quarter, "unknown_countries", {}, cell(a.unknown_countries)});
  for (size_t i = 0; i < corridors::k_all_speed_classes.size(); ++i) {
    table.rows.push_back({quarter,
                          fmt::format("speed_{}", corridors::to_string(corridors::k_all_speed_classes[i])),
                          share(a.speed.counts[i], a.speed.total), cell(a.speed.counts[i])});
  }
  table.rows.push_back({quarter, "speed_unknown", share(a.speed.unknown, a.speed.total), cell(a.speed.unknown)});
  return table;
}

util::Table
smart_table(const calculator::QuarterAggregates& aggregates)
{
  util::Table table{{"quarter", "corridor", "smart", "qualifying", "flag"}, {}};
  const std::string quarter = aggregates.quarter.to_string();
  for (const auto& corridor : aggregates.corridors) {
    const auto& smart = corridor.smart;
    const char* flag = !smart.value ? "n/a" : smart.fewer_than_three ? "fewer_than_three" : "";
    table.rows.push_back({quarter, corridor.corridor.to_string(), cell(smart.value),
                          cell(smart.qualifying), std::string(flag)});
  }
  return table;
}

// Everything in one long table: the global measures, then per corridor
// (average, SmaRT), firm type and region.
util::Table
all_table(const calculator::QuarterAggregates& a,
          const CorridorFigures& figures,
          const calculator::QuarterAggregates& previous,
          const calculator::QuarterAggregates& year_ago)
{
  util::Table table{{"quarter", "measure", "key", "value", "count"}, {}};
  const std::string quarter = a.quarter.to_string();
  for (auto& row : global_table(a, figures, previous, year_ago).rows) {
    table.rows.push_back({row[0], row[1], util::Cell(), row[2], row[3]});
  }
  for (const auto& corridor : a.corridors) {
    table.rows.push_back({quarter, "corridor_average", corridor.corridor.to_string(), cell(corridor.average),
                          cell(corridor.services)});
  }
  for (const auto& corridor : a.corridors) {
    table.rows.push_back({quarter, "corridor_smart", corridor.corridor.to_string(), cell(corridor.smart.value),
                          cell(corridor.smart.qualifying)});
  }
  for (const auto type : corridors::k_all_firm_types) {
    const auto it = a.by_firm_type.find(type);
    const calculator::Mean mean = it == a.by_firm_type.end() ? calculator::Mean{} : it->second;
    table.rows.push_back({quarter, "firm_type", std::string(corridors::to_string(type)), cell(mean.value), cell(mean.count)});
  }
  for (const auto& [region, mean] : a.by_region) {
    table.rows.push_back({quarter, "region", region, cell(mean.value), cell(mean.count)});
  }
  return table;
}

// The survey file's quotes of one standard amount; a file with rejected rows
// is refused (averages over it would silently drop quotes).
util::Expected<std::vector<calculator::ServiceCost>>
read_survey_observations(const std::string& path, int amount_usd, const corridors::Catalogue& catalogue)
{
  // Bounded: endless input (/dev/zero, a pipe that never ends) is refused early.
  auto text = util::read_text_file(path);
  if (!text) {
    return std::unexpected(text.error());
  }
  auto survey = readers::read_survey_csv(*text, path, catalogue);
  if (!survey) {
    return std::unexpected(survey.error());
  }
  if (!survey->rejected.empty()) {
    std::string message =
      fmt::format("{}: {} of {} rows rejected; fix them first:", path, survey->rejected.size(), survey->rows);
    for (const auto& row : survey->rejected) {
      message += "\n  " + row.message;
    }
    return util::make_error(util::ErrorKind::parse, std::move(message));
  }
  std::vector<calculator::ServiceCost> observations;
  for (const auto& quote : survey->quotes) {
    if (quote.standard_amount_usd != amount_usd) {
      continue; // never mix standard amounts in one average
    }
    auto observation = calculator::observe(quote);
    if (!observation) {
      return util::make_error(util::ErrorKind::parse, fmt::format("{}: {}", path, observation.error().message));
    }
    observations.push_back(std::move(*observation));
  }
  return observations;
}

// What the quarter's aggregates come from: the quotes (database, survey
// CSV), or an RPW dataset CSV aggregated straight from the file; and, from a
// database, DataBank's published corridor values.
struct AveragesInput
{
  std::vector<calculator::ServiceCost> observations;
  std::optional<datasets::RpwAggregation> rpw;
  std::map<corridors::Quarter, std::vector<store::SeriesRecord>> published;
  std::string source_name;
  std::set<corridors::Quarter> quarters; // the quarters with quotes
};

util::Expected<AveragesInput>
load_rpw_input(const AveragesOptions& options, const corridors::Catalogue& catalogue)
{
  AveragesInput input;
  input.source_name = *options.rpw;
  auto aggregated = datasets::aggregate_rpw_csv(
    *options.rpw, catalogue, {.amount_usd = options.amount_usd, .threads = options.threads});
  if (!aggregated) {
    return std::unexpected(aggregated.error());
  }
  input.rpw = std::move(*aggregated);
  if (input.rpw->services == 0) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no USD {} quotes", input.source_name, options.amount_usd));
  }
  for (const auto& [quarter, accumulator] : input.rpw->quarters) {
    input.quarters.insert(quarter);
  }
  return input;
}

// The database's quotes and, for USD 200 (DataBank's amount), its published
// corridor values, both within the scope; the flows it holds (import flows)
// weigh the weighted average.
util::Expected<void>
load_database(AveragesInput& input, const AveragesOptions& options, corridors::Catalogue& catalogue,
              const corridors::Scope& scope)
{
  const std::string path = database_path(options.database);
  input.source_name = shown_database(path); // for messages: a URL's password hidden
  auto database = open_store_for_reading(path);
  if (!database) {
    return std::unexpected(database.error());
  }
  if (auto flows = datasets::apply_stored_flows(*database, catalogue); !flows) {
    return std::unexpected(flows.error());
  }
  auto loaded = datasets::load_service_costs(*database, options.amount_usd);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  input.observations = std::move(*loaded);
  if (options.amount_usd == 200) {
    auto series = datasets::load_corridor_series(
      *database, std::nullopt, [&](std::string_view sender, std::string_view receiver) {
        return scope.contains(sender, receiver);
      });
    if (!series) {
      return std::unexpected(series.error());
    }
    for (const auto& message : series->skipped) {
      datasets::warn_skipped(message);
    }
    input.published = std::move(series->by_quarter);
  }
  return {};
}

util::Expected<AveragesInput>
load_quote_input(const AveragesOptions& options, corridors::Catalogue& catalogue, const corridors::Scope& scope)
{
  AveragesInput input;
  if (options.input) {
    input.source_name = *options.input;
    auto loaded = read_survey_observations(*options.input, options.amount_usd, catalogue);
    if (!loaded) {
      return std::unexpected(loaded.error());
    }
    input.observations = std::move(*loaded);
  } else if (auto loaded = load_database(input, options, catalogue, scope); !loaded) {
    return std::unexpected(loaded.error());
  }
  std::erase_if(input.observations, [&](const calculator::ServiceCost& s) { return !scope.contains(s.corridor); });
  if (input.observations.empty()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no USD {} quotes{}", input.source_name, options.amount_usd,
                                        scope.global() ? "" : " for the corridors asked for"));
  }
  for (const auto& observation : input.observations) {
    input.quarters.insert(observation.quarter);
  }
  return input;
}

util::Table
averages_table(const std::string& by,
               const calculator::QuarterAggregates& aggregates,
               const CorridorFigures& figures,
               const std::function<calculator::QuarterAggregates(corridors::Quarter)>& aggregate)
{
  const corridors::Quarter quarter = aggregates.quarter;
  if (by == "corridor") {
    return corridor_table(aggregates);
  }
  if (by == "firm-type") {
    return firm_type_table(aggregates);
  }
  if (by == "region") {
    return region_table(aggregates);
  }
  if (by == "global") {
    return global_table(aggregates, figures, aggregate(quarter.previous()), aggregate(quarter.year_ago()));
  }
  if (by == "all") {
    return all_table(aggregates, figures, aggregate(quarter.previous()), aggregate(quarter.year_ago()));
  }
  return smart_table(aggregates);
}

// The input asked for, within the scope. An RPW file is aggregated whole as
// it is read, so it takes no scope: import it and average the database.
util::Expected<AveragesInput>
load_input(const AveragesOptions& options, corridors::Catalogue& catalogue, const corridors::Scope& scope)
{
  if (options.rpw && !scope.global()) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--rpw averages the whole file and takes no {}; import it first "
                                        "(remitwatch import rpw {}) and average the database",
                                        scope.to_string(), *options.rpw));
  }
  return options.rpw ? load_rpw_input(options, catalogue) : load_quote_input(options, catalogue, scope);
}

util::Expected<int>
run_averages(const AveragesOptions& options)
{
  auto quarter = quarter_option(options.quarter, "--quarter");
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  auto catalogue = load_catalogue(options.catalogue_dir);
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto scope = scope_option(options.scope, *catalogue);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  auto input = load_input(options, *catalogue, *scope);
  if (!input) {
    return std::unexpected(input.error());
  }
  const corridors::Quarter chosen = quarter->value_or(*input->quarters.rbegin());
  if (!input->quarters.contains(chosen)) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no quotes in {}; quarters with USD {} quotes{}: {}", input->source_name,
                                        chosen.to_string(), options.amount_usd,
                                        scope->global() ? "" : " for the corridors asked for",
                                        describe_quarters(input->quarters)));
  }
  const auto aggregate = [&](corridors::Quarter q) {
    if (input->rpw) {
      const auto it = input->rpw->quarters.find(q);
      return it == input->rpw->quarters.end() ? calculator::QuarterAccumulator(q, *catalogue).finish()
                                              : it->second.finish();
    }
    return calculator::aggregate_quarter(input->observations, q, *catalogue);
  };
  const auto aggregates = aggregate(chosen);
  const auto published = input->published.find(chosen);
  const auto figures = corridor_figures(
    aggregates, published == input->published.end() ? std::vector<store::SeriesRecord>{} : published->second,
    *catalogue);
  std::vector<std::pair<std::string, std::string>> fields{{"quarter", chosen.to_string()}, {"by", options.by}};
  if (!scope->global()) {
    fields.emplace_back("scope", scope->describe(*catalogue));
  }
  print_table(averages_table(options.by, aggregates, figures, aggregate), options.format, fields);
  return k_exit_ok;
}

} // namespace

void
add_averages_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<AveragesOptions>();
  auto* cmd = parent.add_subcommand(
    "averages", "Quarterly cost averages (RPW methodology) over the database, a survey CSV of quotes or an RPW dataset CSV");
  auto* input = cmd->add_option("--input", options->input,
                                "Quotes in the survey CSV format (docs/formats/survey-csv.md) instead of the database");
  auto* rpw = cmd->add_option("--rpw", options->rpw,
                              "The World Bank's RPW dataset CSV export, averaged straight from the file "
                              "(no database; several threads)");
  add_database_option(*cmd, options->database);
  cmd->get_option("--db")->excludes(input)->excludes(rpw);
  input->excludes(rpw);
  cmd->add_option("--threads", options->threads, "Threads reading an --rpw file (default: one per core)")
    ->check(CLI::Range(1u, 256u));
  cmd->add_option("--quarter", options->quarter,
                  "Quarter to average, e.g. 2024Q4 (default: the latest quarter in the data)");
  add_scope_options(*cmd, options->scope);
  cmd->add_option("--by", options->by, "What to average by")
    ->transform(one_of({"corridor", "firm-type", "region", "global", "smart", "all"}))
    ->default_val("corridor");
  cmd->add_option("--format", options->format, "Output format")
    ->transform(one_of({"table", "csv", "json"}))
    ->default_val("table");
  cmd->add_option("--amount", options->amount_usd, "Standard amount in USD: 200 (headline) or 500")
    ->check(CLI::IsMember({200, 500}))
    ->default_val(200);
  cmd->add_option("--catalogue", options->catalogue_dir,
                  "Directory with countries.csv and corridors.csv replacing the built-in catalogue");
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage}));
  cmd->callback([options, &action] { action = [options] { return run_averages(*options); }; });
}

} // namespace rw::app
