#include "reports/xlsx_writer.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

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

void
XlsxWriter::write(size_t row, size_t column, std::string_view text, Style style)
{
  const std::string copy(text);
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
