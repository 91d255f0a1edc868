#pragma once

// The store's schema in PostgreSQL (issue 22): the migrations of
// store/schema.hpp, their common part translated from SQLite's words, and the
// version kept in a one-row table remitwatch_schema.

#include "store/postgres.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>

namespace rw::store {

// A migration's common part in PostgreSQL's words: INTEGER PRIMARY KEY → an
// identity column (bigint), INTEGER → bigint, REAL → double precision,
// TEXT → text COLLATE "C" (compared and sorted bytewise, as SQLite does),
// BLOB → bytea, STRICT dropped. Only those upper-case words
// outside quotes change.
std::string postgres_dialect(std::string_view sqlite_sql);

// The database's schema version (0: no remitwatch schema yet), refused when
// it is newer than schema_version().
util::Expected<int> stored_schema_version(postgres::Connection& connection);

// Brings the database to schema_version() in one transaction, holding an
// advisory lock so that two connections migrating at once apply each step
// once. Returns the version it had before.
util::Expected<int> migrate(postgres::Connection& connection);

} // namespace rw::store
