#pragma once

#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace rw::app {

// --db PATH, else $REMITWATCH_DB, else ./remitwatch.db.
std::string database_path(const std::optional<std::string>& option);

// Adds --db to a subcommand.
void add_database_option(CLI::App& command, std::optional<std::string>& target);

// Opens the store. A reading command asks for an existing database (a clear
// error names the path and says how to create one); a writing command creates
// it. Either way the schema is brought up to date.
util::Expected<store::Database> open_store(const std::string& path, bool create);

// The built-in catalogue, or the files in `directory`.
util::Expected<corridors::Catalogue> load_catalogue(const std::optional<std::string>& directory);

// A quarter option's value ("--quarter" in messages), or none when not given.
util::Expected<std::optional<corridors::Quarter>> quarter_option(const std::optional<std::string>& text,
                                                                  const char* name);

// "2024-11-24T03:36:35Z" now, or $REMITWATCH_NOW (for reproducible runs and tests).
std::string now_timestamp();

} // namespace rw::app
