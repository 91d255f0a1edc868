// What the store holds: the figures of `remitwatch db info`, the imports and
// collections, and the benchmark rates with their staleness.

#include "calculator/cost.hpp"
#include "reports/render.hpp"
#include "store/dump.hpp"
#include "store/queries.hpp"
#include "store/schema.hpp"
#include "util/time.hpp"
#include "web/page_layout.hpp"
#include "web/pages.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

namespace rw::web {

namespace {

using reports::escape_html;

struct StatusData
{
  store::PeriodCoverage quotes, series;
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::vector<store::RunSummary> runs;
  std::vector<store::BenchmarkCoverage> benchmarks;
};

util::Expected<StatusData>
load_status(store::Database& database)
{
  auto quotes = store::quote_periods(database);
  auto series = store::series_periods(database);
  auto counts = store::table_counts(database);
  auto runs = store::load_runs(database);
  auto benchmarks = store::benchmark_coverage(database);
  for (const util::Error* e : {quotes ? nullptr : &quotes.error(), series ? nullptr : &series.error(),
                               counts ? nullptr : &counts.error(), runs ? nullptr : &runs.error(),
                               benchmarks ? nullptr : &benchmarks.error()}) {
    if (e != nullptr) {
      return std::unexpected(*e);
    }
  }
  return StatusData{*quotes, *series, std::move(*counts), std::move(*runs), std::move(*benchmarks)};
}

std::string
period_text(const store::PeriodCoverage& coverage)
{
  return coverage.quarters == 0 ? "none"
                                : fmt::format("{} quarters, {} to {}", coverage.quarters, coverage.first, coverage.last);
}

std::string
coverage_html(const StatusData& d)
{
  std::string out = fmt::format("<section id=\"coverage\">\n<h2>Coverage</h2>\n<table class=\"data\" id=\"coverage-table\">"
                                "<tbody><tr><th scope=\"row\">Quotes</th><td>{}</td></tr>"
                                "<tr><th scope=\"row\">Published series (DataBank)</th><td>{}</td></tr>"
                                "<tr><th scope=\"row\">Schema version</th><td>{}</td></tr>",
                                escape_html(period_text(d.quotes)), escape_html(period_text(d.series)),
                                store::schema_version());
  for (const auto& [table, count] : d.counts) {
    out += fmt::format("<tr><th scope=\"row\">rows in <span class=\"code\">{}</span></th><td class=\"num\">{}</td></tr>",
                       escape_html(table), count);
  }
  return out + "</tbody></table>\n<p class=\"muted\">The integrity check is left to <code>remitwatch db info</code>: "
               "on SQLite it reads the whole file.</p>\n</section>\n";
}

std::string
runs_html(const std::vector<store::RunSummary>& runs)
{
  std::string out = "<section id=\"runs\">\n<h2>Imports and collections</h2>\n";
  if (runs.empty()) {
    return out + "<p class=\"muted\">None recorded.</p>\n</section>\n";
  }
  out += R"(<div class="table-wrap"><table class="data" id="runs-table"><thead><tr><th scope="col">Started</th>)"
         R"(<th scope="col">Kind</th><th scope="col">Source and input</th><th scope="col">Status</th>)"
         R"(<th scope="col">Rows</th></tr></thead><tbody>)"
         "\n";
  for (const auto& r : runs) {
    out += fmt::format(
      R"(<tr><td class="code">{}</td><td>{}</td><td class="wrap">{}<span class="names">{}</span></td><td>{}{}</td>)"
      R"(<td>{} read, {} new, {} updated, {} unchanged, {} rejected, {} flagged</td></tr>)"
      "\n",
      escape_html(r.started_at), escape_html(r.kind), escape_html(r.source),
      escape_html(std::filesystem::path(r.input).filename().string()), escape_html(r.status),
      r.message.empty() ? "" : "<span class=\"names\">" + escape_html(r.message) + "</span>", r.rows_read, r.imported,
      r.updated, r.unchanged, r.rejected, r.flagged);
  }
  return out + "</tbody></table></div>\n</section>\n";
}

// Stale: the newest rate more than k_report_benchmark_stale_days before the
// end of the latest quarter with quotes (the report's rule, without a clock).
std::string
benchmarks_html(const StatusData& d)
{
  std::string out = "<section id=\"benchmarks\">\n<h2>Benchmark rates</h2>\n";
  if (d.benchmarks.empty()) {
    return out + "<p class=\"muted\">No benchmark rates stored; quotes carry the benchmark their source gave.</p>\n"
                 "</section>\n";
  }
  const auto last = corridors::Quarter::parse(d.quotes.last);
  out += R"(<table class="data" id="benchmarks-table"><thead><tr><th scope="col">Source</th><th scope="col">Base</th>)"
         R"(<th scope="col">Newest day</th><th scope="col">Currencies</th><th scope="col">Fresh?</th></tr></thead><tbody>)";
  for (const auto& b : d.benchmarks) {
    std::string verdict = "n/a (no quotes)";
    auto day = util::parse_timestamp(b.latest_day + "T00:00:00Z");
    if (last && day) {
      const auto age = (date::sys_days(last->last_day()) - std::chrono::floor<date::days>(*day)).count();
      verdict = age > calculator::k_report_benchmark_stale_days
                  ? fmt::format("<span class=\"up\">stale: {} days before the end of {}</span>", age, last->to_string())
                  : fmt::format("fresh for {}", last->to_string());
    }
    out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"code\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                       escape_html(b.source), escape_html(b.base), escape_html(b.latest_day), b.currencies, verdict);
  }
  return out + "</tbody></table>\n</section>\n";
}

} // namespace

util::Expected<std::string>
status_page(store::Database& database, const corridors::Catalogue& /*catalogue*/, const PageRequest& request)
{
  auto data = load_status(database);
  if (!data) {
    return std::unexpected(data.error());
  }
  PageParts parts{.title = "Data status",
                  .active = NavItem::status,
                  .body = coverage_html(*data) + runs_html(data->runs) + benchmarks_html(*data),
                  .data = {{"health (JSON)", "/api/v1/health"}},
                  .script = {},
                  .report_quarter = std::nullopt};
  return render_page(database, request, parts);
}

} // namespace rw::web
