// ColumnFinder: columns by header name, the missing ones named together.

#include "readers/column_finder.hpp"

#include <fmt/format.h>

namespace rw::readers {

size_t
ColumnFinder::required(std::string_view name)
{
  const auto index = m_header->find(name);
  require(index.has_value(), name);
  return index.value_or(0);
}

void
ColumnFinder::require(bool found, std::string_view name)
{
  if (!found) {
    m_missing.emplace_back(name);
  }
}

util::Expected<void>
ColumnFinder::check(std::string_view source_name, std::string_view what) const
{
  if (m_missing.empty()) {
    return {};
  }
  return util::make_error(util::ErrorKind::parse,
                          fmt::format("{}:1: not {}: missing column{} {}",
                                      source_name,
                                      what,
                                      m_missing.size() > 1 ? "s" : "",
                                      fmt::join(m_missing, ", ")));
}

} // namespace rw::readers
