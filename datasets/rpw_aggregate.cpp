#include "datasets/rpw_aggregate.hpp"

#include "readers/imported_quote.hpp"
#include "readers/rpw.hpp"
#include "util/csv.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace rw::datasets {

namespace {

// What the parts read: a regular file, read at any offset; or a pipe, a FIFO,
// a terminal (`cat f | … --rpw /dev/stdin`): read whole into memory first
// (util::read_text_file, with its bounds), since such input has no size and
// can be read once, in order. The same bytes give the same aggregates either way.
class Input
{
public:
  static util::Expected<Input> open(const std::filesystem::path& path)
  {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!error && (std::filesystem::is_fifo(status) || std::filesystem::is_character_file(status)
                   || std::filesystem::is_socket(status))) {
      auto text = util::read_text_file(path);
      if (!text) {
        return std::unexpected(text.error());
      }
      return Input(std::nullopt, std::move(*text), path.string());
    }
    auto file = util::InputFile::open(path);
    if (!file) {
      return std::unexpected(file.error());
    }
    std::string name = file->name();
    return Input(std::move(*file), {}, std::move(name));
  }

  size_t size() const { return m_file ? m_file->size() : m_text.size(); }
  const std::string& name() const { return m_name; }

  // As util::InputFile::read_at.
  util::Expected<size_t> read_at(size_t offset, std::span<char> buffer) const
  {
    if (m_file) {
      return m_file->read_at(offset, buffer);
    }
    const size_t n = offset < m_text.size() ? std::min(buffer.size(), m_text.size() - offset) : 0;
    if (n > 0) {
      std::memcpy(buffer.data(), m_text.data() + offset, n);
    }
    return n;
  }

private:
  Input(std::optional<util::InputFile> file, std::string text, std::string name)
    : m_file(std::move(file)), m_text(std::move(text)), m_name(std::move(name))
  {
  }

  std::optional<util::InputFile> m_file;
  std::string m_text;
  std::string m_name;
};

// What one thread makes of its part of the file.
struct Part
{
  std::map<corridors::Quarter, calculator::QuarterAccumulator> quarters;
  size_t rows = 0;
  size_t services = 0;
  size_t rejected_count = 0;
  std::vector<readers::RejectedRow> rejected; // the first few, with absolute lines
  std::optional<util::Error> error;  // the part is not CSV, or unreadable
  size_t stop = 0;                   // where the first record it left to the next part starts
};

// The records of a part, block by block, each thread with its own buffer:
// nothing is mapped, so there are no page faults, and the memory used does not
// grow with the file. Each block ends at the last whole record in it; the rest
// is carried to the front of the next.
class BlockReader
{
public:
  BlockReader(const Input& file, size_t begin, size_t block_bytes)
    : m_file(&file),
      m_at(begin),
      m_block_bytes(std::max<size_t>(block_bytes, 1))
  {
  }

  // Reads the next block. false at the end of the file.
  util::Expected<bool> fill()
  {
    // What was not consumed moves to the front; a block without a whole
    // record grows.
    if (m_consumed == 0 && m_have == m_buffer.size() && !m_buffer.empty()) {
      m_buffer.resize(m_buffer.size() * 2);
    }
    if (m_buffer.empty()) {
      m_buffer.resize(m_block_bytes);
    }
    std::memmove(m_buffer.data(), m_buffer.data() + m_consumed, m_have - m_consumed);
    m_at += m_consumed;
    m_have -= m_consumed;
    m_lines_before += m_consumed_lines;
    m_consumed = 0;
    m_consumed_lines = 0;
    auto n = m_file->read_at(m_at + m_have, std::span<char>(m_buffer).subspan(m_have));
    if (!n) {
      return std::unexpected(n.error());
    }
    if (std::memchr(m_buffer.data() + m_have, '\0', *n) != nullptr) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: not an RPW dataset CSV: binary content", m_file->name()));
    }
    if (*n == 0 && !at_end()) {
      // Cut short since it was opened: what is left would never end.
      return util::make_error(util::ErrorKind::io,
                              fmt::format("{}: the file became shorter while it was read", m_file->name()));
    }
    m_have += *n;
    return m_have > 0;
  }

  // The bytes read and not yet consumed, from the file's offset at().
  std::string_view text() const { return {m_buffer.data(), m_have}; }
  size_t at() const { return m_at; }
  // Whether the block reaches the end of the file.
  bool at_end() const { return m_at + m_have >= m_file->size(); }
  // Whether a record that the CSV reader ended at `end` of text() is whole:
  // its line break was read, or the file ends there.
  bool whole_up_to(size_t end) const
  {
    return at_end() || end < m_have || (m_have > 0 && m_buffer[m_have - 1] == '\n');
  }
  // Bytes [0, n) of text() are done with, holding `lines` line breaks.
  void consume(size_t n, size_t lines)
  {
    m_consumed = n;
    m_consumed_lines = lines;
  }
  // Line breaks in the part before text().
  size_t lines_before() const { return m_lines_before; }

