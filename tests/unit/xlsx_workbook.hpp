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

// The workbook, or why it could not be written (what a program outside the
// doctest runner calls: tests/golden/write_release_fixtures.cpp).
inline util::Expected<void>
write_workbook_file(const std::filesystem::path& path, const std::vector<std::pair<std::string, SheetRows>>& sheets,
                    bool constant_memory = false)
{
  // Created "2026-01-05T00:00:00Z" (1767571200): the same bytes on every run.
  auto workbook = reports::XlsxWriter::create(path, {.constant_memory = constant_memory, .created = 1767571200});
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  for (const auto& [name, rows] : sheets) {
    if (auto added = workbook->add_sheet(name); !added) {
      return added;
    }
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
  return workbook->finish();
}

inline void
write_workbook(const std::filesystem::path& path, const std::vector<std::pair<std::string, SheetRows>>& sheets,
               bool constant_memory = false)
{
  const auto written = write_workbook_file(path, sheets, constant_memory);
  REQUIRE_MESSAGE(written, (written ? std::string() : written.error().message));
}

} // namespace rw::test
