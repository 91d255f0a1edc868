#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "app/table_output.hpp"
#include "datasets/corridor_series.hpp"
#include "datasets/stored_costs.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

namespace rw::app {

namespace {

struct SeriesOptions
{
  ScopeOptions scope;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> database;
  std::string format = "table";
};

struct Row
{
  std::optional<double> computed;
  size_t services = 0;
  size_t excluded = 0;
  std::optional<double> published;
};

// Every quarter of every corridor in the scope: computed from the stored
// quotes (USD 200) beside DataBank's published value.
using Series = std::map<corridors::CorridorKey, std::map<corridors::Quarter, Row>>;

util::Expected<Series>
load_series(store::Database& database, const corridors::Catalogue& catalogue, const corridors::Scope& scope)
{
  const auto keep = [&](std::string_view sender, std::string_view receiver) {
    return scope.contains(sender, receiver);
  };
  auto aggregates = datasets::aggregate_stored_quarters(database, 200, std::nullopt, std::nullopt, catalogue, keep);
  if (!aggregates) {
    return std::unexpected(aggregates.error());
  }
  auto published = datasets::load_corridor_series(database, std::nullopt, keep);
  if (!published) {
    return std::unexpected(published.error());
  }
  for (const auto& message : published->skipped) {
    datasets::warn_skipped(message);
  }
  Series series;
  for (const auto& [quarter, quarter_aggregates] : *aggregates) {
    for (const auto& corridor : quarter_aggregates.corridors) {
      Row& row = series[corridor.corridor][quarter];
      row.computed = corridor.average;
      row.services = corridor.services;
      row.excluded = corridor.excluded_non_transparent;
    }
  }
  for (const auto& [quarter, values] : published->by_quarter) {
    for (const auto& value : values) {
      series[{value.sender, value.receiver}][quarter].published = value.value;
    }
  }
  return series;
}

// "from 2030Q1", "up to 2010Q1", "from 2013Q1 to 2014Q4".
std::string
range_text(std::optional<corridors::Quarter> from, std::optional<corridors::Quarter> to)
{
  if (from && to) {
    return fmt::format("from {} to {}", from->to_string(), to->to_string());
  }
  return from ? fmt::format("from {}", from->to_string()) : fmt::format("up to {}", to->to_string());
}

// Nothing in [from, to]: say what there is.
util::Error
nothing_in_range(const Series& series,
                 std::optional<corridors::Quarter> from,
                 std::optional<corridors::Quarter> to,
                 const std::string& scope)
{
  std::set<corridors::Quarter> held;
  for (const auto& [corridor, rows] : series) {
    for (const auto& [quarter, row] : rows) {
      held.insert(quarter);
    }
  }
  const std::string who =
    series.size() == 1 ? series.begin()->first.to_string() + " has" : "the corridors asked for (" + scope + ") have";
  return util::Error{util::ErrorKind::not_found,
                     fmt::format("{} data for {}; nothing {}", who, describe_quarters(held), range_text(from, to))};
}

util::Table
series_table(const Series& series, std::optional<corridors::Quarter> from, std::optional<corridors::Quarter> to)
{
  util::Table table{{"quarter", "corridor", "computed", "services", "excluded_non_transparent", "published",
                     "difference_pp"},
                    {}};
  for (const auto& [corridor, rows] : series) {
    for (const auto& [quarter, row] : rows) {
      if ((from && quarter < *from) || (to && quarter > *to)) {
        continue;
      }
      std::optional<double> difference;
      if (row.computed && row.published) {
        difference = *row.computed - *row.published;
      }
      table.rows.push_back({quarter.to_string(), corridor.to_string(), cell(row.computed), cell(row.services),
                            cell(row.excluded), cell(row.published), cell(difference)});
    }
  }
  return table;
}

util::Expected<int>
run_series(const SeriesOptions& options)
{
  auto range = quarter_range_option(options.from, options.to);
  if (!range) {
    return std::unexpected(range.error());
  }
  const auto [from, to] = *range;
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto scope = scope_option(options.scope, *catalogue);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  auto database = open_store_for_reading(database_path(options.database));
  if (!database) {
    return std::unexpected(database.error());
  }
  auto series = load_series(*database, *catalogue, *scope);
  if (!series) {
    return std::unexpected(series.error());
  }
  const std::string described = scope->describe(*catalogue);
  if (series->empty()) {
    return util::make_error(util::ErrorKind::not_found, fmt::format("{}: no data for {}; import quotes or series "
                                                                    "first (remitwatch import)",
                                                                    database->path(), described));
  }
  const auto table = series_table(*series, from, to);
  if (table.rows.empty()) {
    return std::unexpected(nothing_in_range(*series, from, to, described));
  }
  print_table(table, options.format, {{"scope", described}}, 4);
  return k_exit_ok;
}

} // namespace

void
add_series_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<SeriesOptions>();
  auto* cmd = parent.add_subcommand(
    "series", "Corridors' averages per quarter computed from stored quotes, beside the World Bank's "
              "published DataBank value and the difference");
  add_scope_options(*cmd, options->scope);
  cmd->add_option("--from", options->from, "First quarter, e.g. 2011Q1");
  cmd->add_option("--to", options->to, "Last quarter");
  add_database_option(*cmd, options->database);
  cmd->add_option("--format", options->format, "Output format")
    ->transform(one_of({"table", "csv", "json"}))
    ->default_val("table");
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage}));
  cmd->callback([options, &action] { action = [options] { return run_series(*options); }; });
}

} // namespace rw::app
