#pragma once

// The query parameters the API and the pages share, checked with errors that
// name the parameter and say what it takes ("quarter=2024Q5: …").

#include "corridors/quarter.hpp"
#include "web/router.hpp"

#include <optional>
#include <string>

namespace rw::web {

// ?quarter=2024Q4, or none when absent.
util::Expected<std::optional<corridors::Quarter>> quarter_parameter(const Request& request);

// ?amount=200 or 500 (USD); 200 when absent.
util::Expected<int> amount_parameter(const Request& request);

// What an API answer is written as: ?format=json (the default) or csv.
enum class Format { json, csv };
util::Expected<Format> format_parameter(const Request& request);

// ?NAME=KEN, a country of the catalogue (any case, upper-cased), or none.
util::Expected<std::optional<std::string>> country_parameter(const Request& request,
                                                             const std::string& name,
                                                             const corridors::Catalogue& catalogue);

} // namespace rw::web
