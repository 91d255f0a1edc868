#include "app/command.hpp"
#include "app/choice.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "app/table_output.hpp"
#include "datasets/corridor_view.hpp"
#include "web/corridor_json.hpp"

#include <fmt/format.h>

#include <memory>

namespace rw::app {

namespace {

struct CorridorOptions
{
  std::string corridor;
  std::optional<std::string> quarter;
  std::optional<std::string> database;
  int amount_usd = 200;
  std::string format = "table";
};

std::string
percent(std::optional<double> value)
{
  return value ? fmt::format("{:.2f} %", *value) : "n/a";
}

void
print_summary(const datasets::CorridorView& view)
{
  const auto& f = view.figures;
  fmt::print("\nCorridor average  {} ({} transparent services; the methodology's corridor average)\n",
             percent(f.average), f.services);
  fmt::print("SmaRT             {}{}\n", percent(f.smart.value),
             f.smart.value ? fmt::format(" (mean of the {} cheapest qualifying services{})",
                                         std::min<size_t>(f.smart.qualifying, 3),
                                         f.smart.fewer_than_three ? ", fewer than three" : "")
                           : " (no service is transparent, accessible and within five days)");
  fmt::print("Cheapest          {}{}\n", percent(f.cheapest),
             f.cheapest ? fmt::format(" ({})", f.cheapest_provider) : "");
  fmt::print("Spread            {}\n",
             f.spread ? fmt::format("{:.2f} pp (corridor average − cheapest)", *f.spread) : "n/a");
}

void
print_text(const datasets::CorridorView& view)
{
  fmt::print("{} → {} ({}), {}, USD {}\n\n", view.sender_name, view.receiver_name, view.corridor.to_string(),
             view.quarter.to_string(), view.amount_usd);
  fmt::print("{}", util::render_text(web::services_table(view, view.ranked, true, false)));
  if (!view.non_transparent.empty()) {
    fmt::print("\nNot transparent (fees or rates not disclosed; never ranked or averaged):\n{}",
               util::render_text(web::services_table(view, view.non_transparent, false, false)));
  }
  print_summary(view);
  util::Table trend{{"quarter", "average", "cheapest", "smart", "databank"}, {}};
  for (const auto& point : view.trend) {
    trend.rows.push_back({point.quarter.to_string(), cell(point.average), cell(point.cheapest), cell(point.smart),
                          cell(point.databank)});
  }
  fmt::print("\nTrend (computed from stored quotes; databank: the World Bank's published value)\n{}",
             util::render_text(trend));
}

util::Expected<int>
run_corridor(const CorridorOptions& options)
{
  auto quarter = quarter_option(options.quarter, "--quarter");
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto corridor = datasets::find_corridor(options.corridor, *catalogue);
  if (!corridor) {
    return std::unexpected(corridor.error());
  }
  const std::string path = database_path(options.database);
  auto database = open_store_for_reading(path);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto data = datasets::load_corridor_data(*database, *corridor, options.amount_usd);
  if (!data) {
    return std::unexpected(data.error());
  }
  auto chosen = datasets::choose_quarter(*data, *quarter, {.source = path + ": ", .ask = "--quarter "});
  if (!chosen) {
    return std::unexpected(chosen.error());
  }
  const auto view = datasets::corridor_view(*data, *chosen, *catalogue);
  if (options.format == "json") {
    fmt::print("{}", web::render_corridor_json(view));
  } else if (options.format == "csv") {
    fmt::print("{}", web::render_corridor_csv(view));
  } else {
    print_text(view);
  }
  return k_exit_ok;
}

} // namespace

void
add_corridor_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<CorridorOptions>();
  auto* cmd = parent.add_subcommand(
    "corridor", "One corridor's services for a quarter ranked cheapest first (fee, FX margin, total, speed), "
                "its average, SmaRT and cheapest, and its trend beside DataBank's published values");
  cmd->add_option("corridor", options->corridor, "SENDER-RECEIVER, e.g. KEN-UGA")->required();
  cmd->add_option("--quarter", options->quarter, "Quarter, e.g. 2012Q3 (default: the corridor's latest with quotes)");
  cmd->add_option("--amount", options->amount_usd, "Standard amount in USD: 200 (headline) or 500")
    ->check(CLI::IsMember({200, 500}))
    ->default_val(200);
  add_database_option(*cmd, options->database);
  cmd->add_option("--format", options->format,
                  "table (for reading), csv (the services: ranked, then the non-transparent ones unranked) or "
                  "json (everything)")
    ->transform(one_of({"table", "csv", "json"}))
    ->default_val("table");
  cmd->footer("Exit codes: 0 success, 1 data or I/O failure, 2 bad command line, unknown country or no data.");
  cmd->callback([options, &action] { action = [options] { return run_corridor(*options); }; });
}

} // namespace rw::app
