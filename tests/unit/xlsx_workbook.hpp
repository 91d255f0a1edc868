#pragma once

// A workbook written for a test (libxlsxwriter through reports/xlsx_writer):
// sheets of rows of cells, "" left empty. A cell that reads as a number (and
// is no quarter such as 2025_3Q or date such as 24/Jan/2011) is written as a
// number, as Excel keeps them: the release's Excel serial dates are numbers.

#include "reports/xlsx_writer.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace rw::test {

using SheetRows = std::vector<std::vector<std::string>>;

inline void
write_workbook(const std::filesystem::path& path, const std::vector<std::pair<std::string, SheetRows>>& sheets,
               bool constant_memory = false)
{
  auto workbook = reports::XlsxWriter::create(path, {constant_memory});
  REQUIRE(workbook);
  for (const auto& [name, rows] : sheets) {
    REQUIRE(workbook->add_sheet(name));
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        const std::string& cell = rows[r][c];
        if (cell.empty()) {
          continue;
        }
        if (const auto number = util::parse_double(cell); number && cell.find_first_of("/_") == std::string::npos) {
          workbook->write(r, c, *number);
        } else {
          workbook->write(r, c, cell);
        }
      }
    }
  }
  REQUIRE(workbook->finish());
}

} // namespace rw::test
