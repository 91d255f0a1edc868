#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/progress.hpp"
#include "app/run.hpp"
#include "collector/importer.hpp"

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
};

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
                                        [&](size_t done, size_t total) { bar.update(done, total); });
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
    fmt::print("{} ({}) imported into {} as run {}\n", options.file, options.kind, path, summary->run_id);
  } else {
    fmt::print("{} ({}) was already imported into {} as run {}: nothing changed\n", options.file, options.kind,
               path, summary->previous_run_id);
  }
  fmt::print("rows read  {:>8}\n", summary->rows_read);
  fmt::print("imported   {:>8}\n", summary->imported);
  fmt::print("updated    {:>8}\n", summary->updated);
  fmt::print("unchanged  {:>8}\n", summary->unchanged);
  fmt::print("rejected   {:>8}\n", summary->rejected);
  fmt::print("flagged    {:>8}\n", summary->flagged);
  for (const auto& row : summary->rejected_rows) {
    fmt::print("rejected: {}\n", row.message);
  }
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
  cmd->footer(exit_codes_footer({k_exit_ok, k_exit_failure, k_exit_usage, k_exit_rows_rejected}));
  cmd->callback([options, &action] { action = [options] { return run_import(*options); }; });
}

} // namespace rw::app
