#include "app/command.hpp"
#include "app/choice.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "datasets/flows.hpp"
#include "reports/render.hpp"
#include "reports/report.hpp"
#include "util/file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

namespace rw::app {

namespace {

struct ReportOptions
{
  std::optional<std::string> database;
  std::optional<std::string> quarter;
  std::optional<std::string> format;
  std::optional<std::string> out;
  std::string title, organisation;
  int amount = 200;
  ScopeOptions scope;
};

// --format, else the extension of --out (case-insensitive: report.HTML is
// HTML), else Markdown. An extension that names no format is an error: a
// report.pdf holding Markdown would mislead whoever opens it.
util::Expected<std::string>
choose_format(const ReportOptions& options)
{
  if (options.format) {
    return *options.format;
  }
  if (!options.out || *options.out == "-") {
    return std::string("md");
  }
  std::string extension = std::filesystem::path(*options.out).extension().string();
  std::ranges::transform(extension, extension.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".htm") {
    extension = ".html";
  }
  if (extension == ".markdown") {
    extension = ".md";
  }
  for (const char* known : {"md", "html", "json", "csv", "xlsx"}) {
    if (extension == std::string(".") + known) {
      return std::string(known);
    }
  }
  return util::make_error(util::ErrorKind::invalid_argument,
                          fmt::format("--out {}: {} names no report format; use .md, .html, .json, .csv or .xlsx, "
                                      "or give --format",
                                      *options.out,
                                      extension.empty() ? std::string("no extension") : "'" + extension + "'"));
}

util::Expected<int>
run_report(const ReportOptions& options)
{
  reports::ReportOptions report_options;
  report_options.amount = options.amount;
  report_options.generated_at = now_timestamp();
  report_options.version = RW_VERSION;
  report_options.title = options.title;
  report_options.organisation = options.organisation;
  auto quarter = quarter_option(options.quarter, "--quarter");
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  report_options.quarter = *quarter;
  auto format = choose_format(options);
  if (!format) {
    return std::unexpected(format.error());
  }
  if (*format == "xlsx" && !options.out) {
    return util::make_error(util::ErrorKind::invalid_argument, "--format xlsx needs --out FILE.xlsx");
  }
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto scope = scope_option(options.scope, *catalogue);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  report_options.scope = std::move(*scope);
  auto database = open_store_for_reading(database_path(options.database));
  if (!database) {
    return std::unexpected(database.error());
  }
  if (auto flows = datasets::apply_stored_flows(*database, *catalogue); !flows) {
    return std::unexpected(flows.error());
  }
  auto report = reports::build_report(*database, *catalogue, report_options);
  if (!report) {
    return std::unexpected(report.error());
  }
  if (*format == "xlsx") {
    auto written = reports::write_xlsx(*report, *options.out);
    if (!written) {
      return std::unexpected(written.error());
    }
    return k_exit_ok;
  }
  std::string text;
  if (*format == "html") {
    text = reports::render_html(*report);
  } else if (*format == "json") {
    text = reports::render_json(*report);
  } else if (*format == "csv") {
    text = reports::render_csv(*report);
  } else {
    text = reports::render_markdown(*report);
  }
  if (options.out && *options.out != "-") {
    auto written = util::write_file_atomic(*options.out, text);
    if (!written) {
      return std::unexpected(written.error());
    }
    return k_exit_ok;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return k_exit_ok;
}

} // namespace

void
add_report_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<ReportOptions>();
  auto* cmd = parent.add_subcommand(
    "report", "The quarterly report: headline figures, progress against the G8, SDG 10.c and G20 targets, "
              "channels, regions, corridors, history beside the World Bank's published figures, data notes");
  add_database_option(*cmd, options->database);
  cmd->add_option("--quarter", options->quarter, "Quarter to report, e.g. 2020Q3 (default: the latest with data)");
  cmd->add_option("--format", options->format,
                  "md, html (one self-contained file), json, csv or xlsx (default: from --out's extension, "
                  "else md)")
    ->transform(one_of({"md", "html", "json", "csv", "xlsx"}));
  cmd->add_option("--out", options->out, "Write to this file (written whole or not at all; default: standard output); without --format its extension (.md, .html, .json, .csv, .xlsx; any case) chooses the format, and any other extension is an error");
  cmd->add_option("--title", options->title,
                  "The report's heading (default: \"Remittance costs, QUARTER\", plus the scope when scoped)");
  cmd->add_option("--organisation", options->organisation,
                  "Who publishes the report, printed under the title (e.g. \"Central Bank of Kenya\")");
  cmd->add_option("--amount", options->amount, "Standard amount in USD")
    ->check(CLI::IsMember({200, 500}))
    ->default_val(200);
  add_scope_options(*cmd, options->scope);
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage}));
  cmd->callback([options, &action] { action = [options] { return run_report(*options); }; });
}

} // namespace rw::app
