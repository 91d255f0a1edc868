// The corridor explorer: every corridor of a quarter with its average, as
// the report computes it, filtered and sorted on the server (a GET form and
// links that work without script) and again at once by the inline script.

#include "reports/render.hpp"
#include "reports/report.hpp"
#include "reports/report_tables.hpp"
#include "util/text.hpp"
#include "web/page_layout.hpp"
#include "web/pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace rw::web {

namespace {

using reports::CorridorRow;
using reports::escape_html;

// Filters the form and the script apply; sort keys the headings offer.
struct Filter
{
  std::optional<std::string> sender, receiver, region, search;
  bool above_5 = false;
  std::string sort = "corridor";
  bool descending = false;
};

constexpr std::array<std::pair<const char*, const char*>, 6> k_columns = {{{"corridor", "Corridor"},
                                                                           {"average", "Average %"},
                                                                           {"change", "Change pp"},
                                                                           {"cheapest", "Cheapest %"},
                                                                           {"smart", "SmaRT %"},
                                                                           {"services", "Services"}}};

util::Expected<Filter>
read_filter(const PageRequest& request, const corridors::Catalogue& catalogue)
{
  Filter f;
  auto sender = country_parameter(request, catalogue, "sender");
  auto receiver = country_parameter(request, catalogue, "receiver");
  if (!sender || !receiver) {
    return std::unexpected(!sender ? sender.error() : receiver.error());
  }
  f.sender = *sender;
  f.receiver = *receiver;
  if (auto region = parameter(request, "region")) {
    if (!corridors::parse_region(*region)) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("?region={}: not a region (eap, eca, lac, mena, na, sa, ssa)", *region));
    }
    f.region = *region;
  }
  if (auto search = parameter(request, "q")) {
    f.search = util::to_lower(*search);
  }
  f.above_5 = parameter(request, "above5").has_value();
  f.sort = parameter(request, "sort").value_or("corridor");
  if (std::ranges::none_of(k_columns, [&](const auto& c) { return f.sort == c.first; })) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("?sort={}: sort by corridor, average, change, cheapest, smart or services", f.sort));
  }
  f.descending = parameter(request, "dir") == "desc";
  return f;
}

std::string
region_of(const corridors::Catalogue& catalogue, const std::string& iso3)
{
  const auto* country = catalogue.find_country(iso3);
  return country != nullptr ? std::string(corridors::to_string(country->region)) : "";
}

std::string
search_text(const CorridorRow& row)
{
  return util::to_lower(fmt::format("{} {} {}", row.corridor.to_string(), row.sender_name, row.receiver_name));
}

bool
kept(const Filter& f, const corridors::Catalogue& catalogue, const CorridorRow& row)
{
  return (!f.sender || row.corridor.sender == *f.sender) && (!f.receiver || row.corridor.receiver == *f.receiver)
         && (!f.region || region_of(catalogue, row.corridor.receiver) == *f.region) && (!f.above_5 || row.average > 5)
         && (!f.search || search_text(row).find(*f.search) != std::string::npos);
}

// The sort value of a row: missing values sort last either way.
std::optional<double>
sort_value(const CorridorRow& row, const std::string& key)
{
  if (key == "average") {
    return row.average;
  }
  if (key == "change") {
    return row.change_pp;
  }
  if (key == "cheapest") {
    return row.cheapest;
  }
  if (key == "smart") {
    return row.smart;
  }
  return key == "services" ? std::optional(static_cast<double>(row.services)) : std::nullopt;
}

void
sort_rows(std::vector<const CorridorRow*>& rows, const Filter& f)
{
  if (f.sort == "corridor") {
    if (f.descending) {
      std::ranges::reverse(rows);
    }
    return;
  }
  std::ranges::stable_sort(rows, [&](const CorridorRow* a, const CorridorRow* b) {
    const auto x = sort_value(*a, f.sort);
    const auto y = sort_value(*b, f.sort);
    if (!x || !y) {
      return x.has_value() && !y.has_value();
    }
    return f.descending ? *x > *y : *x < *y;
  });
}

