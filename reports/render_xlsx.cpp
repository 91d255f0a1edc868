// The report as an xlsx workbook: an "About" sheet (title, scope, every
// section's text), then one sheet per table with a frozen header row, filter
// buttons and typed cells, so that a spreadsheet sorts and filters it as it is.

#include "reports/render.hpp"
#include "reports/report_tables.hpp"
#include "reports/xlsx_writer.hpp"

#include <fmt/format.h>

#include <set>

namespace rw::reports {

namespace {

using Sheet = XlsxWriter::Sheet;
using SheetCell = XlsxWriter::SheetCell;

// A sheet name from a table title: Excel's 31 characters, unique in the workbook.
std::string
sheet_name(const std::string& title, std::set<std::string>& taken)
{
  std::string name = title.substr(0, 31);
  for (int n = 2; taken.contains(name); ++n) {
    const std::string suffix = fmt::format(" {}", n);
    name = title.substr(0, 31 - suffix.size()) + suffix;
  }
  taken.insert(name);
  return name;
}

// Numbers as numbers (two decimals where the text has them); a number
// column never holds text such as "n/a": such a cell is left empty.
Sheet
table_sheet(const Table& table, const std::string& name)
{
  Sheet sheet{name, table.columns, {}};
  std::vector<bool> numeric(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); ++c) {
    numeric[c] = numeric_column(table, c);
    sheet.widths.push_back(c == 0 ? 24 : 14);
  }
  for (const auto& cells : table.rows) {
    std::vector<SheetCell> row;
    for (size_t c = 0; c < cells.size(); ++c) {
      const Cell& cell = cells[c];
      if (cell.number) {
        const bool decimal = cell.text.find('.') != std::string::npos;
        row.push_back({cell.number, "", decimal ? XlsxWriter::Style::number_2dp : XlsxWriter::Style::plain});
      } else {
        // "n/a" is a missing value: an empty cell, in any column.
        row.push_back({std::nullopt, numeric[c] || cell.text == "n/a" ? "" : cell.text});
      }
    }
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

Sheet
about_sheet(const Report& report, const std::vector<Section>& sections)
{
  Sheet sheet{"About", {"report", report.title}, {}};
  sheet.freeze_header = false;
  sheet.filter = false;
  sheet.widths = {24, 120};
  const auto line = [&](std::string label, std::string text) {
    sheet.rows.push_back({SheetCell{std::nullopt, std::move(label), XlsxWriter::Style::bold},
                          SheetCell{std::nullopt, std::move(text)}});
  };
  if (!report.organisation.empty()) {
    line("published by", report.organisation);
  }
  line("subject", report_subject(report));
  line("scope", report.scope);
  for (const auto& section : sections) {
    for (const auto& paragraph : section.paragraphs) {
      line(section.title, paragraph);
    }
  }
  return sheet;
}

} // namespace

util::Expected<void>
write_xlsx(const Report& report, const std::filesystem::path& path)
{
  auto workbook = XlsxWriter::create(path);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  const auto sections = tabulate(report);
  std::set<std::string> taken = {"About"};
  if (auto written = workbook->write_sheet(about_sheet(report, sections)); !written) {
    return written;
  }
  for (const auto& section : sections) {
    for (const auto& table : section.tables) {
      if (table.rows.empty()) {
        continue; // said on the About sheet's text and in the other formats
      }
      const size_t truncated_before = workbook->truncated_cells();
      if (auto written = workbook->write_sheet(table_sheet(table, sheet_name(table.sheet.empty() ? table.title : table.sheet, taken))); !written) {
        return written;
      }
      if (const size_t cut = workbook->truncated_cells() - truncated_before; cut > 0) {
        // Said on the sheet itself, below the table: whoever reads the workbook sees it.
        workbook->write(table.rows.size() + 2, 0,
                        fmt::format("Note: cut to Excel's limit of {} characters: {} cell{} on this sheet, ending "
                                    "\"… [truncated: N characters]\".",
                                    XlsxWriter::k_max_cell_chars, cut, cut == 1 ? "" : "s"),
                        XlsxWriter::Style::bold);
      }
    }
  }
  return workbook->finish();
}

} // namespace rw::reports
