#pragma once

#include "reports/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rw::reports {

// The report as titled tables, the common ground of the Markdown, CSV, HTML
// and xlsx renderers (JSON keeps the report's own structure). A cell keeps
// its number beside the text printed for people, so data formats write the
// unrounded value.
struct Cell
{
  std::string text;             // as printed for people: "7.42", "+0.40", "n/a"
  std::optional<double> number; // the value, unrounded; empty for text cells
};

struct Table
{
  std::string id;    // "most_expensive", …
  std::string title; // "10 most expensive corridors"
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  std::string empty_text; // printed instead of an empty table
  bool detail = false;    // long tables only the data formats (CSV, xlsx) carry
};

struct Section
{
  std::string id;    // "headline", "targets", "channels", "groups", "corridors", "history", "notes"
  std::string title; // "1. Headline"
  std::vector<std::string> paragraphs;
  std::vector<Table> tables;
};

std::vector<Section> tabulate(const Report& report);

// Whether any cell of a column holds a number (such columns align right).
bool numeric_column(const Table& table, size_t column);

// Shared number formats: "7.42" (two decimals), "+0.40" (signed pp), "n/a".
std::string format_percent(std::optional<double> value);
std::string format_pp(std::optional<double> value);

// One line naming the report: "USD 200, 2011Q3".
std::string report_subject(const Report& report);

} // namespace rw::reports
