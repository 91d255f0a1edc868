#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rw::util {

// RFC 4180 reader over text held in memory: quoted fields with "" escapes and
// embedded line breaks, CRLF or LF, a leading UTF-8 byte order mark skipped.
// Errors name the source and the line the record starts on.
class CsvReader
{
public:
  // `data` starting mid-file (a block of a larger file) has no byte order
  // mark, and starts on the file's line `first_line` (for messages).
  CsvReader(std::string_view data, std::string source_name, bool at_file_start = true, size_t first_line = 1);

  // Lines starting with `c` at the start of a record are skipped whole.
  void set_comment_char(char c) { m_comment = c; }

  // Reads the first record as the header; an empty text is an error
  // "<source>: not <what>: the file is empty".
  Expected<std::vector<std::string>> header(std::string_view what);

  // Reads the next record into fields. false at the end of the data.
  Expected<bool> next(std::vector<std::string>& fields);
  // The same, without copies: views into the data (or, for a quoted field
  // with "" escapes, into the reader), valid until the next call.
  Expected<bool> next(std::vector<std::string_view>& fields);

  // Line (1-based) on which the record last returned starts.
  size_t line() const { return m_record_line; }
  // Line (1-based) on which the next record starts.
  size_t next_line() const { return m_line; }
  const std::string& source_name() const { return m_source_name; }
  // "source:line", for messages about the record last returned.
  std::string where() const;
  // Bytes consumed so far, for progress reporting.
  size_t offset() const { return m_pos; }
  size_t size() const { return m_data.size(); }

private:
  // The record at pos when it is one line without quotes: its fields, and
  // the reader moved past it. false (fields partly filled) otherwise.
  bool split_plain_line(size_t pos, std::vector<std::string_view>& fields);

  std::string_view m_data;
  std::string m_source_name;
  size_t m_pos = 0;
  size_t m_line = 1;
  size_t m_record_line = 0;
  char m_comment = '\0';
  std::vector<std::string_view> m_views;
  std::deque<std::string> m_unescaped; // fields with "" escapes, this record's
};

// Column lookup by header name, ignoring case, spacing and punctuation
// ("cc1 lcu fee" == "CC1_LCU_FEE").
class CsvHeader
{
public:
  CsvHeader() = default;
  explicit CsvHeader(const std::vector<std::string>& names);

  std::optional<size_t> find(std::string_view name) const;
  size_t size() const { return m_names.size(); }
  const std::vector<std::string>& names() const { return m_names; }

private:
  std::vector<std::string> m_names;
  std::unordered_map<std::string, size_t> m_index;
};

// Quotes a field for CSV output when it needs it.
std::string csv_escape(std::string_view field);

} // namespace rw::util
