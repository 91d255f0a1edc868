// One corridor: datasets::corridor_view (what `remitwatch corridor` prints)
// as a page — services cheapest first, the non-transparent apart, the
// corridor's figures and its trend chart beside DataBank's values.

#include "corridors/speed.hpp"
#include "datasets/corridor_view.hpp"
#include "reports/chart.hpp"
#include "reports/render.hpp"
#include "reports/report_tables.hpp"
#include "web/corridor_json.hpp"
#include "web/page_layout.hpp"
#include "web/pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ranges>

namespace rw::web {

namespace {

using reports::escape_html;
using reports::format_percent;

std::string
services_html(const std::vector<datasets::ServiceRow>& rows, const std::string& id, bool ranked)
{
  std::string out = fmt::format(R"(<div class="table-wrap"><table class="data" id="{}"><thead><tr>{})"
                                R"(<th scope="col">Provider</th><th scope="col">Type</th><th scope="col">Fee %</th>)"
                                R"(<th scope="col">FX margin %</th><th scope="col">Total %</th>)"
                                R"(<th scope="col">Speed</th><th scope="col">Transparent</th></tr></thead><tbody>)"
                                "\n",
                                id, ranked ? R"(<th scope="col">Rank</th>)" : "");
  for (const auto& row : rows) {
    out += fmt::format(R"(<tr class="provider" data-total="{:.6f}">{}<th scope="row">{}</th><td>{}</td>)"
                       R"(<td class="num">{}</td><td class="num">{}</td><td class="num total">{}</td><td>{}</td>)"
                       R"(<td>{}</td></tr>)"
                       "\n",
                       row.total_cost_pct, ranked ? fmt::format(R"(<td class="num">{}</td>)", row.rank) : "",
                       escape_html(row.label), escape_html(datasets::firm_type_words(row.firm_type)),
                       format_percent(row.fee_pct), format_percent(row.fx_margin_pct),
                       format_percent(row.total_cost_pct), escape_html(speed_words(row.speed)),
                       row.transparent ? "yes" : "no");
  }
  return out + "</tbody></table></div>\n";
}

std::string
figures_html(const datasets::CorridorView& view)
{
  const auto& f = view.figures;
  std::optional<double> databank;
  for (const auto& point : view.trend) {
    if (point.quarter == view.quarter) {
      databank = point.databank;
    }
  }
  return fmt::format(
    R"(<div class="cards"><div class="card lead"><div class="label">Corridor average</div><div class="value">{}</div>)"
    R"(<div class="coverage">{} transparent services</div></div>)"
    R"(<div class="card"><div class="label">SmaRT</div><div class="value">{}</div><div class="coverage">{}</div></div>)"
    R"(<div class="card"><div class="label">Cheapest</div><div class="value">{}</div><div class="coverage">{}</div></div>)"
    R"(<div class="card"><div class="label">Spread (average − cheapest)</div><div class="value">{}</div></div>)"
    R"(<div class="card"><div class="label">DataBank, published</div><div class="value">{}</div>)"
    R"(<div class="coverage">{}</div></div></div>)"
    "\n",
    f.average ? format_percent(f.average) + " %" : "n/a", f.services,
    f.smart.value ? format_percent(f.smart.value) + " %" : "n/a",
    f.smart.value ? fmt::format("mean of the {} cheapest qualifying{}", std::min<size_t>(f.smart.qualifying, 3),
                                f.smart.fewer_than_three ? " (fewer than three)" : "")
                  : "no qualifying service",
    f.cheapest ? format_percent(f.cheapest) + " %" : "n/a", escape_html(f.cheapest_provider),
    f.spread ? reports::format_pp(f.spread) + " pp" : "n/a", databank ? format_percent(databank) + " %" : "n/a",
    view.amount_usd == 200 ? "ATCR.CORR for this quarter" : "published for USD 200 only");
}

std::string
trend_html(const datasets::CorridorView& view)
{
  reports::TimeChart chart{.id = "chart-corridor-trend",
                           .title = fmt::format("{} over time, with the 5 % and 3 % targets", view.corridor.to_string()),
                           .y_title = "Total cost, % of amount sent",
                           .caption = fmt::format("Total cost of sending USD {} from {} to {} by quarter, percent of "
                                                  "the amount sent, quarters to scale; computed from stored quotes, "
                                                  "and DataBank's published corridor average (USD 200) where "
                                                  "published. Dashed lines: the 5 % and 3 % targets.",
                                                  view.amount_usd, view.sender_name, view.receiver_name),
                           .series = {},
                           .extent = std::nullopt};
  const auto add = [&](const char* css, const char* label, const char* colour, bool dashed, auto read) {
    reports::TimeSeries s{.css = css, .label = label, .colour = colour, .dashed = dashed, .points = {}};
    for (const auto& point : view.trend) {
      if (const std::optional<double> v = read(point)) {
        s.points.emplace_back(point.quarter, *v);
      }
    }
    if (!s.points.empty()) {
      chart.series.push_back(std::move(s));
    }
  };
  using P = datasets::TrendPoint;
  add("average", "Corridor average", "#0969da", false, [](const P& p) { return p.average; });
  add("cheapest", "Cheapest service", "#1a7f37", true, [](const P& p) { return p.cheapest; });
  add("smart", "SmaRT", "#bf3989", false, [](const P& p) { return p.smart; });
  add("databank", "DataBank, published", "#6e7781", false, [](const P& p) { return p.databank; });
  return reports::time_chart(chart);
}

// Links to the other amount and to the quarters with quotes.
std::string
choices_html(const PageRequest& request, const datasets::CorridorView& view, const std::vector<corridors::Quarter>& quarters)
{
  const std::string path = "/corridors/" + view.corridor.to_string();
  const std::string q = view.quarter.to_string();
  std::string out = "<p class=\"choices\">Amount: ";
  for (const int amount : {200, 500}) {
    out += amount == view.amount_usd
             ? fmt::format("<strong>USD {}</strong> ", amount)
             : fmt::format(R"(<a href="{}">USD {}</a> )", href(request, path + query_string({{"quarter", q}, {"amount", std::to_string(amount)}})), amount);
  }
  out += "· Quarter: ";
  for (const auto& quarter : std::ranges::reverse_view(quarters)) {
    const std::string text = quarter.to_string();
    out += quarter == view.quarter ? fmt::format("<strong>{}</strong> ", text)
                               : fmt::format(R"(<a href="{}">{}</a> )",
                                             href(request, path + query_string({{"quarter", text}, {"amount", std::to_string(view.amount_usd)}})), text);
  }
  return out + "</p>\n";
}

std::string
corridor_body(const PageRequest& request, const datasets::CorridorView& view, const std::vector<corridors::Quarter>& quarters)
{
  std::string out = fmt::format("<p class=\"muted\">{} ({}) → {} ({}) · USD {} · {}</p>\n", escape_html(view.sender_name),
                                escape_html(view.corridor.sender), escape_html(view.receiver_name),
                                escape_html(view.corridor.receiver), view.amount_usd, view.quarter.to_string());
  out += choices_html(request, view, quarters);
  if (quarters.empty()) {
    out += fmt::format("<p class=\"note\">No USD {} quotes are stored for this corridor; the trend shows DataBank's "
                       "published values only.</p>\n",
                       view.amount_usd);
  } else {
    out += figures_html(view);
    out += "<section id=\"providers\">\n<h2>Providers, cheapest first</h2>\n";
    out += view.ranked.empty() ? "<p class=\"muted\">No transparent service this quarter.</p>\n"
                               : services_html(view.ranked, "providers-table", true);
    if (!view.non_transparent.empty()) {
      out += "<h3>Not transparent</h3>\n<p class=\"muted\">Fees or rates not disclosed: never ranked or "
             "averaged.</p>\n"
             + services_html(view.non_transparent, "non-transparent-table", false);
    }
    out += "</section>\n";
  }
  return out + "<section id=\"trend\">\n<h2>Trend</h2>\n" + trend_html(view) + "</section>\n";
}

util::Expected<void>
check_corridor(const corridors::Catalogue& catalogue, const corridors::CorridorKey& corridor)
{
  for (const auto& code : {corridor.sender, corridor.receiver}) {
    if (catalogue.find_country(code) == nullptr) {
      return util::make_error(util::ErrorKind::not_found,
                              fmt::format("corridor {}: {} is not a country in the catalogue", corridor.to_string(), code));
    }
  }
  return {};
}

} // namespace

util::Expected<std::string>
corridor_page(store::Database& database, const corridors::Catalogue& catalogue, const corridors::CorridorKey& corridor,
              const PageRequest& request)
{
  auto quarter = quarter_parameter(request);
  auto amount = amount_parameter(request);
  if (!quarter || !amount) {
    return std::unexpected(!quarter ? quarter.error() : amount.error());
  }
  if (auto known = check_corridor(catalogue, corridor); !known) {
    return std::unexpected(known.error());
  }
  auto data = datasets::load_corridor_data(database, corridor, *amount, [](const std::string&) {});
  if (!data) {
    return std::unexpected(data.error());
  }
  const auto quarters = datasets::quote_quarters(*data);
  const std::string code = corridor.to_string();
  if (quarters.empty() && data->databank.empty() && catalogue.find_corridor(corridor) == nullptr) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("corridor {}: not in the catalogue and no data stored", code));
  }
  if (*quarter && std::ranges::find(quarters, **quarter) == quarters.end()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("corridor {}: no USD {} quotes in {}{}", code, *amount, (*quarter)->to_string(),
                                        quarters.empty() ? std::string()
                                                         : fmt::format("; quarters with quotes: {} to {}",
                                                                       quarters.front().to_string(), quarters.back().to_string())));
  }
  const corridors::Quarter chosen = *quarter     ? **quarter
                                    : !quarters.empty() ? quarters.back()
                                    : !data->databank.empty() ? data->databank.rbegin()->first
                                                              : corridors::Quarter(2000, 1);
  const auto view = datasets::corridor_view(*data, chosen, catalogue);
  const std::string api = "/api/v1/corridors/" + code;
  const std::vector<std::pair<std::string, std::string>> parameters = {{"quarter", chosen.to_string()},
                                                                       {"amount", std::to_string(*amount)}};
  auto as_csv = parameters;
  as_csv.emplace_back("format", "csv");
  PageParts parts{.title = fmt::format("{} → {}", view.sender_name, view.receiver_name),
                  .active = NavItem::corridors,
                  .body = corridor_body(request, view, quarters),
                  .data = {{"JSON", api + query_string(parameters)},
                           {"CSV", api + query_string(as_csv)},
                           {"trend as JSON", api + "/series"},
                           {"trend as CSV", api + "/series?format=csv"}},
                  .script = {},
                  .report_quarter = std::nullopt};
  return render_page(database, request, parts);
}

} // namespace rw::web
