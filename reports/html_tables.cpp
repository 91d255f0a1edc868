// The HTML report's headline cards, targets and imports tables
// (html_parts.hpp): written from the report itself rather than from the
// generic tables of report_tables, so that they fit a 1280 px window.

#include "reports/html_parts.hpp"
#include "reports/render.hpp"
#include "reports/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::reports {

namespace {

// ---- headline ---------------------------------------------------------------

std::string
card(const std::string& label, const Figure& figure, const Coverage& coverage, bool lead,
     const std::string& previous)
{
  std::string change;
  if (figure.change_previous_pp) {
    change = fmt::format(R"(<div class="change {}">{} pp{}</div>)",
                         *figure.change_previous_pp > 0 ? "up" : "down",
                         format_pp(figure.change_previous_pp),
                         previous.empty() ? "" : " vs " + escape_html(previous));
  }
  const std::string covers = coverage_text(coverage);
  return fmt::format(
    R"(<div class="card{}"><div class="label">{}</div><div class="value">{}{}</div>{}{}</div>)",
    lead ? " lead" : "", escape_html(label), format_percent(figure.value), figure.value ? " %" : "",
    change,
    covers.empty() ? "" : fmt::format(R"(<div class="coverage">{}</div>)", escape_html(covers)));
}

struct CardSpec
{
  std::string key, label;
  const Figure* figure;
  const Coverage* coverage;
};

// The cards in the order shown: the lead first.
std::vector<CardSpec>
card_specs(const Report& report)
{
  const Headline& h = report.headline;
  std::vector<CardSpec> cards;
  if (h.basis == Basis::services) {
    const std::string label = h.partial_sample ? "Average of the services held (a sample)"
                              : report.global  ? "Global average"
                                               : "Average of services";
    cards.push_back({"global", label, &h.global, &h.global_coverage});
  }
  if (h.weighted_shown) {
    cards.push_back({"weighted", "Weighted average (by flow)", &h.weighted, &h.weighted_coverage});
  }
  if (h.basis == Basis::services) {
    cards.push_back(
      {"smart", report.global ? "SmaRT (global)" : "SmaRT", &h.smart, &h.smart_coverage});
  }
  cards.push_back({"mean_of_corridor_averages", "Mean of corridor averages",
                   &h.mean_of_corridor_averages, &h.mean_coverage});
  const auto lead = std::ranges::find(cards, h.lead, &CardSpec::key);
  if (lead != cards.end()) {
    std::rotate(cards.begin(), lead, lead + 1);
  }
  return cards;
}

// ---- targets ----------------------------------------------------------------

std::string
value_text(std::optional<double> value, const std::string& unit)
{
  if (!value) {
    return "n/a";
  }
  if (unit == "corridors") {
    return fmt::format("{:.0f} corridors", *value);
  }
  return fmt::format("{} {}", format_percent(value), unit);
}

// Three lines: where the measure started, where it is, where it must be.
std::string
progress_html(const TargetRow& t)
{
  const std::string baseline = t.baseline ? fmt::format("{} in {}", value_text(t.baseline, t.unit),
                                                        t.baseline_period.to_string())
                                          : "no baseline value";
  return fmt::format("{}<br>→ {} now<br>→ {} by {}", escape_html(baseline),
                     escape_html(value_text(t.current, t.unit)),
                     escape_html(value_text(t.target, t.unit)),
                     escape_html(t.deadline.to_string()));
}

std::string
status_html(const TargetRow& t)
{
  std::string status = !t.on_track   ? "Cannot be assessed"
                       : *t.on_track ? "<strong>Yes</strong>"
                                     : "<strong>No</strong>";
  if (t.on_track && t.deadline_passed) {
    status += " (deadline passed)";
  }
  if (t.share_achieved) {
    status += fmt::format(R"(<span class="names">{:.0f} % of the reduction achieved</span>)",
                          *t.share_achieved * 100);
  }
  return status;
}

// The line under a target: its note and, for corridor targets, how many
// corridors are above the limit with a link to their list.
std::string
target_note(const TargetRow& t)
{
  std::vector<std::string> parts;
  if (!t.corridors_above.empty()) {
    parts.push_back(fmt::format(
      R"(<a href="#appendix-{}">{} corridor{} above 5 %</a>, listed in the appendix)",
      escape_html(t.id), t.corridors_above.size(), t.corridors_above.size() == 1 ? "" : "s"));
  }
  if (!t.note.empty()) {
    parts.push_back("Note: " + escape_html(t.note));
  }
  if (parts.empty()) {
    return "";
  }
  return fmt::format("<tr class=\"note-row\"><td colspan=\"5\">{}</td></tr>\n",
                     fmt::join(parts, " · "));
}

std::string
rows_text(const RunNote& r)
{
  std::string text = fmt::format("{} read", r.rows_read);
  for (const auto& [count, what] :
       {std::pair{r.imported, "new"}, std::pair{r.updated, "updated"},
        std::pair{r.unchanged, "unchanged"}, std::pair{r.rejected, "rejected"},
        std::pair{r.flagged, "flagged"}}) {
    if (count != 0) {
      text += fmt::format(", {} {}", count, what);
    }
  }
  return text;
}

} // namespace

