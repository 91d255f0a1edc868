#pragma once

// What the corridor view reads beside the quotes' costs: the corridor's
// services with the words that tell them apart (payment instrument,
// receiving method), which the costs' narrow read leaves out.

#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <string>
#include <vector>

namespace rw::store {

// The services stored for one corridor (codes as stored, upper case), with
// their provider's name, ordered by service key.
util::Expected<std::vector<ServiceRecord>> corridor_services(Database& database,
                                                             const std::string& sender,
                                                             const std::string& receiver);

} // namespace rw::store
