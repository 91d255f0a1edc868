#include "util/file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace rw::util {

Expected<std::string>
read_file(const std::filesystem::path& path)
{
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error(ErrorKind::io, fmt::format("{}: is a directory", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const auto kind = errno == ENOENT ? ErrorKind::not_found : ErrorKind::io;
    return make_error(kind,
                      fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return make_error(ErrorKind::io, fmt::format("{}: read error", path.string()));
  }
  return std::move(buffer).str();
}

Expected<void>
write_file_atomic(const std::filesystem::path& path, std::string_view content)
{
  // A temporary name of this process beside the target; written, flushed to
  // the disk (fsync), then renamed over the target: a reader, a crash or a
  // power loss sees the old file or the new one, never a part.
  auto temporary = path;
  temporary += fmt::format(".tmp.{}", ::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return make_error(ErrorKind::io, fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
  }
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return make_error(ErrorKind::io, fmt::format("{}: write failed: {}", path.string(), std::strerror(error)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int error = errno;
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return make_error(ErrorKind::io, fmt::format("{}: write failed: {}", path.string(), std::strerror(error)));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return make_error(ErrorKind::io,
                      fmt::format("{}: cannot rename into place: {}", path.string(), ec.message()));
  }
  return {};
}

Expected<MappedFile>
MappedFile::open(const std::filesystem::path& path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const auto kind = errno == ENOENT ? ErrorKind::not_found : ErrorKind::io;
    return make_error(kind, fmt::format("{}: {}", path.string(), std::strerror(errno)));
  }
  struct stat info
  {
  };
  if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    const std::string reason = S_ISDIR(info.st_mode) ? "is a directory" : std::strerror(errno);
    ::close(fd);
    return make_error(ErrorKind::io, fmt::format("{}: {}", path.string(), reason));
  }
  const auto size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return MappedFile(nullptr, 0);
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int mmap_errno = errno;
  ::close(fd);
  if (data == MAP_FAILED) {
    return make_error(ErrorKind::io, fmt::format("{}: cannot map: {}", path.string(), std::strerror(mmap_errno)));
  }
  ::madvise(data, size, MADV_SEQUENTIAL);
  return MappedFile(static_cast<const char*>(data), size);
}

void
MappedFile::release(size_t offset, size_t length) const
{
  // Whole pages inside the range only: a page shared with unread bytes stays.
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(m_data) + offset;
  const std::uintptr_t first = (start + page - 1) / page * page;
  const std::uintptr_t last = (start + length) / page * page;
  if (m_data != nullptr && last > first && offset + length <= m_size) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): madvise wants a page-aligned address, rounded as an integer
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
  }
}

MappedFile::MappedFile(MappedFile&& other) noexcept
  : m_data(std::exchange(other.m_data, nullptr)),
    m_size(std::exchange(other.m_size, 0))
{
}

MappedFile&
MappedFile::operator=(MappedFile&& other) noexcept
{
  if (this != &other) {
    if (m_data != nullptr) {
      ::munmap(const_cast<char*>(m_data), m_size);
    }
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
  }
  return *this;
}

MappedFile::~MappedFile()
{
  if (m_data != nullptr) {
    ::munmap(const_cast<char*>(m_data), m_size);
  }
}

} // namespace rw::util
