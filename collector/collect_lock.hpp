#pragma once

#include "util/error.hpp"

#include <filesystem>

namespace rw::collector {

// An exclusive lock on the archive directory for the process's lifetime.
class CollectLock
{
public:
  static util::Expected<CollectLock> take(const std::filesystem::path& directory);
  CollectLock(CollectLock&& other) noexcept;
  CollectLock& operator=(CollectLock&&) = delete;
  ~CollectLock();

private:
  explicit CollectLock(int fd);
  int m_fd = -1;
};

} // namespace rw::collector
