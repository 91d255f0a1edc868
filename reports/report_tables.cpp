#include "reports/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace rw::reports {

namespace {

Cell
text(std::string value)
{
  return {std::move(value), std::nullopt};
}

Cell
percent(std::optional<double> value)
{
  return {format_percent(value), value};
}

Cell
pp(std::optional<double> value)
{
  return {format_pp(value), value};
}

Cell
count(size_t value)
{
  return {std::to_string(value), static_cast<double>(value)};
}

std::string
yes_no(std::optional<bool> value)
{
  return value ? (*value ? "on track" : "off track") : "n/a";
}

const std::vector<std::string> k_figure_columns = {"id", "group", "average %", "services", "change vs previous pp",
                                                   "change vs year ago pp"};

std::vector<Cell>
figure_row(const GroupRow& row)
{
  return {text(row.id), text(row.label), percent(row.figure.value), count(row.figure.count),
          pp(row.figure.change_previous_pp), pp(row.figure.change_year_ago_pp)};
}

Table
group_table(std::string id, std::string title, const std::vector<GroupRow>& rows, const std::string& empty)
{
  Table table{std::move(id), std::move(title), k_figure_columns, {}, empty};
  for (const auto& row : rows) {
    table.rows.push_back(figure_row(row));
  }
  return table;
}

std::string
coverage_text(const Coverage& c)
{
  std::string text = c.services > 0 ? fmt::format("{} services, ", c.services) : "";
  text += fmt::format("{} of {} corridors", c.corridors, c.quarter_corridors);
  if (c.share) {
    text += fmt::format(" ({:.0f} %)", *c.share);
  }
  if (c.flow_share) {
    text += fmt::format(", {:.0f} % of known flows", *c.flow_share);
  }
  return text;
}

} // namespace

std::string
weighted_note(const Report& report)
{
  const Headline& h = report.headline;
  if (h.weighted_shown) {
    return "";
  }
  return fmt::format(
    "The flow-weighted average, {}, rests on {}: under half of the corridors or of the known flows, so it is not "
    "a headline figure.",
    h.weighted.value ? fmt::format("{:.2f} %", *h.weighted.value) : "n/a", coverage_text(h.weighted_coverage));
}

std::string
target_note_sentence(const TargetRow& target)
{
  return target.note.empty() ? "" : fmt::format("{}: {}.", target.name, target.note);
}

