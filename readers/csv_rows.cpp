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

util::Expected<CsvRows>
CsvRows::open(util::TextStream stream, const std::string& source_name, std::string_view what, Options options)
{
  // The header is read from the first chunks that hold it whole (with the
  // blank lines before it); the text is then refused or read as above.
  auto buffer = std::make_unique<std::string>();
  size_t header_end = 0;
  size_t next_line = 1;
  while (true) {
    auto n = stream.read(*buffer);
    if (!n) {
      return std::unexpected(n.error());
    }
    util::CsvReader reader(*buffer, source_name);
    reader.set_comment_char(options.comment);
    auto header = reader.header(what);
    while (options.skip_blank_lines && header && header->size() == 1 && util::trim((*header)[0]).empty()
           && (reader.offset() < buffer->size() || stream.at_end())) {
      header = reader.header(what);
    }
    const bool whole = reader.offset() < buffer->size() || (!buffer->empty() && buffer->back() == '\n');
    if (stream.at_end() || (header && whole)) {
      header_end = reader.offset();
      next_line = reader.next_line();
      break;
    }
    if (buffer->size() > k_max_record_bytes) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: not {}: no header in its first {} bytes", source_name, what,
                                          buffer->size()));
    }
  }
  auto rows = open(*buffer, source_name, what, options);
  if (!rows) {
    return rows;
  }
  buffer->erase(0, header_end);
  rows->m_stream.emplace(std::move(stream));
  rows->m_buffer = std::move(buffer);
  rows->m_next_line = next_line;
  rows->m_reader = util::CsvReader(*rows->m_buffer, source_name, false, next_line);
  rows->m_reader.set_comment_char(options.comment);
  return rows;
}

util::Expected<void>
CsvRows::refill()
{
  std::string& buffer = *m_buffer;
  buffer.erase(0, m_consumed);
  m_consumed = 0;
  if (buffer.size() > k_max_record_bytes) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:{}: a record longer than {} bytes (a quote never closed?): not a CSV "
                                        "file to read",
                                        m_reader.source_name(), m_next_line, k_max_record_bytes));
  }
  auto n = m_stream->read(buffer);
  if (!n) {
    return std::unexpected(n.error());
  }
  const std::string source_name = m_reader.source_name();
  m_reader = util::CsvReader(buffer, source_name, false, m_next_line);
  m_reader.set_comment_char(m_options.comment);
  return {};
}

void
CsvRows::reject(std::vector<RejectedRow>& rejected, std::string_view message) const
{
  rejected.push_back({line(), fmt::format("{}: {}", where(), message)});
}

} // namespace rw::readers
