#include "util/csv.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rw::util {

namespace {

// The characters that can end an unquoted field: ',', '\n' and '\r' (of CRLF).
constexpr std::array<bool, 256> k_stops = [] {
  std::array<bool, 256> stops{};
  stops[static_cast<unsigned char>(',')] = true;
  stops[static_cast<unsigned char>('\n')] = true;
  stops[static_cast<unsigned char>('\r')] = true;
  return stops;
}();

} // namespace

CsvReader::CsvReader(std::string_view data, std::string source_name, bool at_file_start, size_t first_line)
  : m_data(data),
    m_source_name(std::move(source_name)),
    m_line(first_line)
{
  if (at_file_start && m_data.starts_with("\xEF\xBB\xBF")) {
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
  auto more = next(m_views);
  fields.clear();
  if (more && *more) {
    fields.reserve(m_views.size());
    for (const std::string_view field : m_views) {
      fields.emplace_back(field);
    }
  }
  return more;
}

bool
CsvReader::split_plain_line(size_t pos, std::vector<std::string_view>& fields)
{
  const char* const data = m_data.data();
  const size_t size = m_data.size();
  // The commas are noted first and the fields made at the end, so that the
  // scan does not wait on the vector's growth; a record with more than about
  // this many fields goes the long way.
  constexpr size_t k_max_commas = 256;
  std::array<size_t, k_max_commas> commas_at; // NOLINT(cppcoreguidelines-pro-type-member-init): written before read
  size_t n = 0;
  size_t i = pos;
  size_t line_end = size;
  bool line_feed = false;
#if defined(__SSE2__)
  // 64 bytes at a time (four 16-byte compares per character, one 64-bit mask
  // each): few loop exits to mispredict per record.
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  const auto mask_of = [&](const char* at, __m128i c) {
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * k));
      mask |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, c)))) << (16 * k);
    }
    return mask;
  };
  for (; i + 64 <= size; i += 64) {
    std::uint64_t commas = mask_of(data + i, comma);
    const std::uint64_t feeds = mask_of(data + i, newline);
    const std::uint64_t quotes = mask_of(data + i, quote);
    // Only what comes before the first line feed belongs to this record.
    const std::uint64_t before = feeds != 0 ? (feeds & (0 - feeds)) - 1 : ~std::uint64_t{0};
    commas &= before;
    if ((quotes & before) != 0 || n + 64 > k_max_commas) {
      return false;
    }
    while (commas != 0) {
      commas_at[n++] = i + static_cast<size_t>(__builtin_ctzll(commas));
      commas &= commas - 1;
    }
    if (feeds != 0) {
      line_end = i + static_cast<size_t>(__builtin_ctzll(feeds));
      line_feed = true;
      break;
    }
  }
#endif
  if (!line_feed) {
    for (; i < size; ++i) {
      const char c = data[i];
      if (c == '"') {
        return false;
      }
      if (c == '\n') {
        line_end = i;
        line_feed = true;
        break;
      }
      if (c == ',') {
        if (n == k_max_commas) {
          return false;
        }
        commas_at[n++] = i;
      }
    }
  }
  fields.reserve(n + 1);
  size_t start = pos;
  for (size_t k = 0; k < n; ++k) {
    fields.emplace_back(data + start, commas_at[k] - start);
    start = commas_at[k] + 1;
  }
  // A CR before the line feed is not part of the last field.
  const size_t record_end = line_feed && line_end > start && data[line_end - 1] == '\r' ? line_end - 1 : line_end;
  fields.emplace_back(data + start, record_end - start);
  if (line_feed) {
    ++m_line;
    m_pos = line_end + 1;
  } else {
    m_pos = size;
  }
  return true;
}

