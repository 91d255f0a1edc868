// The RPW dataset's drivers: its CSV export and the official xlsx workbook,
// read row by row through RpwReader, quotes handed to a sink in batches.
// (Columns: rpw_columns.cpp; a row: rpw_row.cpp; its quotes: rpw_quotes.cpp.)

#include "readers/rpw.hpp"

#include "readers/csv_rows.hpp"
#include "readers/xlsx_reader.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::readers {

namespace {

constexpr size_t k_batch = 4096;

// Hands a full batch to the sink.
util::Expected<void>
flush(ImportedFile& file, const QuoteSink& sink, bool force)
{
  if (!sink || (!force && file.quotes.size() < k_batch)) {
    return {};
  }
  auto ok = sink(file.quotes);
  file.quotes.clear();
  return ok;
}

} // namespace

util::Expected<ImportedFile>
read_rpw_xlsx(const std::filesystem::path& path, const corridors::Catalogue& catalogue, const QuoteSink& sink)
{
  auto sheets = xlsx_sheet_names(path);
  if (!sheets) {
    return std::unexpected(sheets.error());
  }
  ImportedFile file;
  size_t read = 0;
  for (const auto& sheet : *sheets) {
    if (!sheet.starts_with("Dataset")) {
      continue; // notes, definitions
    }
    ++read;
    const std::string source_name = fmt::format("{}[{}]", path.string(), sheet);
    std::optional<RpwReader> rpw;
    auto ok = read_xlsx_sheet(path, sheet, [&](size_t row, const std::vector<std::string>& cells) -> util::Expected<bool> {
      if (!rpw) {
        auto created = RpwReader::create(cells, source_name, catalogue);
        if (!created) {
          return std::unexpected(created.error());
        }
        rpw.emplace(std::move(*created));
        return true;
      }
      if (std::ranges::all_of(cells, [](const std::string& c) { return util::trim(c).empty(); })) {
        return true;
      }
      std::vector<std::string> padded = cells;
      padded.resize(std::max(padded.size(), rpw->width()));
      rpw->add_row(padded, row, file);
      if (auto flushed = flush(file, sink, false); !flushed) {
        return std::unexpected(flushed.error());
      }
      return true;
    });
    if (!ok) {
      return std::unexpected(ok.error());
    }
  }
  if (read == 0) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not the RPW workbook: no sheet named 'Dataset …' (sheets: {})",
                                        path.string(), fmt::join(*sheets, ", ")));
  }
  if (auto flushed = flush(file, sink, true); !flushed) {
    return std::unexpected(flushed.error());
  }
  return file;
}

util::Expected<ImportedFile>
read_rpw_csv(std::string_view text,
             const std::string& source_name,
             const corridors::Catalogue& catalogue,
             const QuoteSink& sink)
{
  auto rows = CsvRows::open(text, source_name, "an RPW dataset CSV");
  if (!rows) {
    return std::unexpected(rows.error());
  }
  auto rpw = RpwReader::create(rows->header(), source_name, catalogue);
  if (!rpw) {
    return std::unexpected(rpw.error());
  }
  ImportedFile file;
  auto ok = rows->for_each<std::string_view>([&](const std::vector<std::string_view>& fields) {
    rpw->add_row(fields, rows->line(), file);
    return flush(file, sink, false);
  });
  if (!ok) {
    return std::unexpected(ok.error()); // a broken quote (the file refused), or the sink's
  }
  if (auto flushed = flush(file, sink, true); !flushed) {
    return std::unexpected(flushed.error());
  }
  return file;
}

} // namespace rw::readers