namespace {

// The name of the service-level average: "Global average", "Average over
// corridors from Kenya", or "Sample average" when the rows are a sample.
std::string
average_label(const Report& report)
{
  if (report.headline.partial_sample) {
    return "Service-level sample average (not representative)";
  }
  return report.global ? "Global average (service-level)"
                       : fmt::format("Average over {} (service-level)", report.scope);
}

Section
headline_section(const Report& report)
{
  const Headline& h = report.headline;
  Section section{"headline", "1. Headline"};
  section.paragraphs.push_back(h.summary);
  section.paragraphs.push_back(fmt::format(
    "Cost of sending USD {} in {}{}.", report.amount, report.quarter.to_string(),
    h.basis == Basis::services ? ""
                               : ": only published corridor averages are held, so the service-level figures "
                                 "cannot be computed (see Data notes)"));
  Table table{"headline", "Headline figures",
              {"measure", "value %", "change vs previous pp", "change vs year ago pp", "rests on"}};
  const auto add = [&](std::string measure, const Figure& figure, const Coverage& coverage) {
    table.rows.push_back({text(std::move(measure)), percent(figure.value), pp(figure.change_previous_pp),
                          pp(figure.change_year_ago_pp), text(coverage_text(coverage))});
  };
  const std::string mean_label =
    report.global ? "Mean of corridor averages (every corridor with a value: computed or published)"
                  : fmt::format("Mean of corridor averages over {} (computed or published)", report.scope);
  // The lead figure first.
  if (h.lead == "mean_of_corridor_averages") {
    add(mean_label, h.mean_of_corridor_averages, h.mean_coverage);
  }
  add(average_label(report), h.global, h.global_coverage);
  if (h.weighted_shown) {
    add("Weighted average (by flow)", h.weighted, h.weighted_coverage);
  } else {
    section.paragraphs.push_back(weighted_note(report));
  }
  add(h.partial_sample ? "SmaRT (service-level sample)" : report.global ? "SmaRT (global)" : "SmaRT", h.smart,
      h.smart_coverage);
  if (h.lead != "mean_of_corridor_averages") {
    add(mean_label, h.mean_of_corridor_averages, h.mean_coverage);
  }
  section.tables.push_back(std::move(table));
  Table coverage{"coverage", "Coverage", {"item", "value"}};
  coverage.rows.push_back({text("quarter"), text(report.quarter.to_string())});
  coverage.rows.push_back(
    {text("compared with (previous quarter with data)"), text(h.previous ? h.previous->to_string() : "n/a")});
  coverage.rows.push_back({text("compared with (a year earlier)"), text(h.year_ago ? h.year_ago->to_string() : "n/a")});
  coverage.rows.push_back({text("transparent services"), count(h.services)});
  coverage.rows.push_back({text("corridors"), count(h.corridors)});
  coverage.rows.push_back({text("of which published corridor values only"), count(h.corridors_from_series)});
  coverage.rows.push_back({text("non-transparent services excluded"), count(h.excluded_non_transparent)});
  section.tables.push_back(std::move(coverage));
  return section;
}

std::string
number_text(std::optional<double> value, const std::string& unit)
{
  if (!value) {
    return "n/a";
  }
  return unit == "corridors" ? fmt::format("{:.0f}", *value) : format_percent(value);
}

std::string
status_text(const TargetRow& t)
{
  std::string status = yes_no(t.on_track);
  if (t.on_track && t.deadline_passed) {
    status += " (deadline passed)";
  }
  return status;
}

// A compact table in words: one row per target, its projection beside it;
// the notes below, the corridor lists in the appendix (a count here).
Section
targets_section(const Report& report)
{
  Section section{"targets", "2. Targets"};
  Table table{"targets",
              "Progress against the targets",
              {"target", "baseline", "current", "target value", "deadline", "share of reduction achieved %",
               "straight-line path value", "status", "corridors above 5 %", "projection"}};
  for (const auto& t : report.targets) {
    std::optional<double> share;
    if (t.share_achieved) {
      share = *t.share_achieved * 100;
    }
    const bool corridor_target = t.unit == "corridors";
    table.rows.push_back(
      {text(t.name), Cell{number_text(t.baseline, t.unit), t.baseline},
       Cell{number_text(t.current, t.unit), t.current}, Cell{number_text(t.target, t.unit), t.target},
       text(t.deadline.to_string()), percent(share), Cell{number_text(t.path_value, t.unit), t.path_value},
       text(status_text(t)),
       corridor_target && t.current ? count(t.corridors_above.size()) : text(""),
       text(t.projection ? t.projection->text : "no projection: fewer than 4 quarters with a value")});
  }
  section.tables.push_back(std::move(table));
  for (const auto& t : report.targets) {
    if (!t.note.empty()) {
      section.paragraphs.push_back(target_note_sentence(t));
    }
  }
  section.paragraphs.push_back("Projections: a least-squares straight line over the last 12 quarters with a value "
                               "(docs/methodology.md); the corridors above 5 % are listed in the appendix.");
  return section;
}

const std::string k_needs_services = "Not computable: this quarter holds no service rows (see Data notes).";

Section
channels_section(const Report& report)
{
  Section section{"channels", "3. By channel"};
  section.tables.push_back(
    group_table("by_firm_type", "Average total cost by type of provider", report.by_firm_type, k_needs_services));
  return section;
}

Section
groups_section(const Report& report)
{
  Section section{"groups", "4. By region and group"};
  section.paragraphs.push_back("Regions are the receiving country's; high-income receivers are listed apart. "
                               "\"North\" is the World Bank's high-income group.");
  section.tables.push_back(group_table("by_region", "By receiving region", report.by_region, k_needs_services));
  section.tables.push_back(group_table("g20", "G20 senders and receivers", report.g20, k_needs_services));
  section.tables.push_back(group_table("by_income", "By receiver income group", report.by_income, k_needs_services));
  section.tables.push_back(group_table("south_north", "South and North", report.south_north, k_needs_services));
  return section;
}

// The columns a corridor with service rows has; a corridor with only
// DataBank's published value has the first three, its average and source,
// and the last two.
const std::vector<std::string> k_corridor_columns = {
  "corridor", "from", "to", "average %", "source", "services", "cheapest %", "cheapest provider", "spread pp",
  "SmaRT %", "previous %", "change pp"};
const std::vector<std::string> k_published_columns = {"corridor", "from",       "to",       "average %",
                                                      "source",   "previous %", "change pp"};

std::vector<Cell>
corridor_cells(const CorridorRow& r, bool service_columns)
{
  std::vector<Cell> cells = {text(r.corridor.to_string()), text(r.sender_name), text(r.receiver_name),
                             percent(r.average), text(r.source)};
  if (service_columns) {
    if (r.source == "services") {
      std::string smart = format_percent(r.smart);
      if (r.smart_fewer_than_three) {
        smart += " *";
      }
      cells.insert(cells.end(), {count(r.services), percent(r.cheapest), text(r.cheapest_provider), pp(r.spread),
                                 Cell{smart, r.smart}});
    } else {
      // A published value: these columns do not apply (blank, not "n/a").
      cells.insert(cells.end(), 5, text(""));
    }
  }
  cells.insert(cells.end(), {percent(r.previous), pp(r.change_pp)});
  return cells;
}

// A table of corridors; without a corridor that has service rows, only the
// columns a published value has.
Table
corridor_table(std::string id, std::string title, const std::vector<const CorridorRow*>& rows, std::string empty)
{
  const bool service_columns =
    rows.empty() || std::ranges::any_of(rows, [](const CorridorRow* r) { return r->source == "services"; });
  Table table{std::move(id), std::move(title), service_columns ? k_corridor_columns : k_published_columns, {},
              std::move(empty)};
  for (const auto* r : rows) {
    table.rows.push_back(corridor_cells(*r, service_columns));
  }
  return table;
}

Table
corridor_table(std::string id, std::string title, const std::vector<CorridorRow>& rows, std::string empty)
{
  std::vector<const CorridorRow*> pointers;
  pointers.reserve(rows.size());
  for (const auto& row : rows) {
    pointers.push_back(&row);
  }
  return corridor_table(std::move(id), std::move(title), pointers, std::move(empty));
}

// Every corridor of one source, grouped by sending country.
Table
grouped_corridor_table(std::string id, std::string title, const Report& report, std::string_view source)
{
  const auto rows = corridors_by_sender(report.corridors.all, source);
  Table table = corridor_table(std::move(id), std::move(title), rows, "");
  for (size_t i = 0; i < rows.size();) {
    size_t end = i;
    while (end < rows.size() && rows[end]->corridor.sender == rows[i]->corridor.sender) {
      ++end;
    }
    table.groups.emplace_back(i, fmt::format("{} ({}): {} corridor{}", rows[i]->sender_name,
                                             rows[i]->corridor.sender, end - i, end - i == 1 ? "" : "s"));
    i = end;
  }
  return table;
}

Section
appendix_section(const Report& report)
{
  Section section{"appendix", "8. Appendix: every corridor, and the corridors above 5 % by target"};
  const auto computed =
    static_cast<size_t>(std::ranges::count(report.corridors.all, std::string("services"), &CorridorRow::source));
  const size_t published = report.corridors.all.size() - computed;
  if (computed > 0) {
    section.tables.push_back(grouped_corridor_table(
      "all_corridors", fmt::format("Every corridor with service rows ({}), by sending country", computed), report,
      "services"));
    section.tables.back().sheet = "Every corridor";
  }
  if (published > 0) {
    section.tables.push_back(grouped_corridor_table(
      "published_corridors",
      fmt::format("Corridors with only the World Bank's published value ({}), by sending country", published),
      report, "databank"));
    section.tables.back().sheet = "Published values only";
  }
  Table table{"targets_corridors_above", "Corridors above 5 %", {"target", "corridors", "count"}, {},
              "No corridor target could be measured."};
  for (const auto& t : report.targets) {
    if (t.unit == "corridors" && t.current) {
      table.rows.push_back({text(t.name), text(fmt::format("{}", fmt::join(t.corridors_above, ", "))),
                            count(t.corridors_above.size())});
    }
  }
  section.tables.push_back(std::move(table));
  return section;
}

Section
corridors_section(const Report& report)
{
  const CorridorSection& c = report.corridors;
  Section section{"corridors", "5. Corridors"};
  section.paragraphs.push_back(fmt::format(
    "{} corridor{}: {} at most 3 %, {} above 3 % and at most 5 %, {} above 5 %. \"databank\" marks a corridor "
    "value published by the World Bank (no service rows this quarter); * marks a SmaRT of fewer than three "
    "services.",
    c.all.size(), c.all.size() == 1 ? "" : "s", c.at_most_3, c.from_3_to_5, c.above_5_count));
  // "10 most expensive" of 3 corridors would mislead: a few corridors are one table.
  if (c.all.size() <= 10) {
    section.tables.push_back(corridor_table(
      "most_expensive",
      c.all.size() == 1 ? std::string("The one corridor") : fmt::format("The {} corridors, dearest first", c.all.size()),
      c.most_expensive, ""));
  } else {
    section.tables.push_back(corridor_table("most_expensive", "10 most expensive corridors", c.most_expensive, ""));
    section.tables.push_back(corridor_table("least_expensive", "10 least expensive corridors", c.least_expensive, ""));
  }
  section.tables.push_back(corridor_table("rose_most", "Corridors that rose most since the previous quarter",
                                          c.rose_most, "No corridor rose since the previous quarter with data."));
  section.tables.push_back(
    corridor_table("above_5", "Corridors above 5 %", c.above_5, "No corridor above 5 %."));

  Table competition{"competition", "Competition, transparency and speed", {"measure", "value"}};
  competition.rows.push_back({text("services per corridor (mean)"),
                              Cell{c.services_per_corridor ? fmt::format("{:.1f}", *c.services_per_corridor) : "n/a",
                                   c.services_per_corridor}});
  competition.rows.push_back({text("cheapest-vs-average spread, pp (mean)"), pp(c.mean_spread_pp)});
  competition.rows.push_back({text("transparent services, % of all"), percent(c.transparency_share)});
  section.tables.push_back(std::move(competition));

  Table speed{"speed", "Speed of transparent services", {"id", "speed", "services"}, {}, k_needs_services};
  for (const auto& row : c.speed) {
    speed.rows.push_back({text(row.id), text(row.label), count(row.services)});
  }
  if (!c.speed.empty()) {
    speed.rows.push_back({text("unknown"), text("Unknown"), count(c.speed_unknown)});
  }
  section.tables.push_back(std::move(speed));
  if (!c.all.empty()) {
    const bool published = std::ranges::any_of(c.all, [](const CorridorRow& r) { return r.source != "services"; });
    section.paragraphs.push_back(
      published ? "Every corridor, grouped by sending country, is in the appendix (section 8); corridors with only the "
                  "World Bank's published value are listed apart there, with the columns they have."
                : "Every corridor, grouped by sending country, is in the appendix (section 8).");
  }
  return section;
}

Section
history_section(const Report& report)
{
  Section section{"history", "6. History"};
  section.paragraphs.push_back(
    "\"computed\" columns are remitwatch's figures from the data in this database; \"published\" columns are "
    "the World Bank's own figures as printed in its reports, with their source. They are not mixed.");
  Table table{"history",
              "Computed and published global figures",
              {"quarter", "computed global %", "computed weighted %", "computed SmaRT %",
               "computed mean of corridor averages %", "computed from", "corridors", "of which published corridor values",
               "published global %", "published weighted %",
               "published SmaRT %", "published source"}};
  for (const auto& h : report.history) {
    table.rows.push_back({text(h.quarter.to_string()), percent(h.computed_global), percent(h.computed_weighted),
                          percent(h.computed_smart), percent(h.computed_mean_of_corridors), text(h.computed_basis),
                          h.computed_basis.empty() ? text("") : count(h.computed_corridors),
                          h.computed_basis.empty() ? text("") : count(h.corridors_from_series),
                          percent(h.published_global), percent(h.published_weighted), percent(h.published_smart),
                          text(h.published_source)});
  }
  section.tables.push_back(std::move(table));
  return section;
}

Section
notes_section(const Report& report)
{
  const Notes& n = report.notes;
  Section section{"notes", "7. Data notes"};
  section.paragraphs = n.basis;
  section.paragraphs.insert(section.paragraphs.end(), n.sources.begin(), n.sources.end());
  section.paragraphs.insert(section.paragraphs.end(), n.coverage.begin(), n.coverage.end());
  section.paragraphs.insert(section.paragraphs.end(), n.benchmarks.begin(), n.benchmarks.end());
  if (n.flagged.empty()) {
    section.paragraphs.push_back("No rows of this quarter were flagged at import.");
  }
  for (const auto& flag : n.flagged) {
    section.paragraphs.push_back("Flagged at import: " + flag);
  }
  section.paragraphs.push_back(fmt::format("Generated {} by remitwatch {}.", report.generated_at, report.version));
  Table runs{"runs",
             "Imports and collections",
             {"kind", "source", "input", "started", "status", "rows read", "new", "updated", "unchanged", "rejected",
              "flagged", "message"},
             {},
             "No import or collection recorded."};
  for (const auto& r : n.runs) {
    runs.rows.push_back({text(r.kind), text(r.source), text(r.input), text(r.started_at), text(r.status),
                         count(static_cast<size_t>(r.rows_read)), count(static_cast<size_t>(r.imported)),
                         count(static_cast<size_t>(r.updated)), count(static_cast<size_t>(r.unchanged)),
                         count(static_cast<size_t>(r.rejected)), count(static_cast<size_t>(r.flagged)),
                         text(r.message)});
  }
  section.tables.push_back(std::move(runs));
  return section;
}

} // namespace

