#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace rw::util {

// A cell: empty (missing value), text, a count or a measure.
using Cell = std::variant<std::monostate, std::string, long long, double>;

// A rectangular result that every output format renders the same way.
struct Table
{
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

// Columns aligned for a terminal; measures with `decimals` decimals, missing
// values as "n/a". Numbers are right-aligned.
std::string render_text(const Table& table, int decimals = 2);

// RFC 4180 with a header line; measures in the shortest form that reads back
// to the same double; missing values as empty fields.
std::string render_csv(const Table& table);

} // namespace rw::util
