#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/progress.hpp"
#include "app/run.hpp"
#include "collector/importer.hpp"
#include "readers/rejects.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <memory>

namespace rw::app {

namespace {

struct ImportOptions
{
  std::string kind;
  std::string file;
  std::optional<std::string> database;
  std::optional<std::string> catalogue_dir;
  std::string sheet;
  std::optional<std::string> rejects;
};

// Rejected rows listed one per line up to this many, then counted by reason.
constexpr size_t k_listed_rejections = 20;

// Rows rejected or flagged, summarised: the first few rejections as they
// are, then every reason with its count (1,000 bad rows print as a few
// lines; --rejects has them all).
void
print_rejections(const collector::ImportSummary& summary, const ImportOptions& options)
{
  for (const std::string& note : summary.notes) {
    fmt::print("note: {}\n", note);
  }
  const auto& rows = summary.rejected_rows;
  for (size_t i = 0; i < rows.size() && i < k_listed_rejections; ++i) {
    fmt::print("rejected: {}\n", rows[i].message);
  }
  if (rows.size() > k_listed_rejections) {
    fmt::print("rejected: … and {} more{}\n", util::group_thousands(rows.size() - k_listed_rejections),
               options.rejects ? fmt::format(" (all in {})", *options.rejects) : " (--rejects FILE lists them all)");
  }
  readers::ReasonCounter reasons;
  for (const auto& row : rows) {
    const readers::RejectionParts parts = readers::split_rejection(row);
    reasons.add(readers::reason_key(parts.reason), fmt::format("{}:{}", parts.file, parts.line));
  }
  if (!reasons.empty()) {
    fmt::print("rejected rows by reason:\n");
    for (const auto& count : reasons.counts()) {
      fmt::print("  {}\n", readers::format_count(count));
    }
  }
  if (!summary.flags.empty()) {
    fmt::print("flagged rows by reason:\n");
    for (const auto& count : summary.flags.counts()) {
      fmt::print("  {}\n", readers::format_count(count));
    }
  }
}

util::Expected<int>
run_import(const ImportOptions& options)
{
  auto kind = collector::parse_import_kind(options.kind);
  if (!kind) {
    return std::unexpected(kind.error());
  }
  auto catalogue = load_catalogue(options.catalogue_dir);
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  if (!std::filesystem::exists(options.file)) {
    return util::make_error(util::ErrorKind::not_found, fmt::format("{}: no such file", options.file));
  }
  const std::string path = database_path(options.database);
  const bool created = !std::filesystem::exists(path);
  auto database = open_store(path, true);
  if (!database) {
    return std::unexpected(database.error());
  }
  ProgressBar bar(fmt::format("importing {}", options.file));
  auto summary = collector::import_file(*database, *kind, options.file, *catalogue, now_timestamp(),
                                        [&](size_t done, size_t total) { bar.update(done, total); },
                                        {.sheet = options.sheet});
  bar.finish();
  if (!summary) {
    // A file refused whole leaves no empty database behind that the next
    // command would take for a real one.
    if (created) {
      { const store::Database closing = std::move(*database); } // closed before its files go
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ignored;
        std::filesystem::remove(path + suffix, ignored);
      }
    }
    return std::unexpected(summary.error());
  }
  if (summary->run_id != 0) {
    fmt::print("{} ({}) imported into {} as run {}\n", options.file, options.kind, shown_database(path), summary->run_id);
  } else {
    fmt::print("{} ({}) was already imported into {} as run {}: nothing changed\n", options.file, options.kind,
               shown_database(path), summary->previous_run_id);
  }
  fmt::print("rows read  {:>8}\n", summary->rows_read);
  fmt::print("imported   {:>8}\n", summary->imported);
  fmt::print("updated    {:>8}\n", summary->updated);
  fmt::print("unchanged  {:>8}\n", summary->unchanged);
  fmt::print("rejected   {:>8}\n", summary->rejected);
  fmt::print("flagged    {:>8}\n", summary->flagged);
  if (summary->run_id != 0 && summary->revised_first) {
    fmt::print("{}\n", collector::describe_revision(summary->updated, *summary->revised_first,
                                                   *summary->revised_last));
  }
  if (options.rejects) {
    if (auto ok = util::write_file_atomic(*options.rejects, readers::rejects_csv(summary->rejected_rows)); !ok) {
      return util::make_error(ok.error().kind, fmt::format("--rejects: {} (the import itself was committed)",
                                                           ok.error().message));
    }
  }
  print_rejections(*summary, options);
  return summary->rejected > 0 ? k_exit_rows_rejected : k_exit_ok;
}

} // namespace

void
add_import_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<ImportOptions>();
  auto* cmd = parent.add_subcommand(
    "import", "Import a data file into the database: rpw (RPW dataset CSV), databank (DataBank corridor "
              "series CSV), survey (our survey CSV), flows (remittance flows CSV)");
  cmd->add_option("kind", options->kind, "rpw, databank, survey or flows")
    ->required()
    ->transform(one_of({"rpw", "databank", "survey", "flows"}));
  cmd->add_option("file", options->file, "The file to import")->required();
  add_database_option(*cmd, options->database);
  cmd->add_option("--catalogue", options->catalogue_dir,
                  "Directory with countries.csv and corridors.csv replacing the built-in catalogue");
  cmd->add_option("--sheet", options->sheet,
                  "rpw, an xlsx workbook: read only this sheet (default: every sheet named 'Dataset …')");
  cmd->add_option("--rejects", options->rejects,
                  "Write every rejected row to this CSV file (file, line, column, value, reason)");
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage, k_exit_rows_rejected}));
  cmd->callback([options, &action] { action = [options] { return run_import(*options); }; });
}

} // namespace rw::app
