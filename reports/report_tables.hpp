#pragma once

#include "reports/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  // Rows that start a group, with the group's heading ("Kenya (KEN): 3
  // corridors"): Markdown prints the heading as a row of its own; the data
  // formats leave it out (a column already says the group).
  std::vector<std::pair<size_t, std::string>> groups;
  std::string sheet; // the xlsx sheet's name when the title is too long for one ("": the title)
};

struct Section
{
  std::string id;    // "headline", "targets", "channels", "groups", "corridors", "history", "notes"
  std::string title; // "1. Headline"
  std::vector<std::string> paragraphs;
  std::vector<Table> tables;
};

std::vector<Section> tabulate(const Report& report);

// Whether a column holds numbers: any cell with one, or "n/a" in every cell
// (such columns align right).
bool numeric_column(const Table& table, size_t column);

// Shared number formats: "7.42" (two decimals), "+0.40" (signed pp), "n/a".
std::string format_percent(std::optional<double> value);
std::string format_pp(std::optional<double> value);

// The corridors whose `source` is `source` ("services" or "databank"),
// grouped by sending country: sender's name, then receiver's name.
std::vector<const CorridorRow*> corridors_by_sender(const std::vector<CorridorRow>& rows, std::string_view source);

// The sentence that gives the weighted average when it is not a headline
// figure ("" when it is), and a target's note as a sentence ("" without one):
// the HTML report shows both beside their figure instead.
std::string weighted_note(const Report& report);
std::string target_note_sentence(const TargetRow& target);

// One line naming the report: "USD 200, 2011Q3".
std::string report_subject(const Report& report);

} // namespace rw::reports
