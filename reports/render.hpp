#pragma once

#include "reports/report.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rw::reports {

// The quarterly report in each format. Every section is in every format; the
// long "every corridor" table only in HTML (its appendix) and the data formats.

std::string render_markdown(const Report& report);
// One long table: section, table, row, column, value (numbers unrounded).
// Text that a spreadsheet would run as a formula is neutralised.
std::string render_csv(const Report& report);
// The wide layout: one CSV per titled table, named "NN-<table id>.csv" in the
// report's order, each a header row of column names and one row per item;
// number columns hold unrounded numbers or nothing, and no cell says "n/a". A last
// file, "NN-paragraphs.csv" (section, paragraph, text), carries the prose.
struct CsvFile
{
  std::string name;
  std::string content;
};
std::vector<CsvFile> render_csv_wide(const Report& report);
// One self-contained file: inline CSS and SVG charts, one small inline script
// (it sorts the table of every corridor), no external resource; every name
// from the data escaped.
std::string render_html(const Report& report);
// docs/formats/report-json.md.
std::string render_json(const Report& report);
// One sheet per section (libxlsxwriter), written to a temporary file beside
// `path` and renamed over it.
util::Expected<void> write_xlsx(const Report& report, const std::filesystem::path& path);

// Text from the data as a spreadsheet cell: a leading = + - @ (tab, carriage
// return) gets an apostrophe, so it is never run as a formula.
std::string neutralise_formula(std::string text);

// Escaping shared with tests: HTML text and attribute values.
std::string escape_html(std::string_view text);

} // namespace rw::reports