std::string
format_percent(std::optional<double> value)
{
  if (!value) {
    return "n/a";
  }
  // Never print "-0.00".
  const double shown = std::abs(*value) < 0.005 ? 0.0 : *value;
  return fmt::format("{:.2f}", shown);
}

std::string
format_pp(std::optional<double> value)
{
  if (!value) {
    return "n/a";
  }
  const double shown = std::abs(*value) < 0.005 ? 0.0 : *value;
  return fmt::format("{:+.2f}", shown);
}

bool
numeric_column(const Table& table, size_t column)
{
  // A column of numbers none of which is known this quarter ("n/a" throughout) is still a number column.
  return std::ranges::any_of(table.rows, [&](const auto& row) { return row[column].number.has_value(); })
         || (!table.rows.empty()
             && std::ranges::all_of(table.rows, [&](const auto& row) { return row[column].text == "n/a"; }));
}

std::vector<const CorridorRow*>
corridors_by_sender(const std::vector<CorridorRow>& rows, std::string_view source)
{
  std::vector<const CorridorRow*> out;
  for (const auto& row : rows) {
    if (row.source == source) {
      out.push_back(&row);
    }
  }
  std::ranges::stable_sort(out, [](const CorridorRow* a, const CorridorRow* b) {
    return std::tie(a->sender_name, a->corridor.sender, a->receiver_name)
           < std::tie(b->sender_name, b->corridor.sender, b->receiver_name);
  });
  return out;
}

std::string
report_subject(const Report& report)
{
  return fmt::format("USD {}, {}", report.amount, report.quarter.to_string());
}

std::vector<Section>
tabulate(const Report& report)
{
  return {headline_section(report), targets_section(report),   channels_section(report), groups_section(report),
          corridors_section(report), history_section(report), notes_section(report), appendix_section(report)};
}

} // namespace rw::reports
