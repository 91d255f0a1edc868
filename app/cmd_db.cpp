#include "app/choice.hpp"
#include "app/command.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "app/table_output.hpp"
#include "collector/importer.hpp"
#include "store/copy.hpp"
#include "store/dump.hpp"
#include "store/postgres.hpp"
#include "store/queries.hpp"
#include "store/releases.hpp"
#include "store/schema.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>

namespace rw::app {

namespace {

struct DbOptions
{
  std::optional<std::string> database;
  std::string format = "table";
  std::string from, to; // db copy
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
  fmt::print("path              {}\n", shown_database(path));
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

// The quarters a release's changed rows belong to: "2016Q2–2024Q4", "2016Q2".
util::Cell
revised_quarters(const store::ReleaseRecord& release)
{
  if (!release.revised_first) {
    return std::string();
  }
  const std::string& first = *release.revised_first;
  const std::string& last = release.revised_last.value_or(first);
  return first == last ? first : fmt::format("{}–{}", first, last);
}

// The releases as one table: a row each, oldest first.
util::Table
releases_table(const std::vector<store::ReleaseRow>& rows)
{
  util::Table table{{"release", "version", "date", "sha256", "imported_at", "added", "changed", "unchanged",
                     "revised"},
                    {}};
  for (const auto& row : rows) {
    const auto& r = row.release;
    table.rows.push_back({r.file_name, r.catalog_version, r.release_date, row.sha256.substr(0, 12), row.imported_at,
                          static_cast<long long>(row.added), static_cast<long long>(row.changed),
                          static_cast<long long>(row.unchanged),
                          revised_quarters(r)});
  }
  return table;
}

util::Expected<int>
run_db_releases(const DbOptions& options)
{
  auto database = open_store_for_reading(database_path(options.database));
  if (!database) {
    return std::unexpected(database.error());
  }
  auto rows = store::load_releases(*database);
  if (!rows) {
    return std::unexpected(rows.error());
  }
  print_table(releases_table(*rows), options.format, {});
  if (options.format != "table") {
    return k_exit_ok;
  }
  if (rows->empty()) {
    fmt::print("no release imported yet: `remitwatch collect --source rpw` fetches the newest, `remitwatch import "
               "rpw WORKBOOK.xlsx` imports one downloaded by hand\n");
  }
  // A release that changed stored rows revised the quarters they belong to.
  for (const auto& row : *rows) {
    if (row.changed > 0 && row.release.revised_first) {
      fmt::print("{}: {}\n", row.release.file_name,
                 collector::describe_revision(static_cast<size_t>(row.changed), *row.release.revised_first,
                                              *row.release.revised_last));
    }
  }
  return k_exit_ok;
}


// The copy's report: rows per table, then the source's canonical digest
// (taken as it was copied) against the target's, read back.
util::Expected<int>
report_copy(const store::Canonical& source, const util::Expected<store::Canonical>& target, const std::string& from,
            const std::string& to)
{
  if (!target) {
    return std::unexpected(target.error());
  }
  std::int64_t total = 0;
  for (const auto& table : source.tables) {
    total += table.rows;
  }
  fmt::print("copied {} rows in {} tables\n  from {}\n  to   {}\n", total, source.tables.size(), from, to);
  for (const auto& table : source.tables) {
    fmt::print("  {:<18}{:>10}\n", table.table, table.rows);
  }
  if (source.sha256 != target->sha256) {
    return util::make_error(util::ErrorKind::database,
                            fmt::format("the copy in {} differs from its source (canonical SHA-256 {} against {}); "
                                        "it was committed: drop it before copying again, and report this",
                                        to, target->sha256, source.sha256));
  }
  fmt::print("verified: both hold the same values (canonical SHA-256 {})\n", target->sha256);
  return k_exit_ok;
}

util::Expected<int>
copy_to_postgres(const DbOptions& options)
{
  auto from = open_store_for_reading(options.from);
  if (!from) {
    return std::unexpected(from.error());
  }
  auto to = store::postgres::Connection::open(options.to);
  if (!to) {
    return std::unexpected(to.error());
  }
  auto copied = store::copy_store(*from, *to);
  if (!copied) {
    return std::unexpected(copied.error());
  }
  return report_copy(*copied, store::canonical(*to), shown_database(options.from), to->where());
}

util::Expected<int>
copy_to_sqlite(const DbOptions& options)
{
  auto from = store::postgres::Connection::open(options.from);
  if (!from) {
    return std::unexpected(from.error());
  }
  // A new file: removed again if the copy fails, so nothing half-made stays.
  const bool existed = std::filesystem::exists(options.to);
  auto opened = open_store(options.to, true, "--to");
  if (!opened) {
    return std::unexpected(opened.error());
  }
  std::optional<store::Database> to(std::move(*opened));
  auto copied = store::copy_store(*from, *to);
  if (!copied) {
    to.reset(); // closed before its files go
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (!existed) {
        std::filesystem::remove(options.to + suffix, ignored);
      }
    }
    return std::unexpected(copied.error());
  }
  return report_copy(*copied, store::canonical(*to), from->where(), shown_database(options.to));
}

util::Expected<int>
run_db_copy(const DbOptions& options)
{
  const bool from_postgres = store::postgres::is_url(options.from);
  const bool to_postgres = store::postgres::is_url(options.to);
  if (from_postgres == to_postgres) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            "db copy: give one SQLite file and one postgresql:// URL (between two SQLite files "
                            "use sqlite3's .backup, between two PostgreSQL databases pg_dump)");
  }
  return to_postgres ? copy_to_postgres(options) : copy_to_sqlite(options);
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
  auto* releases = db->add_subcommand(
    "releases", "The World Bank RPW releases imported: when, and how many rows each added, changed or left alone");
  add_database_option(*releases, options->database);
  releases->add_option("--format", options->format, "Output format")
    ->transform(one_of({"table", "csv", "json"}))
    ->default_val("table");
  releases->callback([options, &action] { action = [options] { return run_db_releases(*options); }; });
  auto* copy = db->add_subcommand("copy", "Copy a whole store from SQLite to PostgreSQL or back, exactly, and verify it");
  copy->add_option("--from", options->from, "The store to read: a SQLite file or a postgresql:// URL")->required();
  copy->add_option("--to", options->to,
                   "The store to write, which must hold no data: a new SQLite file or a postgresql:// URL of an "
                   "existing database (its schema is created)")
    ->required();
  copy->callback([options, &action] { action = [options] { return run_db_copy(*options); }; });
}

} // namespace rw::app
