#pragma once

#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "corridors/scope.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace rw::app {

// --db PATH, else $REMITWATCH_DB, else ./remitwatch.db.
std::string database_path(const std::optional<std::string>& option);

// The --db value as messages show it: a path as given, a postgresql:// URL
// with its password hidden.
std::string shown_database(const std::string& path);

// Adds --db to a subcommand.
void add_database_option(CLI::App& command, std::optional<std::string>& target);

// Opens the store for writing. A command that needs an existing database
// asks for one (a clear error names the path and says how to create one); an
// importing command creates it. The schema is brought up to date. When
// another process holds the write lock, it waits for it (up to ten minutes,
// saying so on stderr after a second). `option` is what messages call the
// path's option.
util::Expected<store::Database> open_store(const std::string& path, bool create, std::string_view option = "--db");

// Opens an existing store for reading only: no write lock is ever taken, so
// a reader never waits for an import, and a user who may not write the file
// or its folder can read it (nothing is created beside it). A database of an
// older schema is migrated first when the user may write it; otherwise the
// error says who must.
util::Expected<store::Database> open_store_for_reading(const std::string& path);

// The built-in catalogue, or the files in `directory`.
util::Expected<corridors::Catalogue> load_catalogue(const std::optional<std::string>& directory);

// A quarter option's value ("--quarter" in messages), or none when not given.
util::Expected<std::optional<corridors::Quarter>> quarter_option(const std::optional<std::string>& text,
                                                                  const char* name);

// --from and --to, each a quarter or none; --from after --to is refused
// ("--from 2013Q1 is after --to 2012Q1").
struct QuarterRange
{
  std::optional<corridors::Quarter> from, to;
};
util::Expected<QuarterRange> quarter_range_option(const std::optional<std::string>& from,
                                                  const std::optional<std::string>& to);

// The quarters data exist for, for messages: "2011Q3 to 2024Q4 (5 quarters)"
// (the count is of quarters with data, not of the span); "no quarter" when empty.
std::string describe_quarters(const std::set<corridors::Quarter>& quarters);

// The texts of --sender, --receiver, --country and --corridor.
struct ScopeOptions
{
  std::vector<std::string> senders, receivers, countries, corridors;
};

// Adds --sender, --receiver, --country and --corridor (each repeatable) to a
// command. corridors::Scope says how they combine.
void add_scope_options(CLI::App& command, ScopeOptions& target);

// The scope the options name, every code checked against the catalogue.
util::Expected<corridors::Scope> scope_option(const ScopeOptions& options, const corridors::Catalogue& catalogue);

// "2024-11-24T03:36:35Z" now, or $REMITWATCH_NOW (for reproducible runs and tests).
std::string now_timestamp();

} // namespace rw::app
