#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

namespace rw::store {

// The schema version this binary writes (PRAGMA user_version).
int schema_version();

// Brings the database to schema_version(), one transaction per migration.
// Refuses a database written by a newer remitwatch. Returns the version the
// database had before.
util::Expected<int> migrate(Database& database);

} // namespace rw::store
