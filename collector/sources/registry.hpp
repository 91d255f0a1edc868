#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rw::collector {

class Source; // collector/source.hpp

// Every source, in the order a run fetches them.
const std::vector<const Source*>& all_sources();

// Their names, comma-separated in that order ("ecb, wise, feed, worldbank"),
// for messages that list them.
std::string source_names();

bool is_source(std::string_view name);

// Each defined in its own file under sources/ (which includes this header).
const Source& ecb_source();
const Source& wise_source();
const Source& feed_source();
const Source& worldbank_source();
const Source& rpw_source();

} // namespace rw::collector
