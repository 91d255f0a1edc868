#pragma once

// Finding a file's columns by header name, the one way every CSV reader here
// does it: each required column that is not there is noted, and one error
// names them all.

#include "util/csv.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

class ColumnFinder
{
public:
  // `header` outlives the finder.
  explicit ColumnFinder(const util::CsvHeader& header) : m_header(&header) {}

  // The column named `name` (util::CsvHeader's matching); without one, 0,
  // and the name noted as missing.
  size_t required(std::string_view name);
  // The column named `name`, if the header has it.
  std::optional<size_t> optional(std::string_view name) const { return m_header->find(name); }
  // Notes `name` as missing unless `found`: a requirement checked otherwise.
  void require(bool found, std::string_view name);

  // Nothing, or "<source>:1: not <what>: missing column(s) a, b" naming every
  // missing one in the order asked for.
  util::Expected<void> check(std::string_view source_name, std::string_view what) const;

private:
  const util::CsvHeader* m_header;
  std::vector<std::string> m_missing;
};

} // namespace rw::readers
