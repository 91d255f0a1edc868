#include "collector/opened_input.hpp"

#include "util/file.hpp"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <vector>

namespace rw::collector {

namespace {

// The RPW workbook is a zip archive: a regular file starting "PK\3\4". A
// pipe or a device is never one (and peeking would eat its first bytes).
bool
is_zip_archive(const std::filesystem::path& path)
{
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return false;
  }
  std::array<char, 4> magic{};
  std::ifstream in(path, std::ios::binary);
  return in.read(magic.data(), magic.size()) && std::string_view(magic.data(), magic.size()) == "PK\x03\x04";
}

} // namespace

util::Expected<std::string>
sha256_of_file(const std::filesystem::path& path)
{
  auto file = util::InputFile::open(path);
  if (!file) {
    return std::unexpected(file.error());
  }
  util::Sha256 hash;
  std::vector<char> buffer(util::TextStream::k_chunk);
  for (size_t at = 0;;) {
    auto n = file->read_at(at, buffer);
    if (!n) {
      return std::unexpected(n.error());
    }
    if (*n == 0) {
      return hash.hex();
    }
    hash.update(std::string_view(buffer.data(), *n));
    at += *n;
  }
}


util::Expected<OpenedInput>
open_input(ImportKind kind, const std::filesystem::path& path, readers::RpwMemory memory,
           const ImportSettings& settings)
{
  OpenedInput input;
  const bool workbook = kind == ImportKind::rpw && is_zip_archive(path);
  if (!settings.sheet.empty() && !workbook) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--sheet '{}': {} is not an RPW workbook (xlsx); --sheet picks one of a "
                                        "workbook's sheets, leave it out for a CSV",
                                        settings.sheet, path.string()));
  }
  input.sheet = settings.sheet;
  if (workbook) {
    auto sha256 = sha256_of_file(path);
    if (!sha256) {
      return std::unexpected(sha256.error());
    }
    input.workbook = true;
    input.sha256 = std::move(*sha256);
    input.memory = memory; // each dataset sheet streamed as a CSV is
    return input;
  }
  if (kind == ImportKind::rpw) {
    auto stream = util::TextStream::open(path);
    if (!stream) {
      return std::unexpected(stream.error());
    }
    input.hash = std::make_unique<util::Sha256>();
    stream->on_read([hash = input.hash.get()](std::string_view chunk) { hash->update(chunk); });
    auto rows = readers::open_rpw_csv(std::move(*stream));
    if (!rows) {
      return std::unexpected(rows.error());
    }
    input.rows.emplace(std::move(*rows));
    input.memory = memory;
    return input;
  }
  auto text = util::read_text_file(path);
  if (!text) {
    return std::unexpected(text.error());
  }
  input.sha256 = util::sha256_hex(*text);
  input.text = std::move(*text);
  return input;
}

} // namespace rw::collector
