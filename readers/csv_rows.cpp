// CsvRows: opening a CSV text for a reader, and its rejected rows' messages.

#include "readers/csv_rows.hpp"

#include <fmt/format.h>

namespace rw::readers {

util::Expected<CsvRows>
CsvRows::open(std::string_view text, const std::string& source_name, std::string_view what, Options options)
{
  if (text.find('\0') != std::string_view::npos) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: not {}: binary content", source_name, what));
  }
  util::CsvReader reader(text, source_name);
  reader.set_comment_char(options.comment);
  auto header = reader.header(what);
  // Blank lines before the header are skipped as after it (comments are, by the reader).
  while (options.skip_blank_lines && header && header->size() == 1 && util::trim((*header)[0]).empty()) {
    header = reader.header(what);
  }
  if (!header) {
    return std::unexpected(header.error());
  }
  return CsvRows(std::move(reader), std::move(*header), options);
}

void
CsvRows::reject(std::vector<RejectedRow>& rejected, std::string_view message) const
{
  rejected.push_back({line(), fmt::format("{}: {}", where(), message)});
}

} // namespace rw::readers