Expected<bool>
CsvReader::next(std::vector<std::string_view>& fields)
{
  fields.clear();
  if (!m_unescaped.empty()) {
    m_unescaped.clear();
  }
  while (m_comment != '\0' && m_pos < m_data.size() && m_data[m_pos] == m_comment) {
    const size_t end = m_data.find('\n', m_pos);
    m_pos = end == std::string_view::npos ? m_data.size() : end + 1;
    ++m_line;
  }
  if (m_pos >= m_data.size()) {
    return false;
  }
  m_record_line = m_line;
  const char* const data = m_data.data();
  const size_t size = m_data.size();
  size_t pos = m_pos;

  // Most records are one line without quotes: one pass, 16 bytes at a time,
  // finds the line's commas, its end and any quote (a quote sends the record
  // the long way, below). A CR before the line feed ends the record; any
  // other CR is text, as below.
  if (split_plain_line(pos, fields)) {
    return true;
  }
  fields.clear();

  while (true) {
    // One field, starting at pos.
    if (pos < size && data[pos] == '"') {
      // Quoted: up to the closing quote; "" stands for one quote.
      size_t begin = ++pos;
      std::string* unescaped = nullptr;
      while (true) {
        if (pos >= size) {
          m_pos = pos;
          return make_error(
            ErrorKind::parse,
            fmt::format("{}: quoted field not closed before the end of the file", where()));
        }
        const char c = data[pos];
        if (c == '"') {
          if (pos + 1 < size && data[pos + 1] == '"') {
            if (unescaped == nullptr) {
              unescaped = &m_unescaped.emplace_back();
            }
            unescaped->append(data + begin, pos + 1 - begin);
            pos += 2;
            begin = pos;
            continue;
          }
          break;
        }
        if (c == '\n') {
          ++m_line;
        }
        ++pos;
      }
      if (unescaped != nullptr) {
        unescaped->append(data + begin, pos - begin);
        fields.emplace_back(*unescaped);
      } else {
        fields.emplace_back(data + begin, pos - begin);
      }
      ++pos; // the closing quote
      // Only a separator or the end of the record may follow.
      if (pos < size && data[pos] != ',' && data[pos] != '\n'
          && !(data[pos] == '\r' && pos + 1 < size && data[pos + 1] == '\n')) {
        m_pos = pos;
        return make_error(
          ErrorKind::parse,
          fmt::format("{}: unexpected character after a closing quote", where()));
      }
    } else {
      // Unquoted: up to a comma or the end of the line; a quote inside is text.
      const size_t begin = pos;
#if defined(__SSE2__)
      // 16 bytes at a time while they are there: most fields end in the first block.
      const __m128i comma = _mm_set1_epi8(',');
      const __m128i newline = _mm_set1_epi8('\n');
      const __m128i carriage = _mm_set1_epi8('\r');
      while (pos + 16 <= size) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
        const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, comma), _mm_cmpeq_epi8(block, newline)),
                                           _mm_cmpeq_epi8(block, carriage));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stops));
        if (mask != 0) {
          pos += static_cast<size_t>(__builtin_ctz(mask));
          break;
        }
        pos += 16;
      }
#endif
      while (pos < size) {
        const char c = data[pos];
        if (k_stops[static_cast<unsigned char>(c)]
            && (c != '\r' || (pos + 1 < size && data[pos + 1] == '\n'))) {
          break;
        }
        ++pos;
      }
      fields.emplace_back(data + begin, pos - begin);
    }
    if (pos >= size) {
      m_pos = size;
      return true;
    }
    if (data[pos] == ',') {
      ++pos;
      continue;
    }
    pos += data[pos] == '\r' ? 2 : 1; // CRLF or LF
    ++m_line;
    m_pos = pos;
    return true;
  }
}

Expected<std::vector<std::string>>
CsvReader::header(std::string_view what)
{
  // Lines ended by CR alone (old Mac spreadsheets) would make the whole file
  // one record: the header with every row in it, and no row read. Found on
  // the first line, before anything is read: a CR that is not part of a CRLF
  // before the first line feed, outside quotes.
  const std::string_view first = m_data.substr(m_pos, m_data.find('\n', m_pos) - m_pos);
  if (const size_t cr = first.find('\r');
      cr != std::string_view::npos && cr + 1 < first.size() && first.substr(0, cr).find('"') == std::string_view::npos) {
    return make_error(ErrorKind::parse,
                      fmt::format("{}:1: lines end with a carriage return alone (CR, as old Mac programs save); "
                                  "save the file with LF or CRLF line ends and import it again",
                                  m_source_name));
  }
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
