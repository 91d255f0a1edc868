#include "reports/xlsx_writer.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <system_error>

namespace rw::reports {

struct XlsxWriter::State
{
  std::filesystem::path path;
  std::filesystem::path temporary;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* number_2dp = nullptr;
  bool finished = false;
  size_t truncated_cells = 0;

  ~State()
  {
    if (!finished) {
      if (workbook != nullptr) {
        workbook_close(workbook);
      }
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
    }
  }

  lxw_format* format(Style style) const
  {
    switch (style) {
    case Style::bold: return bold;
    case Style::number_2dp: return number_2dp;
    case Style::plain: break;
    }
    return nullptr;
  }
};

XlsxWriter::XlsxWriter(std::unique_ptr<State> state)
  : m_state(std::move(state))
{
}

XlsxWriter::XlsxWriter(XlsxWriter&&) noexcept = default;
XlsxWriter& XlsxWriter::operator=(XlsxWriter&&) noexcept = default;
XlsxWriter::~XlsxWriter() = default;

util::Expected<XlsxWriter>
XlsxWriter::create(const std::filesystem::path& path, Options options)
{
  auto state = std::make_unique<State>();
  state->path = path;
  state->temporary = path;
  state->temporary += ".partial";
  lxw_workbook_options lxw_options{};
  lxw_options.constant_memory = options.constant_memory ? LXW_TRUE : LXW_FALSE;
  state->workbook = workbook_new_opt(state->temporary.c_str(), &lxw_options);
  if (state->workbook == nullptr) {
    return util::make_error(util::ErrorKind::io, fmt::format("{}: cannot create the workbook", path.string()));
  }
  state->bold = workbook_add_format(state->workbook);
  if (options.created != 0) {
    lxw_doc_properties properties{};
    properties.created = options.created;
    workbook_set_properties(state->workbook, &properties);
  }
  format_set_bold(state->bold);
  state->number_2dp = workbook_add_format(state->workbook);
  format_set_num_format(state->number_2dp, "0.00");
  return XlsxWriter(std::move(state));
}

util::Expected<void>
XlsxWriter::add_sheet(std::string_view name)
{
  std::string clean;
  for (const char c : name) {
    if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) {
      clean += c;
    }
  }
  clean.resize(std::min<size_t>(clean.size(), 31));
  m_state->sheet = workbook_add_worksheet(m_state->workbook, clean.c_str());
  if (m_state->sheet == nullptr) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{}: cannot add the sheet \"{}\"", m_state->path.string(), clean));
  }
  return {};
}

namespace {

// Characters (UTF-8 code points) in `text`: Excel's limit counts those, not bytes.
size_t
characters(std::string_view text)
{
  return static_cast<size_t>(std::ranges::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `text` cut to at most `max_bytes` bytes at a character boundary, and the
// mark saying how many characters were cut. Bytes are never fewer than
// characters, so the result is within Excel's limit on either count.
std::string
truncated(std::string_view text, size_t max_bytes)
{
  const std::string_view mark_template = "… [truncated: 00000000000000000000 characters]";
  size_t keep = max_bytes - mark_template.size();
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) {
    --keep; // not inside a multi-byte character
  }
  return fmt::format("{}… [truncated: {} characters]", text.substr(0, keep), characters(text.substr(keep)));
}

} // namespace

size_t
XlsxWriter::truncated_cells() const
{
  return m_state->truncated_cells;
}

void
XlsxWriter::write(size_t row, size_t column, std::string_view text, Style style)
{
  std::string copy(text);
  if (copy.size() > k_max_cell_chars && characters(copy) > k_max_cell_chars) {
    copy = truncated(text, k_max_cell_chars);
    ++m_state->truncated_cells;
  }
  worksheet_write_string(m_state->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), copy.c_str(),
                         m_state->format(style));
}

void
XlsxWriter::write(size_t row, size_t column, double number, Style style)
{
  worksheet_write_number(m_state->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), number,
                         m_state->format(style));
}

void
XlsxWriter::set_column_width(size_t column, double width)
{
  worksheet_set_column(m_state->sheet, static_cast<lxw_col_t>(column), static_cast<lxw_col_t>(column), width,
                       nullptr);
}

void
XlsxWriter::freeze_rows(size_t rows)
{
  worksheet_freeze_panes(m_state->sheet, static_cast<lxw_row_t>(rows), 0);
}

void
XlsxWriter::autofilter(size_t first_row, size_t first_column, size_t last_row, size_t last_column)
{
  worksheet_autofilter(m_state->sheet, static_cast<lxw_row_t>(first_row), static_cast<lxw_col_t>(first_column),
                       static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(last_column));
}

util::Expected<void>
XlsxWriter::write_sheet(const Sheet& sheet)
{
  if (auto added = add_sheet(sheet.name); !added) {
    return added;
  }
  for (size_t c = 0; c < sheet.header.size(); ++c) {
    write(0, c, sheet.header[c], Style::bold);
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      const SheetCell& cell = sheet.rows[r][c];
      if (cell.number) {
        write(r + 1, c, *cell.number, cell.style);
      } else if (!cell.text.empty()) {
        write(r + 1, c, cell.text, cell.style);
      }
    }
  }
  if (sheet.freeze_header) {
    freeze_rows(1);
  }
  if (sheet.filter && !sheet.header.empty()) {
    autofilter(0, 0, sheet.rows.size(), sheet.header.size() - 1);
  }
  for (size_t c = 0; c < sheet.widths.size(); ++c) {
    set_column_width(c, sheet.widths[c]);
  }
  return {};
}

util::Expected<void>
XlsxWriter::finish()
{
  const lxw_error result = workbook_close(m_state->workbook);
  m_state->workbook = nullptr;
  if (result != LXW_NO_ERROR) {
    return util::make_error(util::ErrorKind::io,
                            fmt::format("{}: {}", m_state->path.string(), lxw_strerror(result)));
  }
  std::error_code error;
  std::filesystem::rename(m_state->temporary, m_state->path, error);
  if (error) {
    return util::make_error(util::ErrorKind::io, fmt::format("{}: {}", m_state->path.string(), error.message()));
  }
  m_state->finished = true;
  return {};
}

} // namespace rw::reports
