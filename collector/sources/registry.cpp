#include "collector/sources/registry.hpp"

#include "collector/source.hpp"

#include <algorithm>

namespace rw::collector {

const std::vector<const Source*>&
all_sources()
{
  // Benchmark sources first: the others price from their rates.
  static const std::vector<const Source*> sources = {&ecb_source(), &wise_source(), &feed_source(),
                                                     &worldbank_source(), &rpw_source()};
  return sources;
}

std::string
source_names()
{
  std::string names;
  for (const auto* source : all_sources()) {
    names += (names.empty() ? "" : ", ") + std::string(source->name());
  }
  return names;
}

bool
is_source(std::string_view name)
{
  return std::ranges::any_of(all_sources(), [&](const Source* source) { return source->name() == name; });
}

} // namespace rw::collector
