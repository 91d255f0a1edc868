#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace rw::util {

// Reads a whole file; the error names the path and the system's reason.
Expected<std::string> read_file(const std::filesystem::path& path);

// Writes through a temporary file in the same directory and renames it over
// the target, so a reader never sees a half-written file.
Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

} // namespace rw::util