private:
  const Input* m_file;
  std::vector<char> m_buffer;
  size_t m_at;             // file offset of m_buffer[0]
  size_t m_block_bytes;
  size_t m_have = 0;       // bytes in m_buffer
  size_t m_consumed = 0;   // bytes done with, moved out at the next fill()
  size_t m_consumed_lines = 0;
  size_t m_lines_before = 0;
};

// Line breaks in the file before `offset`, for messages (read again: rare).
size_t
lines_before(const Input& file, size_t offset)
{
  std::vector<char> buffer(size_t{1} << 20);
  size_t lines = 0;
  for (size_t at = 0; at < offset;) {
    auto n = file.read_at(at, std::span<char>(buffer).first(std::min(buffer.size(), offset - at)));
    if (!n || *n == 0) {
      break;
    }
    lines += static_cast<size_t>(std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n), '\n'));
    at += *n;
  }
  return lines;
}

// The record start a part after `nominal` is taken to begin at: just after
// the first line break from `nominal` on (or the end of the file). Taken, not
// known: the break may be inside a quoted field, which the part before finds
// out (its last record does not end there) and the part is read again.
util::Expected<size_t>
line_start_after(const Input& file, size_t nominal)
{
  std::array<char, 4096> buffer{};
  for (size_t at = nominal; at < file.size();) {
    auto n = file.read_at(at, buffer);
    if (!n) {
      return std::unexpected(n.error());
    }
    if (*n == 0) {
      break;
    }
    if (const auto* feed = static_cast<const char*>(std::memchr(buffer.data(), '\n', *n))) {
      return at + static_cast<size_t>(feed - buffer.data()) + 1;
    }
    at += *n;
  }
  return file.size();
}

// One thread's reading of its part: the records that start in [begin, limit)
// (begin being a record start) into `part`, which notes in part.stop where the
// first record at or after limit starts. What the parser reuses from row to
// row lives here.
class PartReader
{
public:
  PartReader(const Input& file,
             size_t begin,
             const readers::RpwReader& reader,
             const corridors::Catalogue& catalogue,
             const RpwAggregateOptions& options,
             Part& part)
    : m_file(file),
      m_begin(begin),
      m_reader(reader),
      m_catalogue(catalogue),
      m_options(options),
      m_part(part),
      m_blocks(file, begin, options.block_bytes),
      m_amount_index(options.amount_usd == 500 ? 1 : 0)
  {
  }

  void read(size_t limit)
  {
    m_part.stop = m_file.size();
    while (true) {
      auto more_data = m_blocks.fill();
      if (!more_data) {
        m_part.error = more_data.error();
        return;
      }
      if (!*more_data) {
        return; // the end of the file
      }
      if (!read_block(limit)) {
        return;
      }
    }
  }

private:
  // The whole records of the block that start before `limit`. false when the
  // part is done (limit reached, the end of the file, or an error).
  bool read_block(size_t limit)
  {
    const std::string_view text = m_blocks.text();
    util::CsvReader csv(text, m_file.name(), m_blocks.at() == 0);
    size_t done = 0;       // the next record's start in text
    size_t done_lines = 0; // line breaks before it
    while (true) {
      if (m_blocks.at() + done >= limit) {
        m_part.stop = m_blocks.at() + done;
        return false;
      }
      auto more = csv.next(m_fields);
      if (!more || !*more || !m_blocks.whole_up_to(csv.offset())) {
        if (!m_blocks.at_end()) {
          break; // the rest in the next block
        }
        if (!more) {
          // The reader's own line is relative to the block: say where it is in the file.
          m_part.error = util::Error{more.error().kind,
                                     fmt::format("{}:{}: not an RPW dataset CSV: broken quoting",
                                                 m_file.name(), line_in_file(csv))};
        }
        return false;
      }
      done = csv.offset();
      done_lines = csv.next_line() - 1;
      if (std::ranges::all_of(m_fields, [](std::string_view f) { return util::trim(f).empty(); })) {
        continue; // a blank line, or a spacer row of empty cells (as the importer skips it)
      }
      add_row(csv);
    }
    m_blocks.consume(done, done_lines);
    return true;
  }

