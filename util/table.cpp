#include "util/table.hpp"

#include "util/csv.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::util {

namespace {

// Numbers and missing values (which stand in numeric columns) align right.
bool
aligns_right(const Cell& cell)
{
  return !std::holds_alternative<std::string>(cell);
}

std::string
text_of(const Cell& cell, int decimals)
{
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return *text;
  }
  if (const auto* count = std::get_if<long long>(&cell)) {
    return fmt::format("{}", *count);
  }
  if (const auto* measure = std::get_if<double>(&cell)) {
    std::string text = fmt::format("{:.{}f}", *measure, decimals);
    // A tiny negative difference rounds to "-0.00": print it as zero.
    if (text.starts_with('-') && text.find_first_not_of("-0.") == std::string::npos) {
      text.erase(0, 1);
    }
    return text;
  }
  return "n/a";
}

} // namespace

std::string
render_text(const Table& table, int decimals)
{
  std::vector<size_t> widths;
  widths.reserve(table.columns.size());
  for (const auto& column : table.columns) {
    widths.push_back(column.size());
  }
  std::vector<std::vector<std::string>> texts;
  for (const auto& row : table.rows) {
    auto& line = texts.emplace_back();
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line.push_back(text_of(row[i], decimals));
      widths[i] = std::max(widths[i], line.back().size());
    }
  }
  std::string out;
  auto append_line = [&](const std::vector<std::string>& cells, const std::vector<Cell>* row) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) {
        line += "  ";
      }
      const bool right = row != nullptr && aligns_right((*row)[i]);
      line += right ? fmt::format("{:>{}}", cells[i], widths[i])
                    : fmt::format("{:<{}}", cells[i], widths[i]);
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line;
    out += '\n';
  };
  append_line(table.columns, nullptr);
  for (size_t r = 0; r < texts.size(); ++r) {
    append_line(texts[r], &table.rows[r]);
  }
  return out;
}

std::string
render_csv(const Table& table)
{
  std::string out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    out += i > 0 ? "," : "";
    out += csv_escape(table.columns[i]);
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      out += i > 0 ? "," : "";
      const Cell& cell = row[i];
      if (const auto* text = std::get_if<std::string>(&cell)) {
        out += csv_escape(*text);
      } else if (const auto* count = std::get_if<long long>(&cell)) {
        out += fmt::format("{}", *count);
      } else if (const auto* measure = std::get_if<double>(&cell)) {
        out += fmt::format("{}", *measure);
      }
    }
    out += '\n';
  }
  return out;
}

} // namespace rw::util