std::string
options_html(const std::set<std::pair<std::string, std::string>>& choices, const std::optional<std::string>& chosen)
{
  std::string out = R"(<option value="">any</option>)";
  for (const auto& [name, code] : choices) {
    out += fmt::format(R"(<option value="{}"{}>{}</option>)", escape_html(code), chosen == code ? " selected" : "",
                       escape_html(name));
  }
  return out;
}

std::string
form_html(const PageRequest& request, const corridors::Catalogue& catalogue, const Filter& f,
          const std::vector<CorridorRow>& all, corridors::Quarter quarter)
{
  std::set<std::pair<std::string, std::string>> senders, receivers, regions;
  for (const auto& row : all) {
    senders.emplace(row.sender_name, row.corridor.sender);
    receivers.emplace(row.receiver_name, row.corridor.receiver);
    if (const auto* c = catalogue.find_country(row.corridor.receiver)) {
      regions.emplace(std::string(corridors::display_name(c->region)), std::string(corridors::to_string(c->region)));
    }
  }
  return fmt::format(
    R"(<form class="filters" id="corridor-filters" method="get" action="{}">)"
    R"(<input type="hidden" name="quarter" value="{}">)"
    R"(<label>Sending country <select name="sender">{}</select></label>)"
    R"(<label>Receiving country <select name="receiver">{}</select></label>)"
    R"(<label>Receiving region <select name="region">{}</select></label>)"
    R"(<label class="check"><input type="checkbox" name="above5" value="1"{}> above 5 % only</label>)"
    R"(<label>Search <input type="search" name="q" value="{}" placeholder="code or country"></label>)"
    R"(<button type="submit">Apply</button></form>)"
    "\n",
    href(request, "/corridors"), quarter.to_string(), options_html(senders, f.sender), options_html(receivers, f.receiver),
    options_html(regions, f.region), f.above_5 ? " checked" : "",
    escape_html(parameter(request, "q").value_or("")));
}

// A heading that sorts by its column: a link without script, at once with it.
std::string
heading_html(const PageRequest& request, const Filter& f, const char* key, const char* label)
{
  std::vector<std::pair<std::string, std::string>> query;
  for (const auto& [name, value] : request.query) {
    if (name != "sort" && name != "dir" && !value.empty()) {
      query.emplace_back(name, value);
    }
  }
  const bool current = f.sort == key;
  query.emplace_back("sort", key);
  query.emplace_back("dir", current && !f.descending ? "desc" : "asc");
  return fmt::format(R"(<th scope="col" data-key="{}"{}><a href="{}">{}</a></th>)", key,
                     current ? (f.descending ? R"( aria-sort="descending")" : R"( aria-sort="ascending")") : "",
                     href(request, "/corridors" + query_string(query)), label);
}

std::string
row_html(const PageRequest& request, const corridors::Catalogue& catalogue, const CorridorRow& row)
{
  const std::string code = row.corridor.to_string();
  const auto number = [](std::optional<double> v) { return v ? fmt::format("{:.4f}", *v) : std::string(); };
  return fmt::format(
    R"(<tr class="corridor" data-sender="{}" data-receiver="{}" data-region="{}" data-search="{}" )"
    R"(data-average="{}" data-change="{}" data-cheapest="{}" data-smart="{}" data-services="{}">)"
    R"(<th scope="row"><a class="code" href="{}">{}</a><span class="names">{} → {}</span></th>)"
    R"(<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>)"
    R"(<td class="num">{}</td><td>{}</td></tr>)"
    "\n",
    escape_html(row.corridor.sender), escape_html(row.corridor.receiver),
    escape_html(region_of(catalogue, row.corridor.receiver)), escape_html(search_text(row)), number(row.average),
    number(row.change_pp), number(row.cheapest), number(row.smart), row.services, href(request, "/corridors/" + code),
    escape_html(code), escape_html(row.sender_name), escape_html(row.receiver_name),
    reports::format_percent(row.average), reports::format_pp(row.change_pp), reports::format_percent(row.cheapest),
    reports::format_percent(row.smart), row.source == "databank" ? "" : std::to_string(row.services),
    row.source == "databank" ? "DataBank (published)" : "computed from services");
}