  // The record just read: rejected (counted, the first few listed), skipped
  // (no figures for the amount) or added to its quarter.
  void add_row(const util::CsvReader& csv)
  {
    ++m_part.rows;
    auto parsed = m_reader.parse_into(m_fields, m_row, m_options.amount_usd, &m_memo);
    if (!parsed) {
      ++m_part.rejected_count;
      if (m_part.rejected.size() < m_options.max_listed_rejections) {
        const size_t line = line_in_file(csv);
        m_part.rejected.push_back(
          {line, fmt::format("{}:{}: {}", m_file.name(), line, parsed.error().message)});
      }
      return;
    }
    const readers::RpwAmount& amount = m_row.amounts[m_amount_index];
    if (!amount.present) {
      return; // no figures for this amount
    }
    ++m_part.services;
    if (m_accumulator == nullptr || m_accumulator->quarter() != m_row.period) {
      m_accumulator =
        &m_part.quarters.try_emplace(m_row.period, m_row.period, m_catalogue).first->second;
    }
    m_accumulator->add({.sender = m_row.sender,
                        .receiver = m_row.receiver,
                        .provider = m_row.firm,
                        .firm_type = m_row.firm_type,
                        .speed = m_row.speed,
                        .transparent = m_row.transparent,
                        .accessible = true,
                        .total_pct = amount.total_pct},
                       [&] {
                         m_key = m_row.service().key();
                         return std::string_view(m_key);
                       });
  }

  // The file's line of the record last read; the line the part starts on is
  // counted only when a message needs it.
  size_t line_in_file(const util::CsvReader& csv)
  {
    if (!m_first_line) {
      m_first_line = 1 + lines_before(m_file, m_begin);
    }
    return *m_first_line + m_blocks.lines_before() + csv.line() - 1;
  }

  const Input& m_file;
  size_t m_begin;
  const readers::RpwReader& m_reader;
  const corridors::Catalogue& m_catalogue;
  const RpwAggregateOptions& m_options;
  Part& m_part;
  BlockReader m_blocks;
  size_t m_amount_index;
  std::optional<size_t> m_first_line;
  std::vector<std::string_view> m_fields;
  readers::RpwParseMemo m_memo;
  readers::RpwRow m_row;
  std::string m_key;
  // The quarter of the previous row: files come sorted by period.
  calculator::QuarterAccumulator* m_accumulator = nullptr;
};

// Reads the records that start in [begin, limit) (begin being a record
// start), and notes in part.stop where the first record at or after limit
// starts.
void
read_part(const Input& file,
          size_t begin,
          size_t limit,
          const readers::RpwReader& reader,
          const corridors::Catalogue& catalogue,
          const RpwAggregateOptions& options,
          Part& part)
{
  PartReader(file, begin, reader, catalogue, options, part).read(limit);
}

// The reader made from the file's header, and where the data rows start.
struct Header
{
  readers::RpwReader reader;
  size_t begin = 0;
};

// The header, from the first block that holds it whole.
util::Expected<Header>
read_header(const Input& file,
            const corridors::Catalogue& catalogue,
            const RpwAggregateOptions& options)
{
  const std::string& source_name = file.name();
  for (BlockReader blocks(file, 0, options.block_bytes);;) {
    auto more = blocks.fill();
    if (!more) {
      return std::unexpected(more.error());
    }
    util::CsvReader header_reader(blocks.text(), source_name);
    auto names = header_reader.header("an RPW dataset CSV");
    if (!blocks.whole_up_to(header_reader.offset()) || (!names && !blocks.at_end())) {
      continue; // a header longer than a block
    }
    if (!names) {
      return std::unexpected(names.error());
    }
    auto created = readers::RpwReader::create(*names, source_name, catalogue);
    if (!created) {
      return std::unexpected(created.error());
    }
    return Header{std::move(*created), header_reader.offset()};
  }
}

