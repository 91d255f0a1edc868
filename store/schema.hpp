#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <span>
#include <string_view>

namespace rw::store {

// One step of the schema, for both backends: `common` in SQLite's words
// (translated for PostgreSQL by store/postgres_schema), then the part only
// one backend runs (SQLite's triggers and their PL/pgSQL twins).
struct Migration
{
  std::string_view common;
  std::string_view sqlite;
  std::string_view postgres;
};

// Migration N (1-based) brings the schema from version N-1 to N.
std::span<const Migration> migrations();

// The schema version this binary writes (PRAGMA user_version).
int schema_version();

// The database's schema version (PRAGMA user_version), refused (nothing
// written) when it is negative or newer than schema_version().
util::Expected<int> stored_schema_version(Database& database);

// Brings the database to schema_version(), one transaction per migration.
// Refuses a database written by a newer remitwatch, or with a version no
// remitwatch writes. Takes no write lock when it is up to date. Returns the version the
// database had before.
util::Expected<int> migrate(Database& database);

} // namespace rw::store
