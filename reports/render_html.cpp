// The HTML report: one self-contained file, inline CSS and SVG and one small
// inline script that sorts the table of every corridor (the table is in a
// useful order without it). The pieces are in html_tables.cpp,
// html_corridors.cpp and chart.cpp; this file puts the page together.

#include "reports/chart.hpp"
#include "reports/html_parts.hpp"
#include "reports/render.hpp"
#include "reports/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::reports {

// The report's CSS, shared with the web monitor's pages (html_parts.hpp).
const char* const k_report_style = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1rem;margin:1.4rem 0 .4rem}.organisation{font-size:1.1rem;margin:0 0 .3rem}
nav.contents ol{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;padding:0;margin:.6rem 0;list-style:none;font-size:.9rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top}th{background:#f3f5f7;text-align:left}
tbody th{background:none;font-weight:normal}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.wrap{overflow-wrap:anywhere}.code{white-space:nowrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.names{display:block;font-size:.8rem;color:#57606a}
table.data>tbody>tr:nth-child(even){background:#fafbfc}
table.targets th[scope=row]{font-weight:600}tr.note-row td{font-size:.82rem;color:#57606a;border-top:0}
tr.group th{background:#eef2f6;font-weight:600}table.corridors,table.targets{width:100%}
tbody.target{border-top:2px solid #afb8c1}
table.sortable th button{all:unset;cursor:pointer;text-decoration:underline dotted}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.8rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem}
.card.lead{border:2px solid #0969da}.card .coverage{font-size:.75rem;color:#57606a}
.card .value{font-size:1.6rem;font-weight:600}.card .change{font-size:.9rem}td.progress{white-space:nowrap}.card .label{font-size:.8rem;color:#57606a}
.up{color:#b42318}.down{color:#1a7f37}.muted{color:#57606a}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#57606a}
svg{max-width:100%;height:auto;font-family:inherit}
.table-wrap{overflow-x:auto}.note{background:#fff8e5;border-left:4px solid #d4a72c;padding:.4rem .8rem}
ul.codes{columns:17rem;padding-left:1.2rem;font-size:.88rem}details{margin:.4rem 0}summary{cursor:pointer}
@media print{.table-wrap{overflow:visible}body{margin:0;max-width:none;font-size:10pt}h2{page-break-after:avoid}
table,figure{page-break-inside:avoid}.cards{gap:.4rem}a{color:inherit;text-decoration:none}nav.contents{display:none}}
)";

namespace {

std::string
cell_html(const Cell& cell, bool numeric)
{
  return fmt::format("<td{}>{}</td>", numeric ? " class=\"num\"" : "", escape_html(cell.text));
}

// A generic table of report_tables. Columns named "id" are left out: ids
// are for the data formats; people read the label beside them.
std::string
table_html(const Table& table)
{
  std::string out =
    fmt::format("<h3 id=\"{}\">{}</h3>\n", escape_html(table.id), escape_html(table.title));
  if (table.rows.empty()) {
    return out
           + fmt::format("<p class=\"muted\">{}</p>\n",
                         escape_html(table.empty_text.empty() ? "None." : table.empty_text));
  }
  out += fmt::format(
    R"(<div class="table-wrap" role="region" aria-label="{0}"><table class="data" data-table="{1}">)"
    "<thead><tr>",
    escape_html(table.title), escape_html(table.id));
  std::vector<size_t> shown;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c] != "id") {
      shown.push_back(c);
      out += fmt::format("<th scope=\"col\">{}</th>", escape_html(table.columns[c]));
    }
  }
  out += "</tr></thead><tbody>\n";
  std::vector<bool> numeric;
  numeric.reserve(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); ++c) {
    numeric.push_back(numeric_column(table, c));
  }
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (const size_t c : shown) {
      out += c < row.size() ? cell_html(row[c], numeric[c]) : "<td></td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

// Under the title: who publishes, what the report covers, and the headline
// in words (highlighted when the service rows are only a sample).
std::string
top_lines(const Report& report)
{
  std::string out;
  if (!report.organisation.empty()) {
    out += fmt::format("<p class=\"organisation\">{}</p>\n", escape_html(report.organisation));
  }
  const std::string scope = report.global || report.scope.empty() ? "" : " · " + report.scope;
  out += fmt::format("<p class=\"muted\">{}{} · generated {} by remitwatch {}.</p>\n",
                     escape_html(report_subject(report)), escape_html(scope),
                     escape_html(report.generated_at), escape_html(report.version));
  if (!report.headline.summary.empty()) {
    out +=
      fmt::format("<p class=\"summary{}\">{}</p>\n", report.headline.partial_sample ? " note" : "",
                  escape_html(report.headline.summary));
  }
  return out;
}

std::string
contents(const std::vector<Section>& sections)
{
  std::string out = "<nav class=\"contents\" aria-label=\"Contents\"><ol>";
  for (const auto& section : sections) {
    out += fmt::format("<li><a href=\"#{}\">{}</a></li>", escape_html(section.id),
                       escape_html(section.title));
  }
  return out + "</ol></nav>\n";
}

// The corridor summaries are drawn from the report's rows (html_corridors.cpp).
const std::vector<CorridorRow>*
corridor_rows(const Report& report, const std::string& table_id)
{
  const CorridorSection& c = report.corridors;
  if (table_id == "most_expensive") {
    return &c.most_expensive;
  }
  if (table_id == "least_expensive") {
    return &c.least_expensive;
  }
  if (table_id == "rose_most") {
    return &c.rose_most;
  }
  return table_id == "above_5" ? &c.above_5 : nullptr;
}

std::string
section_table(const Report& report, const Table& table)
{
  if (table.id == "targets") {
    return targets_html(report);
  }
  if (table.id == "runs") {
    return runs_html(report);
  }
  if (table.id == "all_corridors" || table.id == "published_corridors") {
    return ""; // the appendix draws them (appendix_html)
  }
  if (const auto* rows = corridor_rows(report, table.id)) {
    return corridor_table_html(table.id, table.title, *rows, table.empty_text);
  }
  return table.detail ? "" : table_html(table);
}

std::string
section_html(const Report& report, const Section& section)
{
  std::string out = fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", escape_html(section.id),
                                escape_html(section.title));
  if (section.id == "headline") {
    out += headline_cards_html(report);
  }
  for (const auto& paragraph : section.paragraphs) {
    // The summary is at the top of the page, the weighted average under the
    // cards and each target's note under its row: not said twice.
    const bool shown_elsewhere =
      paragraph == report.headline.summary || paragraph == weighted_note(report)
      || std::ranges::any_of(report.targets, [&](const TargetRow& t) { return paragraph == target_note_sentence(t); });
    if (!shown_elsewhere) {
      out += fmt::format("<p>{}</p>\n", escape_html(paragraph));
    }
  }
  if (section.id == "channels" && !report.by_firm_type.empty()) {
    out += channel_chart(report);
  }
  if (section.id == "corridors" && !report.corridors.all.empty()) {
    out += distribution_chart(report);
  }
  if (section.id == "history") {
    out += trend_chart(report);
  }
  for (const auto& table : section.tables) {
    out += section_table(report, table);
  }
  return out + "</section>\n";
}

} // namespace

std::string
escape_html(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string
render_html(const Report& report)
{
  const std::string title =
    report.title.empty() ? fmt::format("remitwatch quarterly report: {}", report_subject(report))
                         : report.title;
  std::string out =
    fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
                escape_html(title), k_report_style, escape_html(title));
  out += top_lines(report);
  const auto sections = tabulate(report);
  out += contents(sections) + "</header>\n";
  for (const auto& section : sections) {
    // The appendix's lists are drawn for the page: grouped tables, folded lists.
    out += section.id == "appendix" ? appendix_html(report, section.title) : section_html(report, section);
  }
  if (!report.corridors.all.empty()) {
    out += fmt::format("<script>{}</script>\n", k_sort_script);
  }
  return out + "</body>\n</html>\n";
}

} // namespace rw::reports
