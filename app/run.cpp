#include "app/run.hpp"

#include "app/command.hpp"
#include "app/parse_errors.hpp"

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

const char*
exit_code_meaning(int code)
{
  switch (code) {
  case k_exit_ok:
    return "success";
  case k_exit_failure:
    return "data or I/O failure";
  case k_exit_usage:
    return "bad command line or refused input";
  case k_exit_alerts:
    return "alerts delivered";
  case k_exit_rows_rejected:
    return "imported with rejected rows";
  case k_exit_delivery_failed:
    return "an alert delivery failed";
  case k_exit_low_coverage:
    return "collection coverage below min_coverage";
  default:
    return "?";
  }
}

// CLI11 refused the command line: say why in remitwatch's words, on stderr
// with the prefix every error has. --help and --version come here too, as
// "errors" of exit code 0, and print as CLI11 prints them.
int
report_parse_error(const CLI::App& app, const CLI::ParseError& error)
{
  if (error.get_exit_code() == 0) {
    app.exit(error);
    return k_exit_ok;
  }
  const auto text = explain_parse_error(app, error);
  fmt::print(stderr, "remitwatch: error: {}\n{}\n", text.message, text.hint);
  return k_exit_usage;
}

} // namespace

std::string
exit_codes_footer(std::initializer_list<int> codes)
{
  constexpr size_t width = 90;
  std::string out = "Exit codes:";
  size_t line_start = 0;
  size_t i = 0;
  for (const int code : codes) {
    const std::string item = fmt::format("{} {}{}", code, exit_code_meaning(code), ++i == codes.size() ? "." : ",");
    if (out.size() - line_start + 1 + item.size() > width) {
      out += '\n';
      line_start = out.size();
    } else {
      out += ' ';
    }
    out += item;
  }
  return out;
}

int
run(int argc, char** argv)
{
  CLI::App app{"remitwatch: remittance corridor cost monitor (World Bank RPW methodology)",
               "remitwatch"};
  app.set_version_flag("--version", "remitwatch " RW_VERSION);
  app.require_subcommand(1);
  app.footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage, k_exit_alerts, k_exit_rows_rejected,
                                k_exit_delivery_failed, k_exit_low_coverage})
             + "\nRun 'remitwatch <command> --help' for a command's options.");

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
  add_serve_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return report_parse_error(app, e);
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
