#include "app/common.hpp"

#include "store/postgres.hpp"
#include "store/schema.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace rw::app {

std::string
database_path(const std::optional<std::string>& option)
{
  if (option && !option->empty()) {
    return *option;
  }
  if (const char* env = std::getenv("REMITWATCH_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  return "remitwatch.db";
}

std::string
shown_database(const std::string& path)
{
  return store::postgres::is_url(path) ? store::postgres::redact(path) : path;
}

void
add_database_option(CLI::App& command, std::optional<std::string>& target)
{
  command.add_option("--db", target,
                     "SQLite file or postgresql:// URL (default: $REMITWATCH_DB, else ./remitwatch.db)");
}

util::Expected<store::Database>
open_store(const std::string& path, bool create, std::string_view option)
{
  const bool postgres = store::postgres::is_url(path);
  if (!postgres && !create && !std::filesystem::exists(path)) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no such database; create one with 'remitwatch import'", path));
  }
  if (create && !postgres) {
    const auto folder = std::filesystem::absolute(path).parent_path();
    std::error_code ignored;
    if (!std::filesystem::is_directory(folder, ignored)) {
      return util::make_error(util::ErrorKind::io,
                              fmt::format("{}: cannot create the database: there is no folder {}; create it or "
                                          "choose another {}",
                                          path, folder.string(), option));
    }
    if (::access(folder.c_str(), W_OK) != 0 && !std::filesystem::exists(path)) {
      return util::make_error(util::ErrorKind::io,
                              fmt::format("{}: cannot create the database: the folder {} is not writable by this "
                                          "user; choose another {} or ask its owner",
                                          path, folder.string(), option));
    }
  }
  auto database = store::Database::open(path, {.read_only = false, .create = create});
  if (!database) {
    return database;
  }
  database->wait_for_writers(std::chrono::minutes(10), [where = database->path()] {
    fmt::print(stderr, "remitwatch: waiting: another process is writing to {} (an import or a collection); this "
                       "one goes on when it has finished\n",
               where);
  });
  if (auto migrated = store::migrate(*database); !migrated) {
    return std::unexpected(migrated.error());
  }
  return database;
}

util::Expected<store::Database>
open_store_for_reading(const std::string& path)
{
  const bool postgres = store::postgres::is_url(path);
  if (!postgres && !std::filesystem::exists(path)) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no such database; create one with 'remitwatch import'", path));
  }
  auto database = store::Database::open(path, {.read_only = true, .create = false});
  if (!database) {
    return database;
  }
  auto version = store::stored_schema_version(*database);
  if (!version) {
    return std::unexpected(version.error());
  }
  if (*version == store::schema_version()) {
    return database;
  }
  if (postgres) {
    // No file whose permissions say who may upgrade it: a reader's
    // connection is read-only, so the schema is left to a writer.
    return util::make_error(
      util::ErrorKind::database,
      *version == 0 ? fmt::format("{}: no remitwatch store in this database yet; create one with 'remitwatch "
                                  "import --db URL'",
                                  database->path())
                    : fmt::format("{}: the database has schema version {} and this remitwatch reads {}; it must be "
                                  "upgraded once by a role that may write it (any remitwatch command that writes, "
                                  "e.g. 'remitwatch import')",
                                  database->path(), *version, store::schema_version()));
  }
  // An older schema: brought up to date once by a writer, then read as usual.
  if (::access(path.c_str(), W_OK) != 0) {
    return util::make_error(
      util::ErrorKind::database,
      fmt::format("{}: the database has schema version {} and this remitwatch reads {}; it must be upgraded "
                  "once by a user who may write it (any remitwatch command that writes, e.g. 'remitwatch import')",
                  path, *version, store::schema_version()));
  }
  if (auto upgraded = open_store(path, false); !upgraded) {
    return upgraded;
  }
  return store::Database::open(path, {.read_only = true, .create = false});
}

util::Expected<corridors::Catalogue>
load_catalogue(const std::optional<std::string>& directory)
{
  return directory ? corridors::Catalogue::load_directory(*directory) : corridors::Catalogue::load_builtin();
}

std::string
now_timestamp()
{
  if (const char* env = std::getenv("REMITWATCH_NOW"); env != nullptr && *env != '\0') {
    if (auto parsed = util::parse_timestamp(env)) {
      return util::format_timestamp(*parsed);
    }
  }
  return util::format_timestamp(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

util::Expected<std::optional<corridors::Quarter>>
quarter_option(const std::optional<std::string>& text, const char* name)
{
  if (!text) {
    return std::optional<corridors::Quarter>();
  }
  auto quarter = corridors::Quarter::parse(*text);
  if (!quarter) {
    return util::make_error(util::ErrorKind::invalid_argument, fmt::format("{}: {}", name, quarter.error().message));
  }
  return std::optional(*quarter);
}

util::Expected<QuarterRange>
quarter_range_option(const std::optional<std::string>& from, const std::optional<std::string>& to)
{
  auto first = quarter_option(from, "--from");
  if (!first) {
    return std::unexpected(first.error());
  }
  auto last = quarter_option(to, "--to");
  if (!last) {
    return std::unexpected(last.error());
  }
  if (*first && *last && **first > **last) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--from {} is after --to {}", (*first)->to_string(), (*last)->to_string()));
  }
  return QuarterRange{*first, *last};
}

std::string
describe_quarters(const std::set<corridors::Quarter>& quarters)
{
  if (quarters.empty()) {
    return "no quarter";
  }
  return fmt::format("{} to {} ({} quarter{})", quarters.begin()->to_string(), quarters.rbegin()->to_string(),
                     quarters.size(), quarters.size() == 1 ? "" : "s");
}

void
add_scope_options(CLI::App& command, ScopeOptions& target)
{
  command.add_option("--sender", target.senders, "Only corridors sending from this country, ISO3 (repeatable)")
    ->allow_extra_args(false);
  command.add_option("--receiver", target.receivers, "Only corridors receiving in this country, ISO3 (repeatable)")
    ->allow_extra_args(false);
  command.add_option("--country", target.countries, "Only corridors to or from this country, ISO3 (repeatable)")
    ->allow_extra_args(false);
  command
    .add_option("--corridor", target.corridors,
                "Only this corridor, SENDER-RECEIVER; KEN-* and *-KEN for every corridor from or to a country "
                "(repeatable)")
    ->allow_extra_args(false);
}

util::Expected<corridors::Scope>
scope_option(const ScopeOptions& options, const corridors::Catalogue& catalogue)
{
  auto scope = corridors::Scope::parse(options.senders, options.receivers, options.countries, options.corridors);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  // A corridor's unknown country named with the corridor the user wrote,
  // "--corridor KEN-XYZ: 'XYZ' is not a country in the catalogue", so that
  // it reads as what it is and not as a corridor without data.
  for (const auto& pattern : scope->corridors) {
    for (const auto* code : {&pattern.sender, &pattern.receiver}) {
      if (*code != "*" && catalogue.find_country(*code) == nullptr) {
        return util::make_error(util::ErrorKind::invalid_argument,
                                fmt::format("--corridor {}: '{}' is not a country in the catalogue (ISO 3166-1 "
                                            "alpha-3, e.g. KEN)",
                                            pattern.to_string(), *code));
      }
    }
  }
  if (auto known = scope->check(catalogue); !known) {
    return std::unexpected(known.error());
  }
  return scope;
}

} // namespace rw::app