std::string
table_html(const PageRequest& request, const corridors::Catalogue& catalogue, const Filter& f,
           const std::vector<const CorridorRow*>& rows)
{
  std::string out = R"(<div class="table-wrap"><table class="data corridors sortable" id="corridor-table"><thead><tr>)";
  for (const auto& [key, label] : k_columns) {
    out += heading_html(request, f, key, label);
  }
  out += R"(<th scope="col">Source</th></tr></thead><tbody>)"
         "\n";
  for (const auto* row : rows) {
    out += row_html(request, catalogue, *row);
  }
  return out + "</tbody></table></div>\n";
}

// Filters as the form changes and sorts on a heading's click, without a
// request; the server does the same from the form and the links.
constexpr const char* k_explorer_script = R"JS(
(function () {
  var form = document.getElementById('corridor-filters');
  var table = document.getElementById('corridor-table');
  var count = document.getElementById('corridor-count');
  if (!form || !table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function apply() {
    var s = form.elements.sender.value, r = form.elements.receiver.value, g = form.elements.region.value;
    var above = form.elements.above5.checked, q = form.elements.q.value.toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var keep = (!s || d.sender === s) && (!r || d.receiver === r) && (!g || d.region === g) &&
                 (!above || parseFloat(d.average) > 5) && (!q || d.search.indexOf(q) !== -1);
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    if (count) count.textContent = String(shown);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  table.querySelectorAll('th[data-key] a').forEach(function (link) {
    link.addEventListener('click', function (e) {
      e.preventDefault();
      var th = link.parentElement, key = th.dataset.key;
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      table.querySelectorAll('th[data-key]').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      var value = function (row) {
        if (key === 'corridor') return null;
        var v = row.dataset[key];
        return v === '' ? NaN : parseFloat(v);
      };
      rows.sort(function (a, b) {
        if (key === 'corridor') return dir * (a.dataset.sender + a.dataset.receiver < b.dataset.sender + b.dataset.receiver ? -1 : 1);
        var x = value(a), y = value(b);
        if (isNaN(x) || isNaN(y)) return isNaN(x) - isNaN(y);
        return dir * (x - y);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
)JS";

} // namespace

util::Expected<std::string>
corridors_page(store::Database& database, const corridors::Catalogue& catalogue, const PageRequest& request)
{
  auto quarter = quarter_parameter(request);
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  auto filter = read_filter(request, catalogue);
  if (!filter) {
    return std::unexpected(filter.error());
  }
  reports::ReportOptions options;
  options.quarter = *quarter;
  auto report = reports::build_report(database, catalogue, options);
  if (!report) {
    return std::unexpected(without_path(database, report.error()));
  }
  std::vector<const CorridorRow*> rows;
  for (const auto& row : report->corridors.all) {
    if (kept(*filter, catalogue, row)) {
      rows.push_back(&row);
    }
  }
  sort_rows(rows, *filter);
  const std::string q = report->quarter.to_string();
  std::string body = form_html(request, catalogue, *filter, report->corridors.all, report->quarter);
  body += fmt::format("<p><span id=\"corridor-count\">{}</span> of {} corridors with a value in {} (USD 200); "
                      "averages as the report computes them, from services where stored, else DataBank's "
                      "published value.</p>\n",
                      rows.size(), report->corridors.all.size(), q);
  body += table_html(request, catalogue, *filter, rows);
  std::vector<std::pair<std::string, std::string>> api_query = {{"quarter", q}};
  for (const auto& name : {"sender", "receiver"}) {
    if (auto value = parameter(request, name)) {
      api_query.emplace_back(name, *value);
    }
  }
  const std::string json_path = "/api/v1/corridors" + query_string(api_query);
  api_query.emplace_back("format", "csv");
  const std::string csv_path = "/api/v1/corridors" + query_string(api_query);
  PageParts parts{.title = fmt::format("Corridors, {}", q),
                  .active = NavItem::corridors,
                  .body = std::move(body),
                  .data = {{"JSON", json_path}, {"CSV", csv_path}},
                  .script = k_explorer_script,
                  .report_quarter = report->quarter};
  return render_page(database, request, parts);
}

} // namespace rw::web
