#pragma once

// The loop every CSV reader here runs: refuse binary content, read the
// header, then hand each record to the reader's row function, with "file:line"
// for the rows it rejects. A broken quote refuses the whole file. The text is
// held whole, or streamed from a file through a bounded buffer
// (util::TextStream): only the records not yet handed out are kept.

#include "readers/imported_quote.hpp"
#include "util/csv.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rw::readers {

class CsvRows
{
public:
  struct Options
  {
    char comment = '\0';          // lines starting with it are skipped (util::CsvReader)
    bool skip_blank_lines = true; // a record that is one blank field
  };

  // `text` named `source_name`: refused when it holds a NUL byte ("<source>:
  // not <what>: binary content") or is empty; else its header is read.
  static util::Expected<CsvRows> open(std::string_view text,
                                      const std::string& source_name,
                                      std::string_view what,
                                      Options options);
  static util::Expected<CsvRows> open(std::string_view text,
                                      const std::string& source_name,
                                      std::string_view what)
  {
    return open(text, source_name, what, Options{});
  }
  // The same from a stream, read as the records are handed out. A record
  // longer than k_max_record_bytes (a quote never closed, in a file with
  // line breaks) refuses the file rather than being held whole.
  static util::Expected<CsvRows> open(util::TextStream stream,
                                      const std::string& source_name,
                                      std::string_view what,
                                      Options options);
  static util::Expected<CsvRows> open(util::TextStream stream, const std::string& source_name, std::string_view what)
  {
    return open(std::move(stream), source_name, what, Options{});
  }
  static constexpr size_t k_max_record_bytes = size_t{16} << 20;

  const std::vector<std::string>& header() const { return m_header; }
  // Line (1-based) of the record last handed out.
  size_t line() const { return m_reader.line(); }
  const std::string& source_name() const { return m_reader.source_name(); }
  // "source:line" of the record last handed out.
  std::string where() const { return m_reader.where(); }

  // Calls on_row(fields) for every record after the header, as
  // std::vector<Field> (std::string, or std::string_view: valid during the
  // call only); on_row returns util::Expected<void>, and an error stops the
  // loop and is returned. A broken quote runs to the end of the file: nothing
  // after it can be trusted, so its error is returned too.
  template <typename Field, typename OnRow>
  util::Expected<void> for_each(OnRow&& on_row);

  // Adds "source:line: message" for the record last handed out to `rejected`.
  void reject(std::vector<RejectedRow>& rejected, std::string_view message) const;

private:
  CsvRows(util::CsvReader reader, std::vector<std::string> header, Options options)
    : m_reader(std::move(reader)), m_header(std::move(header)), m_options(options)
  {
  }

  // Whether the record the reader last returned ended within the text read
  // so far (its line break read), so that more text cannot change it.
  bool record_whole() const
  {
    return m_reader.offset() < m_buffer->size() || (!m_buffer->empty() && m_buffer->back() == '\n');
  }
  // Drops the records handed out from the buffer, reads the next chunk after
  // the rest and reads on from the first record not handed out.
  util::Expected<void> refill();

  util::CsvReader m_reader;
  std::vector<std::string> m_header;
  Options m_options;
  // Streamed: the stream, and the text read and not yet handed out (on the
  // heap: the reader's views stay valid when CsvRows moves).
  std::optional<util::TextStream> m_stream;
  std::unique_ptr<std::string> m_buffer;
  size_t m_consumed = 0;  // bytes of m_buffer handed out
  size_t m_next_line = 1; // the line the first record not handed out starts on
};

template <typename Field, typename OnRow>
util::Expected<void>
CsvRows::for_each(OnRow&& on_row)
{
  std::vector<Field> fields;
  while (true) {
    auto more = m_reader.next(fields);
    if (m_stream && !m_stream->at_end() && !(more && *more && record_whole())) {
      // The record may go on in the text not read yet: read it, then the record again.
      if (auto ok = refill(); !ok) {
        return ok;
      }
      continue;
    }
    if (m_stream && more && *more) {
      m_consumed = m_reader.offset();
      m_next_line = m_reader.next_line();
    }
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      return {};
    }
    if (m_options.skip_blank_lines && fields.size() == 1 && util::trim(fields[0]).empty()) {
      continue;
    }
    if (util::Expected<void> ok = on_row(std::as_const(fields)); !ok) {
      return ok;
    }
  }
}

} // namespace rw::readers
