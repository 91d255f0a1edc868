#include "util/file.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

Expected<std::string>
read_text_file(const std::filesystem::path& path, TextLimits limits)
{
  auto stream = TextStream::open(path, limits);
  if (!stream) {
    return std::unexpected(stream.error());
  }
  std::string text;
  if (stream->expected_size() <= limits.max_bytes) {
    text.reserve(stream->expected_size());
  }
  while (true) {
    auto n = stream->read(text);
    if (!n) {
      return std::unexpected(n.error());
    }
    if (*n == 0) {
      return text;
    }
  }
}

Expected<TextStream>
TextStream::open(const std::filesystem::path& path, TextLimits limits)
{
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error(ErrorKind::io, fmt::format("{}: is a directory", path.string()));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const auto kind = errno == ENOENT ? ErrorKind::not_found : ErrorKind::io;
    return make_error(kind, fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  }
  struct stat info{};
  const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  return TextStream(fd, regular ? static_cast<size_t>(info.st_size) : 0, path.string(), limits);
}

Expected<size_t>
TextStream::read(std::string& text)
{
  if (m_at_end) {
    return 0;
  }
  const size_t old_size = text.size();
  text.resize(old_size + k_chunk);
  ssize_t n = 0;
  do {
    n = ::read(m_fd, text.data() + old_size, k_chunk);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    text.resize(old_size);
    return make_error(ErrorKind::io, fmt::format("{}: read error: {}", m_name, std::strerror(errno)));
  }
  text.resize(old_size + static_cast<size_t>(n));
  const std::string_view chunk(text.data() + old_size, static_cast<size_t>(n));
  if (m_observe) {
    m_observe(chunk);
  }
  if (auto ok = check(chunk); !ok) {
    return std::unexpected(ok.error());
  }
  if (n == 0) {
    m_at_end = true;
    if (m_read < m_expected_size) {
      // Cut short since it was opened: the rest of the text is gone.
      return make_error(ErrorKind::io, fmt::format("{}: the file became shorter while it was read", m_name));
    }
  }
  return static_cast<size_t>(n);
}

// No NUL byte, no line past the limit, not past the size limit: the checks
// read_text_file makes of the whole, chunk by chunk.
Expected<void>
TextStream::check(std::string_view chunk)
{
  if (const size_t nul = chunk.find('\0'); nul != std::string_view::npos) {
    return make_error(ErrorKind::parse,
                      fmt::format("{}: not a text file (a NUL byte at byte {}, line {}); give a CSV text file", m_name,
                                  m_read + nul + 1,
                                  m_line + static_cast<size_t>(std::count(chunk.begin(),
                                                                          chunk.begin() + static_cast<ptrdiff_t>(nul),
                                                                          '\n'))));
  }
  size_t at = 0;
  for (size_t lf = chunk.find('\n'); lf != std::string_view::npos; lf = chunk.find('\n', lf + 1)) {
    if (m_open_line + (lf - at) > m_limits.max_line_bytes) {
      break; // reported below, with the line's number
    }
    m_open_line = 0;
    at = lf + 1;
    ++m_line;
  }
  m_open_line += chunk.size() - at;
  m_read += chunk.size();
  if (m_open_line > m_limits.max_line_bytes) {
    return make_error(ErrorKind::parse,
                      fmt::format("{}:{}: a line longer than {} bytes: not a CSV text file (or its line ends "
                                  "are not LF or CRLF)",
                                  m_name, m_line, m_limits.max_line_bytes));
  }
  if (m_read > m_limits.max_bytes) {
    return make_error(ErrorKind::parse,
                      fmt::format("{}: larger than {} bytes: refused (endless input?)", m_name, m_limits.max_bytes));
  }
  return {};
}

TextStream::TextStream(TextStream&& other) noexcept
  : m_fd(std::exchange(other.m_fd, -1)),
    m_expected_size(other.m_expected_size),
    m_name(std::move(other.m_name)),
    m_limits(other.m_limits),
    m_read(other.m_read),
    m_line(other.m_line),
    m_open_line(other.m_open_line),
    m_at_end(other.m_at_end),
    m_observe(std::move(other.m_observe))
{
}

TextStream&
TextStream::operator=(TextStream&& other) noexcept
{
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = std::exchange(other.m_fd, -1);
    m_expected_size = other.m_expected_size;
    m_name = std::move(other.m_name);
    m_limits = other.m_limits;
    m_read = other.m_read;
    m_line = other.m_line;
    m_open_line = other.m_open_line;
    m_at_end = other.m_at_end;
    m_observe = std::move(other.m_observe);
  }
  return *this;
}

TextStream::~TextStream()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
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

Expected<InputFile>
InputFile::open(const std::filesystem::path& path)
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
  return InputFile(fd, static_cast<size_t>(info.st_size), path.string());
}

Expected<size_t>
InputFile::read_at(size_t offset, std::span<char> buffer) const
{
  size_t done = 0;
  while (done < buffer.size() && offset + done < m_size) {
    const ssize_t n = ::pread(m_fd, buffer.data() + done, buffer.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return make_error(ErrorKind::io, fmt::format("{}: cannot read: {}", m_name, std::strerror(errno)));
    }
    if (n == 0) {
      break; // the file became shorter
    }
    done += static_cast<size_t>(n);
  }
  return done;
}

InputFile::InputFile(InputFile&& other) noexcept
  : m_fd(std::exchange(other.m_fd, -1)),
    m_size(std::exchange(other.m_size, 0)),
    m_name(std::move(other.m_name))
{
}

InputFile&
InputFile::operator=(InputFile&& other) noexcept
{
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = std::exchange(other.m_fd, -1);
    m_size = std::exchange(other.m_size, 0);
    m_name = std::move(other.m_name);
  }
  return *this;
}

InputFile::~InputFile()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

} // namespace rw::util
