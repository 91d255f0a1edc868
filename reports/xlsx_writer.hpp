#pragma once

#include "util/error.hpp"

#include <cstddef>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

namespace rw::reports {

// libxlsxwriter, wrapped once: nothing else includes xlsxwriter.h. A workbook
// is written to a temporary file beside its path and renamed over it by
// finish(), so a failed or abandoned workbook never leaves a half file.
class XlsxWriter
{
public:
  enum class Style { plain, bold, number_2dp };

  struct Options
  {
    bool constant_memory = false; // rows written in order, flushed as they go
    std::time_t created = 0;      // the creation time the file states (0: now); fixed, the bytes are too
  };

  static util::Expected<XlsxWriter> create(const std::filesystem::path& path, Options options);
  static util::Expected<XlsxWriter> create(const std::filesystem::path& path) { return create(path, Options()); }
  XlsxWriter(XlsxWriter&&) noexcept;
  XlsxWriter& operator=(XlsxWriter&&) noexcept;
  ~XlsxWriter();

  // Starts a sheet; later writes go to it. Names are cut to Excel's 31
  // characters and stripped of the characters Excel refuses ([]:*?/\).
  util::Expected<void> add_sheet(std::string_view name);
  // Excel's limit on the text of one cell, in characters.
  static constexpr size_t k_max_cell_chars = 32767;

  // Text is always written as text, never as a formula. Text over Excel's
  // limit (which libxlsxwriter would drop, leaving the cell empty) is cut
  // and ends "… [truncated: N characters]", N being those cut; the count of
  // such cells is truncated_cells().
  void write(size_t row, size_t column, std::string_view text, Style style = Style::plain);
  void write(size_t row, size_t column, double number, Style style = Style::plain);
  void set_column_width(size_t column, double width);
  // The first `rows` rows stay in view when scrolling (Excel's frozen pane).
  void freeze_rows(size_t rows);
  // Filter buttons on the header row `first_row` over the given columns, down to `last_row`.
  void autofilter(size_t first_row, size_t first_column, size_t last_row, size_t last_column);

  // A flat table as one sheet: a header row, then typed cells (a number is a
  // number, text is text, a cell with neither is left empty).
  struct SheetCell
  {
    std::optional<double> number;
    std::string text;
    Style style = Style::plain;
  };
  struct Sheet
  {
    std::string name;
    std::vector<std::string> header; // written bold in row 1
    std::vector<std::vector<SheetCell>> rows;
    bool freeze_header = true; // the header row stays in view
    bool filter = true;        // filter buttons on the header row
    std::vector<double> widths; // column widths; missing ones left as they are
  };
  util::Expected<void> write_sheet(const Sheet& sheet);

  // Cells written cut to Excel's limit so far.
  size_t truncated_cells() const;

  util::Expected<void> finish();

private:
  struct State;
  explicit XlsxWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

} // namespace rw::reports
