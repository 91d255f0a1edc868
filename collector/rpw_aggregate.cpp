#include "collector/rpw_aggregate.hpp"

#include "collector/imported_quote.hpp"
#include "collector/rpw.hpp"
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

namespace rw::collector {

namespace {

// What one thread makes of its part of the file.
struct Part
{
  std::map<corridors::Quarter, calculator::QuarterAccumulator> quarters;
  size_t rows = 0;
  size_t services = 0;
  size_t rejected_count = 0;
  std::vector<RejectedRow> rejected; // the first few, with absolute lines
  std::optional<util::Error> error;  // the part is not CSV
};

size_t
count_char(std::string_view text, char c)
{
  // memchr: quotes are rare in the dataset (names with commas).
  size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    const void* found = std::memchr(p, c, static_cast<size_t>(end - p));
    if (found == nullptr) {
      break;
    }
    ++n;
    p = static_cast<const char*>(found) + 1;
  }
  return n;
}

// Pages are given back every this many bytes read (see MappedFile::release).
constexpr size_t k_release_every = size_t{64} << 20;

// The quotes in [begin, end), reading it in blocks given back as they are done.
size_t
count_quotes(const util::MappedFile& file, size_t begin, size_t end)
{
  size_t quotes = 0;
  for (size_t at = begin; at < end; at += k_release_every) {
    const size_t length = std::min(k_release_every, end - at);
    quotes += count_char(file.view().substr(at, length), '"');
    file.release(at, length);
  }
  return quotes;
}

// Cuts [begin, size) into `parts` stretches that each start a record: after a
// line break outside quotes (an even number of quotes before it, counted from
// the first record). Returns where each part begins.
std::vector<size_t>
cut(const util::MappedFile& file, size_t begin, size_t parts)
{
  const std::string_view data = file.view();
  const size_t length = data.size() - begin;
  std::vector<size_t> nominal(parts + 1);
  for (size_t k = 0; k <= parts; ++k) {
    nominal[k] = begin + length / parts * k + std::min(k, length % parts);
  }
  std::vector<size_t> counts(parts);
  if (parts > 1) {
    std::vector<std::jthread> threads;
    threads.reserve(parts);
    for (size_t k = 0; k < parts; ++k) {
      threads.emplace_back([&, k] { counts[k] = count_quotes(file, nominal[k], nominal[k + 1]); });
    }
  }
  std::vector<size_t> cuts{begin};
  size_t quotes = 0;
  for (size_t k = 1; k < parts; ++k) {
    quotes += counts[k - 1];
    // Walk from the nominal point to a line break outside quotes.
    bool in_quotes = quotes % 2 == 1;
    size_t pos = nominal[k];
    while (pos < data.size()) {
      const char c = data[pos++];
      if (c == '"') {
        in_quotes = !in_quotes;
      } else if (c == '\n' && !in_quotes) {
        break;
      }
    }
    // Never before the previous cut (a record longer than a part).
    cuts.push_back(std::max(pos, cuts.back()));
  }
  return cuts;
}

void
read_part(const util::MappedFile& file,
          size_t begin,
          size_t end,
          const std::string& source_name,
          const RpwReader& reader,
          const corridors::Catalogue& catalogue,
          const RpwAggregateOptions& options,
          Part& part)
{
  const std::string_view data = file.view();
  util::CsvReader csv(data.substr(begin, end - begin), source_name);
  size_t released = 0;
  // Checks what was read for binary content, then gives its pages back.
  const auto release = [&](size_t upto) {
    if (std::memchr(data.data() + begin + released, '\0', upto - released) != nullptr) {
      part.error = util::Error{util::ErrorKind::parse,
                               fmt::format("{}: not an RPW dataset CSV: binary content", source_name)};
    }
    file.release(begin + released, upto - released);
    released = upto;
  };
  // The file's line the part starts on, counted only when a message needs it.
  std::optional<size_t> first_line;
  const auto line_in_file = [&] {
    if (!first_line) {
      first_line = 1 + static_cast<size_t>(std::ranges::count(data.substr(0, begin), '\n'));
    }
    return *first_line + csv.line() - 1;
  };
  const size_t amount_index = options.amount_usd == 500 ? 1 : 0;
  std::vector<std::string_view> fields;
  std::string key;
  // The quarter of the previous row: files come sorted by period.
  calculator::QuarterAccumulator* accumulator = nullptr;
  while (true) {
    // Between records: no view into the bytes given back is alive.
    if (csv.offset() - released >= k_release_every) {
      release(csv.offset());
      if (part.error) {
        return;
      }
    }
    auto more = csv.next(fields);
    if (!more) {
      // The reader's own line is relative to the part: say where it is in the file.
      part.error = util::Error{more.error().kind,
                               fmt::format("{}:{}: not an RPW dataset CSV: broken quoting",
                                           source_name, line_in_file())};
      return;
    }
    if (!*more) {
      release(end - begin);
      return;
    }
    if (fields.size() == 1 && util::trim(fields[0]).empty()) {
      continue;
    }
    ++part.rows;
    auto row = reader.parse(fields, options.amount_usd);
    if (!row) {
      ++part.rejected_count;
      if (part.rejected.size() < options.max_listed_rejections) {
        const size_t line = line_in_file();
        part.rejected.push_back({line, fmt::format("{}:{}: {}", source_name, line, row.error().message)});
      }
      continue;
    }
    const RpwAmount& amount = row->amounts[amount_index];
    if (!amount.present) {
      continue; // no figures for this amount
    }
    ++part.services;
    if (accumulator == nullptr || accumulator->quarter() != row->period) {
      accumulator = &part.quarters.try_emplace(row->period, row->period, catalogue).first->second;
    }
    accumulator->add({.sender = row->sender,
                      .receiver = row->receiver,
                      .provider = row->firm,
                      .firm_type = row->firm_type,
                      .speed = row->speed,
                      .transparent = row->transparent,
                      .accessible = true,
                      .total_pct = amount.total_pct},
                     [&] {
                       key = row->service().key();
                       return std::string_view(key);
                     });
  }
}

} // namespace

util::Expected<RpwAggregation>
aggregate_rpw_csv(const std::filesystem::path& path,
                  const corridors::Catalogue& catalogue,
                  const RpwAggregateOptions& options)
{
  const std::string source_name = path.string();
  auto file = util::MappedFile::open(path);
  if (!file) {
    return std::unexpected(file.error());
  }
  const std::string_view data = file->view();

  util::CsvReader header_reader(data, source_name);
  auto names = header_reader.header("an RPW dataset CSV");
  if (!names) {
    return std::unexpected(names.error());
  }
  auto reader = RpwReader::create(*names, source_name, catalogue);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  const size_t begin = header_reader.offset();

  size_t parts = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  parts = std::clamp<size_t>((data.size() - begin) / std::max<size_t>(options.min_bytes_per_thread, 1), 1, parts);
  const std::vector<size_t> cuts = cut(*file, begin, parts);

  std::vector<Part> results(cuts.size());
  {
    std::vector<std::jthread> threads;
    for (size_t k = 0; k < cuts.size(); ++k) {
      const size_t end = k + 1 < cuts.size() ? cuts[k + 1] : data.size();
      threads.emplace_back([&, k, end] {
        read_part(*file, cuts[k], end, source_name, *reader, catalogue, options, results[k]);
      });
    }
  }

  RpwAggregation aggregation;
  size_t rejected_count = 0;
  std::vector<RejectedRow> rejected;
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
    std::ranges::sort(rejected, {}, &RejectedRow::line);
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

} // namespace rw::collector
