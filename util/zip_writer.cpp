#include "util/zip_writer.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <ctime>
#include <memory>
#include <system_error>
#include <unistd.h>

namespace rw::util {

namespace {

// zip_discard frees an archive that was not written (zip_close failed or an
// entry could not be added): nothing is left behind but the temporary name.
struct Discard
{
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, Discard>;

Error
zip_failure(const std::filesystem::path& path, std::string_view what, zip_t* archive)
{
  return Error{ErrorKind::io, fmt::format("{}: {}: {}", path.string(), what, zip_strerror(archive))};
}

// 1980-01-01 00:00 local time: the earliest date a zip entry can hold.
std::time_t
k_fixed_mtime()
{
  std::tm tm{};
  tm.tm_year = 80;
  tm.tm_mday = 1;
  tm.tm_isdst = -1;
  return std::mktime(&tm);
}

Expected<void>
add_entries(zip_t* archive, const std::filesystem::path& path, std::span<const ZipEntry> entries)
{
  const std::time_t mtime = k_fixed_mtime();
  for (const auto& entry : entries) {
    // The bytes stay with `entries` until zip_close: the source does not copy them (freep 0).
    zip_source_t* source = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
    if (source == nullptr) {
      return std::unexpected(zip_failure(path, entry.name, archive));
    }
    const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return std::unexpected(zip_failure(path, entry.name, archive));
    }
    const auto at = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(archive, at, ZIP_CM_DEFLATE, 9) != 0 ||
        zip_file_set_mtime(archive, at, mtime, 0) != 0) {
      return std::unexpected(zip_failure(path, entry.name, archive));
    }
  }
  return {};
}

} // namespace

Expected<void>
write_zip_atomic(const std::filesystem::path& path, std::span<const ZipEntry> entries)
{
  auto temporary = path;
  temporary += fmt::format(".tmp.{}", ::getpid());
  int code = 0;
  Archive archive(zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return make_error(ErrorKind::io, fmt::format("{}: cannot write: {}", path.string(), reason));
  }
  if (auto added = add_entries(archive.get(), path, entries); !added) {
    return added;
  }
  if (zip_close(archive.get()) != 0) {
    auto failure = zip_failure(path, "write failed", archive.get());
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return std::unexpected(failure);
  }
  (void)archive.release(); // closed: zip_close freed it
  std::error_code renamed;
  std::filesystem::rename(temporary, path, renamed);
  if (renamed) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return make_error(ErrorKind::io, fmt::format("{}: cannot write: {}", path.string(), renamed.message()));
  }
  return {};
}

} // namespace rw::util
