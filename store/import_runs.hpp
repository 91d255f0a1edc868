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

} // namespace rw::store
