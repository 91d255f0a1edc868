#pragma once

// Helpers shared by the pugixml readers (ECB, World Bank API, quote feeds).

#include <pugixml.hpp>

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace rw::readers::xml {

// The element's name without its namespace prefix: namespaces are optional
// in every format we read.
inline std::string_view
local_name(const pugi::xml_node& node)
{
  const std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The attribute of that local name, with or without a prefix.
inline pugi::xml_attribute
attribute(const pugi::xml_node& node, std::string_view name)
{
  for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
    std::string_view full = a.name();
    const auto colon = full.find(':');
    if ((colon == std::string_view::npos ? full : full.substr(colon + 1)) == name) {
      return a;
    }
  }
  return {};
}

// 1-based line of a byte offset (pugixml reports offsets).
inline size_t
line_at(std::string_view text, ptrdiff_t offset)
{
  const auto end = static_cast<size_t>(std::clamp<ptrdiff_t>(offset, 0, static_cast<ptrdiff_t>(text.size())));
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
}

} // namespace rw::readers::xml