// One part per thread, each from the first line start after its share of
// the bytes: the parts' starts, then the file's end.
util::Expected<std::vector<size_t>>
part_starts(const Input& file, size_t begin, const RpwAggregateOptions& options)
{
  size_t parts = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  parts = std::clamp<size_t>((file.size() - begin) / std::max<size_t>(options.min_bytes_per_thread, 1), 1, parts);
  std::vector<size_t> starts{begin};
  for (size_t k = 1; k < parts; ++k) {
    const size_t length = file.size() - begin;
    auto start = line_start_after(file, begin + length / parts * k);
    if (!start) {
      return std::unexpected(start.error());
    }
    starts.push_back(std::max(*start, starts.back()));
  }
  starts.push_back(file.size());
  return starts;
}

// Each part read on its own thread.
std::vector<Part>
read_parts(const Input& file,
           std::vector<size_t>& starts,
           const readers::RpwReader& reader,
           const corridors::Catalogue& catalogue,
           const RpwAggregateOptions& options)
{
  const size_t parts = starts.size() - 1;
  std::vector<Part> results(parts);
  {
    std::vector<std::jthread> threads;
    threads.reserve(parts);
    for (size_t k = 0; k < parts; ++k) {
      threads.emplace_back(
        [&, k] { read_part(file, starts[k], starts[k + 1], reader, catalogue, options, results[k]); });
    }
  }
  // A part whose start was not where the part before it stopped (its line
  // break was inside a quoted field) is read again from there.
  for (size_t k = 1; k < parts; ++k) {
    if (results[k - 1].error) {
      break;
    }
    if (results[k - 1].stop != starts[k]) {
      starts[k] = results[k - 1].stop;
      results[k] = Part{};
      read_part(file, starts[k], std::max(starts[k], starts[k + 1]), reader, catalogue, options,
                results[k]);
    }
  }
  return results;
}

// The parts, in file order, as one aggregation; a part's error, or the
// rejected rows of all of them (the first few by line), refuse the file.
util::Expected<RpwAggregation>
merge_parts(std::vector<Part>& results,
            const std::string& source_name,
            const RpwAggregateOptions& options)
{
  RpwAggregation aggregation;
  size_t rejected_count = 0;
  std::vector<readers::RejectedRow> rejected;
  for (Part& part : results) {
    if (part.error) {
      return std::unexpected(*part.error);
    }
    aggregation.rows += part.rows;
    aggregation.services += part.services;
    rejected_count += part.rejected_count;
    std::ranges::move(part.rejected, std::back_inserter(rejected));
    // In file order: on equal cheapest services the earlier part's wins.
    for (auto& [quarter, accumulator] : part.quarters) {
      auto [it, inserted] = aggregation.quarters.try_emplace(quarter, std::move(accumulator));
      if (!inserted) {
        it->second.merge(std::move(accumulator));
      }
    }
  }
  if (rejected_count > 0) {
    std::ranges::sort(rejected, {}, &readers::RejectedRow::line);
    rejected.resize(std::min(rejected.size(), options.max_listed_rejections));
    std::string message = fmt::format("{}: {} of {} rows rejected; fix them first:", source_name,
                                      rejected_count, aggregation.rows);
    for (const auto& row : rejected) {
      message += "\n  " + row.message;
    }
    if (rejected_count > rejected.size()) {
      message += fmt::format("\n  … and {} more", rejected_count - rejected.size());
    }
    return util::make_error(util::ErrorKind::parse, std::move(message));
  }
  return aggregation;
}

} // namespace

util::Expected<RpwAggregation>
aggregate_rpw_csv(const std::filesystem::path& path,
                  const corridors::Catalogue& catalogue,
                  const RpwAggregateOptions& options)
{
  auto file = Input::open(path);
  if (!file) {
    return std::unexpected(file.error());
  }
  auto header = read_header(*file, catalogue, options);
  if (!header) {
    return std::unexpected(header.error());
  }
  auto starts = part_starts(*file, header->begin, options);
  if (!starts) {
    return std::unexpected(starts.error());
  }
  std::vector<Part> results = read_parts(*file, *starts, header->reader, catalogue, options);
  return merge_parts(results, file->name(), options);
}

} // namespace rw::datasets
