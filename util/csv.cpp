#include "util/csv.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

namespace rw::util {

CsvReader::CsvReader(std::string_view data, std::string source_name)
  : m_data(data),
    m_source_name(std::move(source_name))
{
  if (m_data.starts_with("\xEF\xBB\xBF")) {
    m_pos = 3;
  }
}

std::string
CsvReader::where() const
{
  return fmt::format("{}:{}", m_source_name, m_record_line);
}

Expected<bool>
CsvReader::next(std::vector<std::string>& fields)
{
  fields.clear();
  while (m_comment != '\0' && m_pos < m_data.size() && m_data[m_pos] == m_comment) {
    const size_t end = m_data.find('\n', m_pos);
    m_pos = end == std::string_view::npos ? m_data.size() : end + 1;
    ++m_line;
  }
  if (m_pos >= m_data.size()) {
    return false;
  }
  m_record_line = m_line;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  while (m_pos < m_data.size()) {
    const char c = m_data[m_pos];
    if (in_quotes) {
      if (c == '"') {
        if (m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '"') {
          field.push_back('"');
          m_pos += 2;
          continue;
        }
        in_quotes = false;
        ++m_pos;
        continue;
      }
      if (c == '\n') {
        ++m_line;
      }
      field.push_back(c);
      ++m_pos;
      continue;
    }
    if (c == '"' && field.empty() && !field_was_quoted) {
      in_quotes = true;
      field_was_quoted = true;
      ++m_pos;
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
      ++m_pos;
      continue;
    }
    if (c == '\r' && m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '\n') {
      ++m_pos;
      continue;
    }
    if (c == '\n') {
      ++m_pos;
      ++m_line;
      fields.push_back(std::move(field));
      return true;
    }
    if (field_was_quoted) {
      return make_error(
        ErrorKind::parse,
        fmt::format("{}: unexpected character after a closing quote", where()));
    }
    field.push_back(c);
    ++m_pos;
  }
  if (in_quotes) {
    return make_error(
      ErrorKind::parse,
      fmt::format("{}: quoted field not closed before the end of the file", where()));
  }
  fields.push_back(std::move(field));
  return true;
}

Expected<std::vector<std::string>>
CsvReader::header(std::string_view what)
{
  std::vector<std::string> fields;
  auto has_header = next(fields);
  if (!has_header) {
    return std::unexpected(has_header.error());
  }
  if (!*has_header) {
    return make_error(ErrorKind::parse, fmt::format("{}: not {}: the file is empty", m_source_name, what));
  }
  return fields;
}

CsvHeader::CsvHeader(const std::vector<std::string>& names)
  : m_names(names)
{
  for (size_t i = 0; i < names.size(); ++i) {
    m_index.emplace(fold_label(names[i]), i); // the first of duplicates wins
  }
}

std::optional<size_t>
CsvHeader::find(std::string_view name) const
{
  const auto it = m_index.find(fold_label(name));
  if (it == m_index.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::string
csv_escape(std::string_view field)
{
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string result = "\"";
  for (const char c : field) {
    if (c == '"') {
      result.push_back('"');
    }
    result.push_back(c);
  }
  result.push_back('"');
  return result;
}

} // namespace rw::util
