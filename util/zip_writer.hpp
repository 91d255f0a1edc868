#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <span>
#include <string>

namespace rw::util {

// One file of a zip archive: its name inside the archive and its bytes.
struct ZipEntry
{
  std::string name;
  std::string content;
};

// Writes `entries` as a zip archive (deflated, in the given order, every entry
// dated 1980-01-01 so that the same entries give the same bytes) to a
// temporary file beside `path`, then renames it over `path`: whoever opens
// `path` sees the old archive or the whole new one. libzip's writing is
// wrapped here once (its reading, in readers/xlsx_reader).
Expected<void> write_zip_atomic(const std::filesystem::path& path, std::span<const ZipEntry> entries);

} // namespace rw::util
