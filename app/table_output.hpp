#pragma once

#include "util/table.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rw::app {

inline util::Cell
cell(const std::optional<double>& value)
{
  return value ? util::Cell(*value) : util::Cell();
}

inline util::Cell
cell(size_t count)
{
  return util::Cell(static_cast<long long>(count));
}

// Prints a result table as "table" (aligned, `decimals` decimals), "csv" or
// "json": {<fields…>, "rows": [{column: value, …}]} with full precision.
void print_table(const util::Table& table,
                 const std::string& format,
                 const std::vector<std::pair<std::string, std::string>>& json_fields,
                 int decimals = 2);

} // namespace rw::app
