// The overview: the report's headline, targets, trend and channels for one
// quarter, drawn with the report's own HTML pieces.

#include "reports/chart.hpp"
#include "reports/html_parts.hpp"
#include "reports/render.hpp"
#include "reports/report.hpp"
#include "reports/report_tables.hpp"
#include "web/page_layout.hpp"
#include "web/pages.hpp"

#include <fmt/format.h>

namespace rw::web {

namespace {

// A GET form choosing the quarter among those with data (the report's history).
std::string
quarter_form(const PageRequest& request, const reports::Report& report)
{
  std::string options;
  for (auto it = report.history.rbegin(); it != report.history.rend(); ++it) {
    if (it->computed_basis.empty()) {
      continue;
    }
    const std::string q = it->quarter.to_string();
    options += fmt::format(R"(<option value="{0}"{1}>{0}</option>)", q, it->quarter == report.quarter ? " selected" : "");
  }
  return fmt::format(R"(<form class="filters" method="get" action="{}"><label>Quarter <select name="quarter">{}</select>)"
                     R"(</label><button type="submit">Show</button></form>)"
                     "\n",
                     href(request, "/"), options);
}

std::string
overview_body(const PageRequest& request, const reports::Report& report)
{
  const std::string q = report.quarter.to_string();
  std::string out = quarter_form(request, report);
  if (!report.headline.summary.empty()) {
    out += fmt::format("<p class=\"summary{}\">{}</p>\n", report.headline.partial_sample ? " note" : "",
                       reports::escape_html(report.headline.summary));
  }
  out += "<section id=\"headline\">\n<h2>Headline</h2>\n" + reports::headline_cards_html(report) + "</section>\n";
  // The targets' corridor lists are in the full report's appendix.
  std::string targets = reports::targets_html(report);
  const std::string local = "href=\"#appendix-";
  const std::string remote = fmt::format("href=\"{}#appendix-", href(request, "/report/" + q));
  for (auto at = targets.find(local); at != std::string::npos; at = targets.find(local, at + remote.size())) {
    targets.replace(at, local.size(), remote);
  }
  out += "<section id=\"targets\">\n<h2>Targets and the projection to 2030</h2>\n" + targets + "</section>\n";
  out += "<section id=\"history\">\n<h2>Trend</h2>\n" + reports::trend_chart(report) + "</section>\n";
  out += "<section id=\"channels\">\n<h2>Channels</h2>\n" + reports::channel_chart(report) + "</section>\n";
  out += fmt::format(R"(<p>More: <a href="{}">the full report for {}</a> · <a href="{}">every corridor</a>.</p>)"
                     "\n",
                     href(request, "/report/" + q), q, href(request, "/corridors" + query_string({{"quarter", q}})));
  return out;
}

} // namespace

util::Expected<std::string>
overview_page(store::Database& database, const corridors::Catalogue& catalogue, const PageRequest& request)
{
  auto quarter = quarter_parameter(request);
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  reports::ReportOptions options;
  options.quarter = *quarter;
  auto report = reports::build_report(database, catalogue, options);
  if (!report) {
    if (*quarter) {
      return std::unexpected(without_path(database, report.error()));
    }
    PageParts empty{.title = "Remittance costs",
                    .active = NavItem::overview,
                    .body = "<p class=\"note\">No data yet: import quotes or DataBank series "
                            "(<code>remitwatch import</code>), then reload this page.</p>\n",
                    .data = {},
                    .script = {},
                    .report_quarter = std::nullopt};
    return render_page(database, request, empty);
  }
  const std::string q = report->quarter.to_string();
  PageParts parts{.title = fmt::format("Remittance costs, {}", reports::report_subject(*report)),
                  .active = NavItem::overview,
                  .body = overview_body(request, *report),
                  .data = {{"JSON", "/api/v1/report/" + q}, {"CSV", "/api/v1/report/" + q + "?format=csv"}},
                  .script = {},
                  .report_quarter = report->quarter};
  return render_page(database, request, parts);
}

} // namespace rw::web
