#include "app/command.hpp"
#include "app/choice.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "datasets/quote_export.hpp"
#include "reports/render.hpp"
#include "reports/xlsx_writer.hpp"
#include "util/csv.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace rw::app {

namespace {

struct ExportOptions
{
  std::optional<std::string> database;
  std::optional<std::string> quarter, from, to;
  int amount_usd = 200;
  ScopeOptions scope;
  std::optional<std::string> format;
  std::optional<std::string> out;
};

constexpr std::array<std::string_view, 3> k_formats = {"csv", "xlsx", "json"};

// --format, else --out's extension (any case), else CSV. An --out whose
// extension is none of the formats is refused, even beside --format: the
// file's name would lie about its content.
util::Expected<std::string>
choose_format(const ExportOptions& options)
{
  std::optional<std::string> from_extension;
  if (options.out && *options.out != "-") {
    std::string extension = std::filesystem::path(*options.out).extension().string();
    std::ranges::transform(extension, extension.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string_view name = extension.empty() ? extension : std::string_view(extension).substr(1);
    if (std::ranges::find(k_formats, name) == k_formats.end()) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("--out {}: {}; the formats are .csv, .xlsx and .json", *options.out,
                                          extension.empty() ? std::string("no extension")
                                                            : fmt::format("unknown extension '{}'", extension)));
    }
    from_extension = extension.substr(1);
  }
  if (options.format && from_extension && *options.format != *from_extension) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--format {} but --out {} names {}; give one or make them agree",
                                        *options.format, *options.out, *from_extension));
  }
  std::string format = options.format ? *options.format : from_extension.value_or("csv");
  if (format == "xlsx" && (!options.out || *options.out == "-")) {
    return util::make_error(util::ErrorKind::invalid_argument, "--format xlsx needs --out FILE.xlsx");
  }
  return format;
}

// The quarters to export: --quarter, or --from/--to.
util::Expected<datasets::ExportFilter>
export_filter(const ExportOptions& options, const corridors::Catalogue& catalogue)
{
  if (options.quarter && (options.from || options.to)) {
    return util::make_error(util::ErrorKind::invalid_argument, "--quarter cannot be combined with --from or --to");
  }
  auto quarter = quarter_option(options.quarter, "--quarter");
  auto from = quarter_option(options.from, "--from");
  auto to = quarter_option(options.to, "--to");
  if (!quarter || !from || !to) {
    return std::unexpected(!quarter ? quarter.error() : !from ? from.error() : to.error());
  }
  if (*from && *to && **to < **from) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--from {} is after --to {}", (*from)->to_string(), (*to)->to_string()));
  }
  auto scope = scope_option(options.scope, catalogue);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  datasets::ExportFilter filter;
  filter.amount_usd = options.amount_usd;
  filter.from = *quarter ? *quarter : *from;
  filter.to = *quarter ? *quarter : *to;
  filter.scope = *scope;
  return filter;
}

// Where CSV and JSON go: standard output, or a temporary file beside --out
// renamed over it once complete, so a failed export never leaves half a file.
class TextOutput
{
public:
  static util::Expected<std::unique_ptr<TextOutput>> open(const std::optional<std::string>& out)
  {
    auto output = std::unique_ptr<TextOutput>(new TextOutput);
    if (!out || *out == "-") {
      output->m_file = stdout;
      return output;
    }
    output->m_path = *out;
    output->m_temporary = fmt::format("{}.partial-{}", *out, ::getpid());
    output->m_file = std::fopen(output->m_temporary.c_str(), "wb");
    if (output->m_file == nullptr) {
      return util::make_error(util::ErrorKind::io, fmt::format("{}: cannot write: {}", *out, std::strerror(errno)));
    }
    return output;
  }
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;
  ~TextOutput()
  {
    if (!m_path.empty() && m_file != nullptr) {
      std::fclose(m_file);
      std::remove(m_temporary.c_str()); // not finished: nothing is left behind
    }
  }

  std::FILE* file() { return m_file; }

  util::Expected<void> finish()
  {
    if (m_path.empty()) {
      return std::fflush(m_file) == 0 ? util::Expected<void>() : write_error();
    }
    const bool ok = std::fflush(m_file) == 0 && std::ferror(m_file) == 0;
    const bool closed = std::fclose(m_file) == 0;
    m_file = nullptr;
    if (!ok || !closed || std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
      auto error = write_error();
      std::remove(m_temporary.c_str());
      return error;
    }
    return {};
  }

private:
  TextOutput() = default;
  util::Expected<void> write_error() const
  {
    return util::make_error(util::ErrorKind::io,
                            fmt::format("{}: cannot write: {}", m_path.empty() ? "standard output" : m_path,
                                        std::strerror(errno)));
  }
  std::FILE* m_file = nullptr;
  std::string m_path, m_temporary;
};

std::string
csv_line(const std::vector<util::Cell>& cells)
{
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    line += i == 0 ? "" : ",";
    if (const auto* text = std::get_if<std::string>(&cells[i])) {
      line += util::csv_escape(reports::neutralise_formula(*text)); // names from the data
    } else if (const auto* number = std::get_if<double>(&cells[i])) {
      line += fmt::format("{}", *number); // shortest form that reads back the same
    } else if (const auto* count = std::get_if<long long>(&cells[i])) {
      line += fmt::format("{}", *count);
    }
  }
  return line + "\r\n";
}

nlohmann::ordered_json
json_row(const std::vector<util::Cell>& cells)
{
  nlohmann::ordered_json row;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string column(datasets::k_export_columns[i]);
    std::visit(
      [&](const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::monostate>) {
          row[column] = nullptr;
        } else if (column == "transparent") {
          row[column] = cells[i] == util::Cell(std::string("yes")); // JSON has booleans
        } else {
          row[column] = value;
        }
      },
      cells[i]);
  }
  return row;
}

