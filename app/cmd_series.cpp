#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "app/table_output.hpp"
#include "datasets/stored_costs.hpp"
#include "store/records.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>

namespace rw::app {

namespace {

struct SeriesOptions
{
  std::string corridor;
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> database;
  std::string format = "table";
};

util::Expected<int>
run_series(const SeriesOptions& options)
{
  auto corridor = corridors::CorridorKey::parse(options.corridor);
  if (!corridor) {
    return util::make_error(util::ErrorKind::invalid_argument, fmt::format("--corridor: {}", corridor.error().message));
  }
  auto from = quarter_option(options.from, "--from");
  auto to = quarter_option(options.to, "--to");
  if (!from || !to) {
    return std::unexpected(!from ? from.error() : to.error());
  }
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto database = open_store_for_reading(database_path(options.database));
  if (!database) {
    return std::unexpected(database.error());
  }
  auto services = datasets::load_service_costs(*database, 200, *from, *to);
  if (!services) {
    return std::unexpected(services.error());
  }
  std::erase_if(*services, [&](const calculator::ServiceCost& s) { return s.corridor != *corridor; });
  auto published = store::load_series(*database, "ATCR.CORR", corridor->sender, corridor->receiver);
  if (!published) {
    return std::unexpected(published.error());
  }

  struct Row
  {
    std::optional<double> computed;
    size_t services = 0;
    size_t excluded = 0;
    std::optional<double> published;
  };
  std::map<corridors::Quarter, Row> rows;
  for (const auto& service : *services) {
    rows[service.quarter];
  }
  for (const auto& quarter_row : rows) {
    const auto aggregates = calculator::aggregate_quarter(*services, quarter_row.first, *catalogue);
    Row& row = rows[quarter_row.first];
    if (!aggregates.corridors.empty()) {
      row.computed = aggregates.corridors[0].average;
      row.services = aggregates.corridors[0].services;
      row.excluded = aggregates.corridors[0].excluded_non_transparent;
    }
  }
  for (const auto& value : *published) {
    const auto quarter = corridors::Quarter::parse(value.period);
    if (!quarter || (*from && *quarter < **from) || (*to && *quarter > **to)) {
      continue;
    }
    rows[*quarter].published = value.value;
  }
  if (rows.empty()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no data for corridor {}", database->path(), corridor->to_string()));
  }
  util::Table table{{"quarter", "corridor", "computed", "services", "excluded_non_transparent", "published",
                     "difference_pp"},
                    {}};
  for (const auto& [quarter, row] : rows) {
    std::optional<double> difference;
    if (row.computed && row.published) {
      difference = *row.computed - *row.published;
    }
    table.rows.push_back({quarter.to_string(), corridor->to_string(), cell(row.computed), cell(row.services),
                          cell(row.excluded), cell(row.published), cell(difference)});
  }
  print_table(table, options.format, {{"corridor", corridor->to_string()}}, 4);
  return k_exit_ok;
}

} // namespace

void
add_series_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<SeriesOptions>();
  auto* cmd = parent.add_subcommand(
    "series", "A corridor's average per quarter computed from stored quotes, beside the World Bank's "
              "published DataBank value and the difference");
  cmd->add_option("--corridor", options->corridor, "SENDER-RECEIVER, e.g. KEN-UGA")->required();
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
