#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace rw::util {

// Reads a whole file; the error names the path and the system's reason.
Expected<std::string> read_file(const std::filesystem::path& path);

// Writes through a temporary file in the same directory and renames it over
// the target, so a reader never sees a half-written file.
Expected<void> write_file_atomic(const std::filesystem::path& path, std::string_view content);

// A file mapped read-only into memory (mmap), unmapped when destroyed; the
// view stays valid as long as the object. An empty file maps to an empty view.
class MappedFile
{
public:
  static Expected<MappedFile> open(const std::filesystem::path& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view view() const { return {m_data, m_size}; }

  // Tells the system the bytes [offset, offset + length) will not be read
  // again: their pages leave this process's memory (they stay in the page
  // cache), so streaming a file larger than memory keeps a small footprint.
  void release(size_t offset, size_t length) const;

private:
  MappedFile(const char* data, size_t size) : m_data(data), m_size(size) {}
  const char* m_data = nullptr;
  size_t m_size = 0;
};

} // namespace rw::util
