#include "collector/archive.hpp"

#include "util/file.hpp"
#include "util/sha256.hpp"

#include <fmt/format.h>

#include <system_error>
#include <vector>

namespace rw::collector {

namespace {

bool
is_hash(const std::string& name)
{
  return name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

Archive::Archive(std::filesystem::path directory)
  : m_directory(std::move(directory))
{
}

std::filesystem::path
Archive::path_of(const std::string& sha256) const
{
  return m_directory / sha256.substr(0, 2) / sha256;
}

util::Expected<std::string>
Archive::put(std::string_view body) const
{
  std::string hash = util::sha256_hex(body);
  const auto path = path_of(hash);
  std::error_code error;
  if (std::filesystem::exists(path, error)) {
    return hash;
  }
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    return util::make_error(util::ErrorKind::io,
                            fmt::format("{}: cannot create the archive: {}", path.parent_path().string(), error.message()));
  }
  if (auto written = util::write_file_atomic(path, body); !written) {
    return std::unexpected(written.error());
  }
  return hash;
}

util::Expected<std::set<std::string>>
Archive::stored() const
{
  std::set<std::string> hashes;
  std::error_code error;
  if (!std::filesystem::exists(m_directory, error)) {
    return hashes;
  }
  for (auto it = std::filesystem::recursive_directory_iterator(m_directory, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && is_hash(it->path().filename().string())) {
      hashes.insert(it->path().filename().string());
    }
  }
  if (error) {
    return util::make_error(util::ErrorKind::io, fmt::format("{}: {}", m_directory.string(), error.message()));
  }
  return hashes;
}

util::Expected<size_t>
Archive::remove_unreferenced(const std::set<std::string>& referenced) const
{
  size_t removed = 0;
  std::error_code error;
  if (!std::filesystem::exists(m_directory, error)) {
    return removed;
  }
  std::vector<std::filesystem::path> doomed;
  for (auto it = std::filesystem::recursive_directory_iterator(m_directory, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) {
      continue;
    }
    const std::string name = it->path().filename().string();
    const bool temporary = name.find(".tmp.") != std::string::npos;
    if (temporary || (is_hash(name) && !referenced.contains(name))) {
      doomed.push_back(it->path());
    }
  }
  for (const auto& path : doomed) {
    if (std::filesystem::remove(path, error)) {
      ++removed;
    }
  }
  return removed;
}

} // namespace rw::collector
