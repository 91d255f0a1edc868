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

namespace {

// One dataset sheet of the workbook through its own RpwReader into `file`.
// The header is the sheet's first non-blank row (the Countries sheet's is on
// row 2; a dataset sheet may have a title above its own).
util::Expected<void>
read_rpw_sheet(const std::filesystem::path& path, const std::string& sheet, const corridors::Catalogue& catalogue,
               const QuoteSink& sink, RpwMemory memory, ImportedFile& file)
{
  const std::string source_name = fmt::format("{}[{}]", path.string(), sheet);
  const auto blank = [](const std::vector<std::string>& cells) {
    return std::ranges::all_of(cells, [](const std::string& c) { return util::trim(c).empty(); });
  };
  std::optional<RpwReader> rpw;
  std::vector<std::string> padded;
  auto ok = read_xlsx_sheet(path, sheet, [&](size_t row, const std::vector<std::string>& cells) -> util::Expected<bool> {
    if (!rpw) {
      if (blank(cells)) {
        return true;
      }
      auto created = RpwReader::create(cells, source_name, catalogue);
      if (!created) {
        return std::unexpected(created.error());
      }
      rpw.emplace(std::move(*created));
      if (memory == RpwMemory::current_group) {
        rpw->forget_finished_groups();
      }
      return true;
    }
    padded.assign(cells.begin(), cells.end()); // missing cells at the end of a row are blank
    padded.resize(std::max(padded.size(), rpw->width()));
    rpw->add_row(padded, row, file);
    if (rpw->error()) {
      return std::unexpected(*rpw->error());
    }
    if (auto flushed = flush(file, sink, false); !flushed) {
      return std::unexpected(flushed.error());
    }
    return true;
  });
  if (!ok) {
    return ok;
  }
  if (!rpw) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not an RPW dataset sheet: it is empty (no header row)", source_name));
  }
  if (auto note = rpw->trailing_note()) {
    file.notes.push_back(std::move(*note));
  }
  return {};
}

} // namespace

util::Expected<ImportedFile>
read_rpw_xlsx(const std::filesystem::path& path,
              const corridors::Catalogue& catalogue,
              const QuoteSink& sink,
              const std::string& sheet,
              RpwMemory memory)
{
  auto sheets = xlsx_sheet_names(path);
  if (!sheets) {
    return std::unexpected(sheets.error());
  }
  std::vector<std::string> chosen;
  for (const auto& name : *sheets) {
    if (sheet.empty() ? name.starts_with("Dataset") : name == sheet) { // the others: notes, definitions
      chosen.push_back(name);
    }
  }
  if (chosen.empty()) {
    const std::string wanted = sheet.empty() ? "no sheet named 'Dataset …'" : fmt::format("no sheet '{}'", sheet);
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not the RPW workbook: {} (sheets: {}); name one with --sheet",
                                        path.string(), wanted, fmt::join(*sheets, ", ")));
  }
  ImportedFile file;
  for (const auto& name : chosen) {
    if (auto ok = read_rpw_sheet(path, name, catalogue, sink, memory, file); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (auto flushed = flush(file, sink, true); !flushed) {
    return std::unexpected(flushed.error());
  }
  return file;
}

namespace {

// The rows of an RPW CSV, opened, through RpwReader to the sink.
util::Expected<ImportedFile>
read_rpw_rows(util::Expected<CsvRows> rows,
              const std::string& source_name,
              const corridors::Catalogue& catalogue,
              const QuoteSink& sink,
              bool forget_groups)
{
  if (!rows) {
    return std::unexpected(rows.error());
  }
  auto rpw = RpwReader::create(rows->header(), source_name, catalogue);
  if (!rpw) {
    return std::unexpected(rpw.error());
  }
  if (forget_groups) {
    rpw->forget_finished_groups();
  }
  ImportedFile file;
  auto ok = rows->for_each<std::string_view>([&](const std::vector<std::string_view>& fields) -> util::Expected<void> {
    rpw->add_row(fields, rows->line(), file);
    if (rpw->error()) {
      return std::unexpected(*rpw->error());
    }
    return flush(file, sink, false);
  });
  if (!ok) {
    return std::unexpected(ok.error()); // a broken quote (the file refused), or the sink's
  }
  if (auto flushed = flush(file, sink, true); !flushed) {
    return std::unexpected(flushed.error());
  }
  if (auto note = rpw->trailing_note()) {
    file.notes.push_back(std::move(*note));
  }
  return file;
}

constexpr std::string_view k_what = "an RPW dataset CSV";

} // namespace

util::Expected<ImportedFile>
read_rpw_csv(std::string_view text,
             const std::string& source_name,
             const corridors::Catalogue& catalogue,
             const QuoteSink& sink)
{
  return read_rpw_rows(CsvRows::open(text, source_name, k_what), source_name, catalogue, sink, false);
}

util::Expected<CsvRows>
open_rpw_csv(util::TextStream stream)
{
  const std::string source_name = stream.name();
  return CsvRows::open(std::move(stream), source_name, k_what);
}

util::Expected<ImportedFile>
read_rpw_csv(CsvRows rows, const corridors::Catalogue& catalogue, const QuoteSink& sink, RpwMemory memory)
{
  const std::string source_name = rows.source_name();
  return read_rpw_rows(std::move(rows), source_name, catalogue, sink, memory == RpwMemory::current_group);
}

bool
is_ungrouped_rpw(const util::Error& error)
{
  return error.kind == util::ErrorKind::parse && error.message.find(RpwReader::k_ungrouped) != std::string::npos;
}

} // namespace rw::readers
