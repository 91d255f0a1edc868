#pragma once

// The file an import reads, opened: the importer's input (importer.cpp).

#include "collector/importer.hpp"
#include "readers/csv_rows.hpp"
#include "readers/rpw.hpp"
#include "util/error.hpp"
#include "util/sha256.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace rw::collector {

// What import_file reads: a survey's or a DataBank export's text, held whole
// (they are small); an RPW CSV opened as a stream, hashed as it is read, so
// that memory does not grow with it; or the RPW workbook (libzip reads it
// from the file), hashed from the file.
struct OpenedInput
{
  std::string text;
  std::optional<readers::CsvRows> rows;
  std::unique_ptr<util::Sha256> hash; // the stream's, fed as it is read
  readers::RpwMemory memory = readers::RpwMemory::current_group;
  bool workbook = false;
  std::string sheet; // the workbook's sheet to read (else every dataset sheet)
  std::string sha256; // known before the rows are read (text, workbook)
};

// The input, opened. CSV text is read with bounds (util::TextStream), so
// that endless or binary input (/dev/zero) is refused at once, naming the
// path, before the database is touched: an RPW CSV's first chunk and header
// are read here, the rest as it is imported.
util::Expected<OpenedInput> open_input(ImportKind kind, const std::filesystem::path& path, readers::RpwMemory memory,
                                       const ImportSettings& settings);

// The SHA-256 of a file read in chunks (the workbook: a zip archive; a CSV
// when an earlier import of it may make writing needless).
util::Expected<std::string> sha256_of_file(const std::filesystem::path& path);

} // namespace rw::collector
