// The HTML report's corridor tables and appendix (html_parts.hpp): the
// summaries of section 5 and the table of every corridor, grouped by
// sending country, that the appendix holds.

#include "reports/html_parts.hpp"
#include "reports/render.hpp"
#include "reports/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <string_view>
#include <tuple>

namespace rw::reports {

namespace {

constexpr size_t k_columns = 9;
constexpr size_t k_published_column_count = 4; // corridor, average, previous, change: what a published value has
constexpr size_t k_longest_summary = 15; // rows shown open in a summary table

// The columns of every corridor table, with the key the sort script reads
// from each row's data attributes.
constexpr std::array<std::pair<const char*, const char*>, k_columns> k_corridor_heads = {{
  {"corridor", "Corridor"},
  {"average", "Average %"},
  {"previous", "Previous %"},
  {"change", "Change pp"},
  {"services", "Services"},
  {"cheapest", "Cheapest %"},
  {"provider", "Cheapest provider"},
  {"spread", "Spread pp"},
  {"smart", "SmaRT %"},
}};

std::string
header_row(bool sortable, size_t columns = k_columns)
{
  std::string out = "<thead><tr>";
  for (const auto& [key, title] : std::span(k_corridor_heads).first(columns)) {
    out += sortable ? fmt::format(R"(<th scope="col" data-key="{}">{}</th>)", key, title)
                    : fmt::format(R"(<th scope="col">{}</th>)", title);
  }
  return out + "</tr></thead>";
}

std::string
number_cell(std::optional<double> value, bool signed_pp = false)
{
  return fmt::format(R"(<td class="num">{}</td>)",
                     signed_pp ? format_pp(value) : format_percent(value));
}

// data-KEY="value" for the sort script; a missing value has no attribute
// (and sorts last).
std::string
sort_keys(const CorridorRow& r)
{
  std::string out = fmt::format(R"( data-corridor="{}" data-average="{:.4f}")",
                                escape_html(r.corridor.to_string()), r.average);
  const auto add = [&](const char* key, std::optional<double> value) {
    if (value) {
      out += fmt::format(R"( data-{}="{:.4f}")", key, *value);
    }
  };
  add("previous", r.previous);
  add("change", r.change_pp);
  if (r.source == "services") {
    add("services", static_cast<double>(r.services));
    add("cheapest", r.cheapest);
    add("spread", r.spread);
    add("smart", r.smart);
    out += fmt::format(R"( data-provider="{}")", escape_html(r.cheapest_provider));
  }
  return out;
}

// One corridor: the code never wraps at its hyphen; `names` under it. In a
// table of published values only (`columns` 4) a row has those four cells.
std::string
corridor_row(const CorridorRow& r, const std::string& names, size_t columns = k_columns)
{
  std::string out =
    fmt::format(R"(<tr class="corridor"{}><th scope="row"><span class="code">{}</span>)"
                R"(<span class="names">{}</span></th>)",
                sort_keys(r), escape_html(r.corridor.to_string()), escape_html(names));
  out += number_cell(r.average) + number_cell(r.previous) + number_cell(r.change_pp, true);
  if (columns == k_published_column_count) {
    return out + "</tr>\n";
  }
  if (r.source != "services") {
    // A published DataBank value: the columns below come from services only.
    return out
           + fmt::format(
             R"(<td colspan="{}" class="muted">DataBank value: no service detail</td></tr>)",
             k_columns - 4)
           + "\n";
  }
  std::string smart = format_percent(r.smart);
  if (r.smart_fewer_than_three) {
    smart += " *";
  }
  out += fmt::format(R"(<td class="num">{}</td>)", r.services) + number_cell(r.cheapest);
  out +=
    fmt::format(R"(<td>{}</td>)", escape_html(r.cheapest_provider)) + number_cell(r.spread, true);
  return out + fmt::format(R"(<td class="num">{}</td></tr>)", smart) + "\n";
}

std::string
names_of(const CorridorRow& r)
{
  return fmt::format("{} → {}", r.sender_name, r.receiver_name);
}

// The appendix's list of one target's corridors above the limit, each with
// its names and average when the report has them.
std::string
target_list(const Report& report, const TargetRow& t)
{
  std::map<std::string, const CorridorRow*> by_code;
  for (const auto& row : report.corridors.all) {
    by_code[row.corridor.to_string()] = &row;
  }
  std::string out = fmt::format(
    "<details class=\"corridor-list\" id=\"appendix-{}\"><summary>{}: {} corridor{} above "
    "5 % in {}</summary><ul class=\"codes\">\n",
    escape_html(t.id), escape_html(t.name), t.corridors_above.size(),
    t.corridors_above.size() == 1 ? "" : "s", report.quarter.to_string());
  for (const auto& code : t.corridors_above) {
    const auto found = by_code.find(code);
    out += found == by_code.end()
             ? fmt::format("<li><span class=\"code\">{}</span></li>\n", escape_html(code))
             : fmt::format(
               "<li><span class=\"code\">{}</span> {} <span class=\"muted\">{} %</span></li>\n",
               escape_html(code), escape_html(names_of(*found->second)),
               format_percent(found->second->average));
  }
  return out + "</ul></details>\n";
}

} // namespace

std::string
corridor_table_html(const std::string& id, const std::string& title,
                    const std::vector<CorridorRow>& rows, const std::string& empty_text)
{
  std::string out = fmt::format("<h3 id=\"{}\">{}</h3>\n", escape_html(id), escape_html(title));
  if (rows.empty()) {
    return out
           + fmt::format("<p class=\"muted\">{}</p>\n",
                         escape_html(empty_text.empty() ? "None." : empty_text));
  }
  // A long list (every corridor above 5 %, say) stays a summary: the
  // table opens on request, and every corridor is in the appendix anyway.
  const bool folded = rows.size() > k_longest_summary;
  if (folded) {
    out += fmt::format(
      "<details class=\"long-list\"><summary>{} corridors: show the list</summary>\n", rows.size());
  }
  out += fmt::format(
    R"(<div class="table-wrap" role="region" aria-label="{0}"><table class="data corridors" )"
    R"(data-table="{1}">)",
    escape_html(title), escape_html(id));
  const bool any_services = std::ranges::any_of(rows, [](const CorridorRow& r) { return r.source == "services"; });
  const size_t columns = any_services ? k_columns : k_published_column_count;
  out += header_row(false, columns) + "<tbody>\n";
  for (const auto& r : rows) {
    out += corridor_row(r, names_of(r), columns);
  }
  return out + "</tbody></table></div>\n" + (folded ? "</details>\n" : "");
}

std::string
all_corridors_html(const Report& report, std::string_view source)
{
  const auto rows = corridors_by_sender(report.corridors.all, source);
  if (rows.empty()) {
    return "";
  }
  const bool published = source != "services";
  const size_t columns = published ? k_published_column_count : k_columns;
  const std::string id = published ? "published-corridors" : "all-corridors";
  std::string out =
    published
      ? fmt::format("<h3 id=\"published-corridor-list\">Corridors with only the World Bank's published value "
                    "({}), by sending country</h3>\n<p class=\"muted\">No service rows this quarter: DataBank's "
                    "corridor average is all there is, so only its columns are shown.</p>\n",
                    rows.size())
      : fmt::format("<h3 id=\"every-corridor\">Every corridor with service rows ({}), by sending country</h3>\n"
                    "<p class=\"muted\">Ordered by sending and receiving country. Click a column heading "
                    "to sort the corridors of each country by it; click again to reverse.</p>\n",
                    rows.size());
  out += fmt::format("<div class=\"table-wrap\" role=\"region\" aria-label=\"{}\"><table class=\"data corridors "
                     "sortable\" id=\"{}\" data-table=\"{}\">",
                     published ? "Corridors with only a published value" : "Every corridor", id,
                     published ? "published_corridors" : "all_corridors")
         + header_row(true, columns) + "\n";
  for (size_t i = 0; i < rows.size();) {
    size_t end = i;
    while (end < rows.size() && rows[end]->corridor.sender == rows[i]->corridor.sender) {
      ++end;
    }
    out +=
      fmt::format(
        R"(<tbody><tr class="group"><th colspan="{}" scope="rowgroup">{} <span class="code">{}</span> · )"
        R"({} corridor{}</th></tr>)",
        columns, escape_html(rows[i]->sender_name), escape_html(rows[i]->corridor.sender),
        end - i, end - i == 1 ? "" : "s")
      + "\n";
    for (; i < end; ++i) {
      out += corridor_row(*rows[i], "to " + rows[i]->receiver_name, columns);
    }
    out += "</tbody>\n";
  }
  return out + "</table></div>\n";
}

std::string
appendix_html(const Report& report, const std::string& title)
{
  std::string out = fmt::format("<section id=\"appendix\">\n<h2>{}</h2>\n", escape_html(title));
  out += all_corridors_html(report, "services");
  out += all_corridors_html(report, "databank");
  bool heading = false;
  for (const auto& t : report.targets) {
    if (t.corridors_above.empty()) {
      continue;
    }
    if (!heading) {
      out += "<h3 id=\"target-lists\">Corridors above the targets' limits</h3>\n";
      heading = true;
    }
    out += target_list(report, t);
  }
  return out + "</section>\n";
}

// Sorts the rows of each <tbody> of each table.sortable by the clicked column's
// data-KEY attribute (numbers as numbers), missing values last. The buttons
// are added by the script itself, so without script nothing looks clickable.
// Before printing it opens every folded list (<details>).
const char* const k_sort_script = R"JS(
(function () {
  document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('thead th[data-key]').forEach(function (th) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent;
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var key = th.dataset.key, up = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      table.querySelectorAll('tbody').forEach(function (group) {
        var rows = Array.prototype.slice.call(group.querySelectorAll('tr.corridor'));
        rows.sort(function (a, b) {
          var x = a.dataset[key], y = b.dataset[key];
          if (x === undefined || y === undefined) return (x === undefined) - (y === undefined);
          var d = isNaN(x) || isNaN(y) ? x.localeCompare(y) : x - y;
          return up ? d : -d;
        });
        rows.forEach(function (row) { group.appendChild(row); });
      });
    });
  });
  });
  // A printed report shows the folded lists too.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();
)JS";

} // namespace rw::reports
