#include "app/run.hpp"

#include "app/command.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <exception>

namespace rw::app {

namespace {

int
exit_code_for(util::ErrorKind kind)
{
  switch (kind) {
  case util::ErrorKind::invalid_argument:
  case util::ErrorKind::parse:
  case util::ErrorKind::not_found:
    return k_exit_usage;
  case util::ErrorKind::io:
  case util::ErrorKind::network:
  case util::ErrorKind::database:
    return k_exit_failure;
  }
  return k_exit_failure;
}

} // namespace

int
run(int argc, char** argv)
{
  CLI::App app{"remitwatch: remittance corridor cost monitor (World Bank RPW methodology)",
               "remitwatch"};
  app.set_version_flag("--version", "remitwatch " RW_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 data or I/O failure, 2 bad command line or refused input,\n"
             "3 alerts delivered, 4 imported with rejected rows, 5 an alert delivery failed,\n"
             "6 collection coverage below min_coverage.\n"
             "Run 'remitwatch <command> --help' for a command's options.");

  Action action;
  add_cost_command(app, action);
  add_averages_command(app, action);
  add_import_command(app, action);
  add_collect_command(app, action);
  add_series_command(app, action);
  add_db_command(app, action);
  add_report_command(app, action);
  add_alerts_command(app, action);
  add_corridor_command(app, action);
  add_export_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }

  try {
    auto result = action();
    if (!result) {
      std::fflush(stdout);
      fmt::print(stderr, "remitwatch: error: {}\n", result.error().message);
      return exit_code_for(result.error().kind);
    }
    return *result;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "remitwatch: error: {}\n", e.what());
    return k_exit_failure;
  }
}

} // namespace rw::app