util::Expected<size_t>
export_text(store::Database& database,
            const datasets::ExportFilter& filter,
            const corridors::Catalogue& catalogue,
            const std::string& format,
            TextOutput& output)
{
  std::FILE* file = output.file();
  if (format == "csv") {
    std::vector<util::Cell> header;
    header.reserve(datasets::k_export_columns.size());
    for (const auto column : datasets::k_export_columns) {
      header.emplace_back(std::string(column));
    }
    fmt::print(file, "{}", csv_line(header));
  } else {
    fmt::print(file, "{{\n  \"amount_usd\": {},\n  \"scope\": {},\n  \"quotes\": [", filter.amount_usd,
               nlohmann::json(filter.scope.describe(catalogue)).dump());
  }
  bool first = true;
  auto rows = datasets::for_each_export_row(
    database, filter, catalogue, [&](const std::vector<util::Cell>& cells) -> util::Expected<void> {
      if (format == "csv") {
        fmt::print(file, "{}", csv_line(cells));
      } else {
        fmt::print(file, "{}\n    {}", first ? "" : ",", json_row(cells).dump());
      }
      first = false;
      return {};
    });
  if (rows && format == "json") {
    fmt::print(file, "{}]\n}}\n", first ? "" : "\n  ");
  }
  return rows;
}

util::Expected<size_t>
export_xlsx(store::Database& database,
            const datasets::ExportFilter& filter,
            const corridors::Catalogue& catalogue,
            const std::string& path)
{
  // Rows go out in order and are flushed as they go: the sheet is never
  // held whole in memory.
  auto workbook = reports::XlsxWriter::create(path, {.constant_memory = true});
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  if (auto sheet = workbook->add_sheet("quotes"); !sheet) {
    return std::unexpected(sheet.error());
  }
  for (size_t c = 0; c < datasets::k_export_columns.size(); ++c) {
    workbook->write(0, c, datasets::k_export_columns[c], reports::XlsxWriter::Style::bold);
  }
  size_t row = 0;
  auto rows = datasets::for_each_export_row(
    database, filter, catalogue, [&](const std::vector<util::Cell>& cells) -> util::Expected<void> {
      ++row;
      for (size_t c = 0; c < cells.size(); ++c) {
        if (const auto* text = std::get_if<std::string>(&cells[c])) {
          workbook->write(row, c, *text);
        } else if (const auto* number = std::get_if<double>(&cells[c])) {
          workbook->write(row, c, *number);
        }
      }
      return {};
    });
  if (!rows) {
    return rows;
  }
  if (auto done = workbook->finish(); !done) {
    return std::unexpected(done.error());
  }
  return rows;
}

util::Expected<int>
run_export_quotes(const ExportOptions& options)
{
  auto format = choose_format(options);
  if (!format) {
    return std::unexpected(format.error());
  }
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto filter = export_filter(options, *catalogue);
  if (!filter) {
    return std::unexpected(filter.error());
  }
  auto database = open_store_for_reading(database_path(options.database));
  if (!database) {
    return std::unexpected(database.error());
  }
  util::Expected<size_t> rows = 0;
  if (*format == "xlsx") {
    rows = export_xlsx(*database, *filter, *catalogue, *options.out);
  } else {
    auto output = TextOutput::open(options.out);
    if (!output) {
      return std::unexpected(output.error());
    }
    rows = export_text(*database, *filter, *catalogue, *format, **output);
    if (rows) {
      if (auto done = (*output)->finish(); !done) {
        return std::unexpected(done.error());
      }
    }
  }
  if (!rows) {
    return std::unexpected(rows.error());
  }
  if (options.out && *options.out != "-") {
    fmt::print(stderr, "remitwatch: exported {} USD {} quotes to {}\n", *rows, filter->amount_usd, *options.out);
  } else if (*rows == 0) {
    fmt::print(stderr, "remitwatch: warning: no USD {} quotes match; 'remitwatch db info' shows what is stored\n",
               filter->amount_usd);
  }
  return k_exit_ok;
}

} // namespace

void
add_export_command(CLI::App& parent, Action& action)
{
  auto* cmd = parent.add_subcommand("export", "Export stored data as flat tables for spreadsheets and scripts");
  cmd->require_subcommand(1);
  auto options = std::make_shared<ExportOptions>();
  auto* quotes = cmd->add_subcommand(
    "quotes", "The stored quotes as one flat table, one row per quote: countries by name, provider, service, "
              "amounts, rates and the fee, FX margin and total cost % every aggregate counts with");
  add_database_option(*quotes, options->database);
  quotes->add_option("--quarter", options->quarter, "Only this quarter, e.g. 2012Q3");
  quotes->add_option("--from", options->from, "First quarter (with --to: a range)");
  quotes->add_option("--to", options->to, "Last quarter");
  quotes->add_option("--amount", options->amount_usd, "Standard amount in USD: 200 (headline) or 500")
    ->check(CLI::IsMember({200, 500}))
    ->default_val(200);
  add_scope_options(*quotes, options->scope);
  quotes->add_option("--format", options->format, "csv, xlsx or json (default: from --out's extension, else csv)")
    ->transform(one_of({"csv", "xlsx", "json"}));
  quotes->add_option("--out", options->out,
                     "Write to FILE.csv, FILE.xlsx or FILE.json (written whole or not at all; default: standard "
                     "output)");
  quotes->footer("Exit codes: 0 success, 1 data or I/O failure, 2 bad command line or no database.");
  quotes->callback([options, &action] { action = [options] { return run_export_quotes(*options); }; });
}

} // namespace rw::app
