// The report as an xlsx workbook: one sheet per section.

#include "reports/render.hpp"
#include "reports/report_tables.hpp"
#include "reports/xlsx_writer.hpp"

#include <fmt/format.h>

namespace rw::reports {

util::Expected<void>
write_xlsx(const Report& report, const std::filesystem::path& path)
{
  auto workbook = XlsxWriter::create(path);
  if (!workbook) {
    return std::unexpected(workbook.error());
  }
  using Style = XlsxWriter::Style;
  for (const auto& section : tabulate(report)) {
    // "3. By channel" → sheet "By channel".
    const auto dot = section.title.find(". ");
    auto added = workbook->add_sheet(dot == std::string::npos ? section.title : section.title.substr(dot + 2));
    if (!added) {
      return std::unexpected(added.error());
    }
    size_t row = 0;
    const size_t truncated_before = workbook->truncated_cells();
    workbook->write(row++, 0, section.title + ": " + report_subject(report), Style::bold);
    for (const auto& paragraph : section.paragraphs) {
      workbook->write(row++, 0, paragraph);
    }
    size_t widest = 0;
    for (const auto& table : section.tables) {
      ++row;
      workbook->write(row++, 0, table.title, Style::bold);
      if (table.rows.empty()) {
        workbook->write(row++, 0, table.empty_text.empty() ? "None." : table.empty_text);
        continue;
      }
      widest = std::max(widest, table.columns.size());
      for (size_t c = 0; c < table.columns.size(); ++c) {
        workbook->write(row, c, table.columns[c], Style::bold);
      }
      ++row;
      for (const auto& cells : table.rows) {
        for (size_t c = 0; c < cells.size(); ++c) {
          const Cell& cell = cells[c];
          if (cell.number) {
            // Percentages and pp print with two decimals; counts as they are.
            const bool decimal = cell.text.find('.') != std::string::npos;
            workbook->write(row, c, *cell.number, decimal ? Style::number_2dp : Style::plain);
          } else if (!cell.text.empty()) {
            workbook->write(row, c, cell.text);
          }
        }
        ++row;
      }
    }
    if (const size_t cut = workbook->truncated_cells() - truncated_before; cut > 0) {
      // Said on the sheet itself: whoever reads the workbook sees it.
      workbook->write(row + 1, 0,
                      fmt::format("Note: cut to Excel's limit of {} characters: {} cell{} on this sheet, ending "
                                  "\"… [truncated: N characters]\".",
                                  XlsxWriter::k_max_cell_chars, cut, cut == 1 ? "" : "s"),
                      Style::bold);
    }
    for (size_t c = 0; c < widest; ++c) {
      workbook->set_column_width(c, c == 0 ? 22 : 14);
    }
  }
  return workbook->finish();
}

} // namespace rw::reports
