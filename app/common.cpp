#include "app/common.hpp"

#include "store/schema.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

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

void
add_database_option(CLI::App& command, std::optional<std::string>& target)
{
  command.add_option("--db", target, "SQLite database (default: $REMITWATCH_DB, else ./remitwatch.db)");
}

util::Expected<store::Database>
open_store(const std::string& path, bool create)
{
  if (!create && !std::filesystem::exists(path)) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no such database; create one with 'remitwatch import'", path));
  }
  auto database = store::Database::open(path, {.read_only = false, .create = create});
  if (!database) {
    return database;
  }
  if (auto migrated = store::migrate(*database); !migrated) {
    return std::unexpected(migrated.error());
  }
  return database;
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


} // namespace rw::app
