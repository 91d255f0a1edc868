#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

namespace rw::store {

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
