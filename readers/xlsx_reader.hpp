#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

// The sheets of an xlsx workbook, in workbook order.
util::Expected<std::vector<std::string>> xlsx_sheet_names(const std::filesystem::path& file);

// Called for each row of a sheet: its 1-based row number and its cells as text
// (shared strings resolved; numbers as stored, e.g. "295000" or "0.000651";
// booleans "TRUE"/"FALSE"; missing cells ""). Return false to stop early.
using XlsxRowHandler = std::function<util::Expected<bool>(size_t row, const std::vector<std::string>& cells)>;

// Streams one sheet: libzip inflates the sheet in chunks and expat parses each
// chunk, so memory does not grow with the sheet (only the shared strings are
// held). No DTDs or entity declarations are accepted. Errors name the file,
// the sheet and the line of the sheet's XML.
util::Expected<void> read_xlsx_sheet(const std::filesystem::path& file,
                                     std::string_view sheet_name,
                                     const XlsxRowHandler& on_row);

} // namespace rw::readers
