#pragma once

#include "corridors/catalogue.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <cstddef>

namespace rw::datasets {

// Replaces the catalogue's corridor flows with those `import flows` stored, so
// that every weighted average (averages, report, alerts) weighs by them.
// Returns how many flows were applied (stored pairs that are corridors of
// the catalogue).
util::Expected<size_t> apply_stored_flows(store::Database& database, corridors::Catalogue& catalogue);

} // namespace rw::datasets
