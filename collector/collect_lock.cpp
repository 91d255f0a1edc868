#include "collector/collect_lock.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <utility>

namespace rw::collector {

util::Expected<CollectLock>
CollectLock::take(const std::filesystem::path& directory)
{
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  const auto path = directory / ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return util::make_error(util::ErrorKind::io, fmt::format("{}: cannot open the lock", path.string()));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("another remitwatch collect is running with the archive {}; try again "
                                        "when it has finished",
                                        directory.string()));
  }
  return CollectLock(fd);
}

CollectLock::CollectLock(CollectLock&& other) noexcept
  : m_fd(std::exchange(other.m_fd, -1))
{
}

CollectLock::~CollectLock()
{
  if (m_fd >= 0) {
    ::close(m_fd); // releases the lock
  }
}

CollectLock::CollectLock(int fd)
  : m_fd(fd)
{
}

} // namespace rw::collector
