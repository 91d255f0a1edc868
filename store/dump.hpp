#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rw::store {

// Every user table's rows, ordered by primary key, one line per row: two
// databases with the same content give the same text.
util::Expected<std::string> dump(Database& database);

// "ok", or what PRAGMA integrity_check and foreign_key_check found.
util::Expected<std::string> integrity_check(Database& database);

// Rows per user table, by table name.
util::Expected<std::vector<std::pair<std::string, std::int64_t>>> table_counts(Database& database);

} // namespace rw::store
