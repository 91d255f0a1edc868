#include "web/access_log.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace rw::web {

void
AccessLog::Close::operator()(std::FILE* file) const
{
  std::fclose(file);
}

AccessLog::AccessLog(std::unique_ptr<std::FILE, Close> file)
  : m_file(std::move(file))
{
}

util::Expected<std::shared_ptr<AccessLog>>
AccessLog::open(const std::optional<std::string>& path)
{
  std::unique_ptr<std::FILE, Close> file;
  if (path) {
    file.reset(std::fopen(path->c_str(), "ae"));
    if (!file) {
      return util::make_error(util::ErrorKind::io,
                              fmt::format("--access-log {}: cannot open it for appending ({}); choose a file this "
                                          "user may write",
                                          *path, std::strerror(errno)));
    }
  }
  return std::shared_ptr<AccessLog>(new AccessLog(std::move(file)));
}

void
AccessLog::write(const std::string& line)
{
  std::lock_guard lock(m_mutex);
  std::FILE* out = m_file ? m_file.get() : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  std::fputc('\n', out);
  std::fflush(out);
}

} // namespace rw::web
