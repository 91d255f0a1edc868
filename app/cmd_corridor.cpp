#include "app/command.hpp"
#include "app/choice.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "app/table_output.hpp"
#include "corridors/speed.hpp"
#include "datasets/corridor_view.hpp"
#include "reports/render.hpp"
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
speed_words(const std::optional<corridors::SpeedClass>& speed)
{
  return speed ? std::string(corridors::display_name(*speed)) : "unknown";
}

// The services as a table: `with_rank` adds the rank (empty for a
// non-transparent service), `with_corridor` the corridor, quarter and amount
// (for CSV, where each row stands alone).
util::Table
services_table(const datasets::CorridorView& view,
               const std::vector<const datasets::ServiceRow*>& rows,
               bool with_rank,
               bool with_corridor)
{
  util::Table table{{"provider", "firm_type", "fee_pct", "fx_margin_pct", "total_cost_pct", "speed", "transparent"},
                    {}};
  if (with_rank) {
    table.columns.insert(table.columns.begin(), "rank");
  }
  if (with_corridor) {
    table.columns.insert(table.columns.begin(), {"corridor", "quarter", "amount_usd"});
  }
  for (const auto* row : rows) {
    std::vector<util::Cell> cells = {row->label,
                                     std::string(datasets::firm_type_words(row->firm_type)),
                                     row->fee_pct,
                                     row->fx_margin_pct,
                                     row->total_cost_pct,
                                     speed_words(row->speed),
                                     std::string(row->transparent ? "yes" : "no")};
    if (with_rank) {
      cells.insert(cells.begin(), row->rank > 0 ? util::Cell(static_cast<long long>(row->rank)) : util::Cell());
    }
    if (with_corridor) {
      cells.insert(cells.begin(),
                   {view.corridor.to_string(), view.quarter.to_string(), static_cast<long long>(view.amount_usd)});
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

std::vector<const datasets::ServiceRow*>
pointers(const std::vector<datasets::ServiceRow>& rows)
{
  std::vector<const datasets::ServiceRow*> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back(&row);
  }
  return out;
}

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
  fmt::print("{}", util::render_text(services_table(view, pointers(view.ranked), true, false)));
  if (!view.non_transparent.empty()) {
    fmt::print("\nNot transparent (fees or rates not disclosed; never ranked or averaged):\n{}",
               util::render_text(services_table(view, pointers(view.non_transparent), false, false)));
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
    auto rows = pointers(view.ranked);
    std::ranges::copy(pointers(view.non_transparent), std::back_inserter(rows));
    auto table = services_table(view, rows, true, true);
    for (auto& cells : table.rows) {
      for (auto& c : cells) {
        if (auto* text = std::get_if<std::string>(&c)) {
          *text = reports::neutralise_formula(std::move(*text)); // provider names come from the data
        }
      }
    }
    fmt::print("{}", util::render_csv(table));
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
