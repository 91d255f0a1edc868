#include "app/command.hpp"
#include "app/choice.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "datasets/flows.hpp"
#include "reports/render.hpp"
#include "reports/report.hpp"
#include "util/file.hpp"
#include "util/zip_writer.hpp"

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
  std::optional<std::string> csv_layout;
  std::string title, organisation;
  int amount = 200;
  ScopeOptions scope;
};

std::string
lower_extension(const std::string& out)
{
  std::string extension = std::filesystem::path(out).extension().string();
  std::ranges::transform(extension, extension.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// Where the wide CSV layout goes: a zip (--out FILE.zip) or a directory
// (--out DIR/, created if missing). Never standard output: it is several files.
enum class WideTarget { none, zip, directory };

WideTarget
wide_target(const ReportOptions& options)
{
  if (!options.out || *options.out == "-") {
    return WideTarget::none;
  }
  if (lower_extension(*options.out) == ".zip") {
    return WideTarget::zip;
  }
  std::error_code ignored;
  return options.out->ends_with('/') || std::filesystem::is_directory(*options.out, ignored) ? WideTarget::directory
                                                                                             : WideTarget::none;
}

// --csv-layout: long (one table of section, table, row, column, value) unless
// --out names a zip or a directory, which only the wide layout fills.
util::Expected<bool>
choose_wide(const ReportOptions& options, const std::string& format)
{
  const WideTarget target = wide_target(options);
  if (format != "csv") {
    if (options.csv_layout) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("--csv-layout is for --format csv, not {}", format));
    }
    if (target != WideTarget::none) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("--out {}: a zip or a directory holds the wide CSV layout, not {}",
                                          *options.out, format));
    }
    return false;
  }
  const bool wide = options.csv_layout ? *options.csv_layout == "wide" : target != WideTarget::none;
  if (wide && target == WideTarget::none) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            "--csv-layout wide writes one CSV per table: give --out FILE.zip or --out DIR/");
  }
  if (!wide && target != WideTarget::none) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--out {}: the long CSV layout is one file; use --csv-layout wide for a "
                                        "zip or a directory of tables",
                                        *options.out));
  }
  return wide;
}

// One CSV per table into a zip or a directory; says where on standard error.
util::Expected<int>
write_wide_csv(const reports::Report& report, const std::string& out)
{
  const auto files = reports::render_csv_wide(report);
  if (lower_extension(out) == ".zip") {
    std::vector<util::ZipEntry> entries;
    entries.reserve(files.size());
    for (const auto& file : files) {
      entries.push_back({file.name, file.content});
    }
    if (auto written = util::write_zip_atomic(out, entries); !written) {
      return std::unexpected(written.error());
    }
  } else {
    std::error_code created;
    std::filesystem::create_directories(out, created);
    if (created) {
      return util::make_error(util::ErrorKind::io, fmt::format("{}: cannot create: {}", out, created.message()));
    }
    for (const auto& file : files) {
      if (auto written = util::write_file_atomic(std::filesystem::path(out) / file.name, file.content); !written) {
        return std::unexpected(written.error());
      }
    }
  }
  fmt::print(stderr, "remitwatch: wrote {} CSV files (one per table) to {}\n", files.size(), out);
  return k_exit_ok;
}

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
  if (wide_target(options) != WideTarget::none) {
    return std::string("csv"); // the wide CSV layout: a zip or a directory of tables
  }
  std::string extension = lower_extension(*options.out);
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
  auto wide = choose_wide(options, *format);
  if (!wide) {
    return std::unexpected(wide.error());
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
  if (*wide) {
    return write_wide_csv(*report, *options.out);
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
  cmd->add_option("--out", options->out, "Write to this file (written whole or not at all; default: standard output); without --format its extension "
                  "(.md, .html, .json, .csv, .xlsx; any case) chooses the format, and any other extension is an error; "
                  "FILE.zip or DIR/ receive the wide CSV layout");
  cmd->add_option("--csv-layout", options->csv_layout,
                  "CSV only: long (one table: section, table, row, column, value; the default) or wide (one CSV "
                  "per table with a header row and typed numbers, into --out FILE.zip or --out DIR/; the default "
                  "when --out is a zip or a directory)")
    ->transform(one_of({"long", "wide"}));
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
