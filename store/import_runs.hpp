#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace rw::store {

// The newest import run of `source` ("rpw", "databank", "survey") that read
// a file with this SHA-256 and finished ok or partial; 0 when there is none.
util::Expected<std::int64_t> previous_import_run(Database& database, std::string_view source,
                                                 const std::string& sha256);

// Records the SHA-256 of a run's input once known: a file streamed is hashed
// in the pass that imports it, after the run began.
util::Expected<void> set_run_input_sha256(Database& database, std::int64_t run_id, const std::string& sha256);

} // namespace rw::store
