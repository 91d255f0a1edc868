#include "util/file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

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
  auto temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return make_error(
        ErrorKind::io,
        fmt::format("{}: cannot write: {}", temporary.string(), std::strerror(errno)));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return make_error(ErrorKind::io, fmt::format("{}: write failed", temporary.string()));
    }
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

} // namespace rw::util