std::string
coverage_text(const Coverage& c)
{
  if (c.corridors == 0 && c.services == 0) {
    return "";
  }
  std::string text = c.quarter_corridors != 0 ? fmt::format("rests on {} of {} corridors",
                                                            c.corridors, c.quarter_corridors)
                                              : fmt::format("rests on {} corridors", c.corridors);
  if (c.share) {
    text += *c.share > 0 && *c.share < 1 ? " (under 1 %)" : fmt::format(" ({:.0f} %)", *c.share);
  }
  if (c.services != 0) {
    text += fmt::format(", {} services", c.services);
  }
  if (c.flow_share) {
    text += fmt::format(", {:.0f} % of known flows", *c.flow_share);
  }
  return text;
}

std::string
headline_cards_html(const Report& report)
{
  const Headline& h = report.headline;
  const auto specs = card_specs(report);
  std::string out = "<div class=\"cards\">";
  for (size_t i = 0; i < specs.size(); ++i) {
    out += card(specs[i].label, *specs[i].figure, *specs[i].coverage, i == 0 && !h.lead.empty(),
                h.previous ? h.previous->to_string() : "");
  }
  out += "</div>\n";
  if (!h.weighted_shown) {
    const std::string covers = coverage_text(h.weighted_coverage);
    out += fmt::format(
      "<p class=\"muted weighted-note\">Weighted average (by flow): {}{}. Not shown as a "
      "headline "
      "figure: it {}, under half of the corridors or of the flows.</p>\n",
      format_percent(h.weighted.value), h.weighted.value ? " %" : "",
      escape_html(covers.empty() ? "rests on too few corridors with a known flow" : covers));
  }
  return out;
}

std::string
targets_html(const Report& report)
{
  std::string out = "<h3 id=\"targets-table\">Progress against the targets</h3>\n";
  if (report.targets.empty()) {
    return out + "<p class=\"muted\">No target applies to this report.</p>\n";
  }
  // Widths in percent: the progress lines do not wrap, the measure may.
  out += R"(<div class="table-wrap" role="region" aria-label="Targets">)"
         R"(<table class="data targets" data-table="targets"><colgroup><col style="width:24%">)"
         R"(<col style="width:20%"><col><col style="width:14%"><col style="width:24%"></colgroup>)"
         R"(<thead><tr><th scope="col">Target</th><th scope="col">Measure</th>)"
         R"(<th scope="col">Baseline → now → target</th><th scope="col">On track?</th>)"
         R"(<th scope="col">Projection at the recent pace</th></tr></thead>)"
         "\n";
  for (const auto& t : report.targets) {
    out += fmt::format(
      R"(<tbody class="target" data-target="{}"><tr><th scope="row">{}</th><td>{}</td>)"
      R"(<td class="progress">{}</td><td>{}</td><td>{}</td></tr>)"
      "\n{}</tbody>\n",
      escape_html(t.id), escape_html(t.name), escape_html(t.measure), progress_html(t),
      status_html(t),
      t.projection
        ? escape_html(t.projection->text)
        : "<span class=\"muted\">not projected: fewer than 4 quarters with a value</span>",
      target_note(t));
  }
  out += "</table></div>\n<details class=\"sources\"><summary>Where each target comes "
         "from</summary><ul>\n";
  for (const auto& t : report.targets) {
    out += fmt::format("<li>{}: {}</li>\n", escape_html(t.name), escape_html(t.source));
  }
  return out + "</ul></details>\n";
}

std::string
runs_html(const Report& report)
{
  std::string out = "<h3 id=\"runs\">Imports and collections</h3>\n";
  if (report.notes.runs.empty()) {
    return out + "<p class=\"muted\">No import or collection recorded.</p>\n";
  }
  out += "<div class=\"table-wrap\" role=\"region\" aria-label=\"Imports and collections\"><table "
         "class=\"data runs\" "
         "data-table=\"runs\"><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Input</th>"
         "<th scope=\"col\">Started</th><th scope=\"col\">Status</th><th scope=\"col\">Rows</th>"
         "<th scope=\"col\">Message</th></tr></thead><tbody>\n";
  for (const auto& r : report.notes.runs) {
    const std::string source =
      r.source.empty() || r.source == r.kind
        ? ""
        : fmt::format(R"(<span class="names">{}</span>)", escape_html(r.source));
    out += fmt::format("<tr><td>{}{}</td><td class=\"wrap\">{}</td><td "
                       "class=\"wrap\">{}</td><td>{}</td><td>{}</td>"
                       "<td class=\"wrap\">{}</td></tr>\n",
                       escape_html(r.kind), source, escape_html(r.input), escape_html(r.started_at),
                       escape_html(r.status), escape_html(rows_text(r)), escape_html(r.message));
  }
  return out + "</tbody></table></div>\n";
}

} // namespace rw::reports
