#include "app/command.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "store/dump.hpp"
#include "store/queries.hpp"
#include "store/schema.hpp"

#include <fmt/format.h>

#include <memory>

namespace rw::app {

namespace {

struct DbOptions
{
  std::optional<std::string> database;
};

util::Expected<std::string>
period_range(const util::Expected<store::PeriodCoverage>& coverage)
{
  if (!coverage) {
    return std::unexpected(coverage.error());
  }
  if (coverage->quarters == 0) {
    return std::string("none");
  }
  return fmt::format("{} quarters, {} to {}", coverage->quarters, coverage->first, coverage->last);
}

util::Expected<int>
run_db_info(const DbOptions& options)
{
  const std::string path = database_path(options.database);
  auto database = open_store_for_reading(path);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto counts = store::table_counts(*database);
  if (!counts) {
    return std::unexpected(counts.error());
  }
  auto quotes = period_range(store::quote_periods(*database));
  auto series = period_range(store::series_periods(*database));
  auto integrity = store::integrity_check(*database);
  if (!quotes || !series || !integrity) {
    return std::unexpected(!quotes ? quotes.error() : !series ? series.error() : integrity.error());
  }
  fmt::print("path              {}\n", path);
  fmt::print("schema version    {}\n", store::schema_version());
  fmt::print("integrity         {}\n", *integrity);
  fmt::print("quotes cover      {}\n", *quotes);
  fmt::print("series cover      {}\n", *series);
  fmt::print("rows per table\n");
  for (const auto& [table, count] : *counts) {
    fmt::print("  {:<18}{:>10}\n", table, count);
  }
  return k_exit_ok;
}

} // namespace

void
add_db_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<DbOptions>();
  auto* db = parent.add_subcommand("db", "Inspect the database");
  db->require_subcommand(1);
  db->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage})); // before "info", which inherits it
  auto* info = db->add_subcommand("info", "Path, schema version, integrity, rows per table, quarters covered");
  add_database_option(*info, options->database);
  info->callback([options, &action] { action = [options] { return run_db_info(*options); }; });
}

} // namespace rw::app
