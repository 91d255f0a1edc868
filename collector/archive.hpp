#pragma once

#include "util/error.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

namespace rw::collector {

// The collector's response archive: every body, content-addressed by its
// SHA-256 under DIR/ab/abcdef…, written whole (fsync + rename) before its
// index row (`responses`) is committed. A body already there is not written
// again.
class Archive
{
public:
  explicit Archive(std::filesystem::path directory);

  // Stores the body; returns its SHA-256 (hex).
  util::Expected<std::string> put(std::string_view body) const;
  std::filesystem::path path_of(const std::string& sha256) const;
  const std::filesystem::path& directory() const { return m_directory; }

  // Every hash stored, from the file names.
  util::Expected<std::set<std::string>> stored() const;

  // Removes files no index row refers to (left by a process killed between
  // writing a body and committing its row) and stray temporaries. Returns how
  // many were removed.
  util::Expected<size_t> remove_unreferenced(const std::set<std::string>& referenced) const;

private:
  std::filesystem::path m_directory;
};

} // namespace rw::collector
