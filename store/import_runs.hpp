#pragma once

#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rw::store {

// The newest import run of `source` ("rpw", "databank", "survey") that read
// a file with this SHA-256 and finished ok or partial; 0 when there is none.
util::Expected<std::int64_t> previous_import_run(Database& database, std::string_view source,
                                                 const std::string& sha256);

// The newest run in the database (of any kind), with its input's SHA-256 and
// its counts, when it is an import of `source` that finished ok or partial;
// nullopt otherwise. Nothing has written since that run, so reading the same
// file again with the same rules can change nothing.
util::Expected<std::optional<RunRecord>> newest_run_if_import(Database& database, std::string_view source);

// Records the SHA-256 of a run's input once known: a file streamed is hashed
// in the pass that imports it, after the run began.
util::Expected<void> set_run_input_sha256(Database& database, std::int64_t run_id, const std::string& sha256);

} // namespace rw::store
