// Markdown, CSV and JSON renderings of the report.

#include "reports/render.hpp"
#include "reports/report_tables.hpp"
#include "util/csv.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rw::reports {

namespace {

// Markdown: a name from the data must print as itself, neither as markup nor
// as raw HTML (a wiki would run a <script>), nor break the table.
std::string
escape_markdown(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '\n':
    case '\r': out += ' '; break;
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '|':
      out += '\\';
      out += c;
      break;
    default: out += c;
    }
  }
  return out;
}

// The unrounded value of a cell, as data: numbers in their shortest exact form.
std::string
cell_value(const Cell& cell)
{
  return cell.number ? fmt::format("{}", *cell.number) : cell.text;
}

} // namespace

// A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return) as a formula; a leading apostrophe makes it text. Numbers are left
// alone: they are written by us, never taken from the data.
std::string
neutralise_formula(std::string text)
{
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  return text;
}

namespace {

using Json = nlohmann::ordered_json;

Json
optional_number(std::optional<double> value)
{
  return value ? Json(*value) : Json(nullptr);
}

Json
figure_json(const Figure& figure)
{
  return {{"value", optional_number(figure.value)},
          {"count", figure.count},
          {"change_previous_pp", optional_number(figure.change_previous_pp)},
          {"change_year_ago_pp", optional_number(figure.change_year_ago_pp)}};
}

Json
groups_json(const std::vector<GroupRow>& rows)
{
  Json array = Json::array();
  for (const auto& row : rows) {
    Json item = figure_json(row.figure);
    item["id"] = row.id;
    item["label"] = row.label;
    array.push_back(std::move(item));
  }
  return array;
}

Json
corridor_json(const CorridorRow& r)
{
  return {{"corridor", r.corridor.to_string()},
          {"sender", r.corridor.sender},
          {"receiver", r.corridor.receiver},
          {"sender_name", r.sender_name},
          {"receiver_name", r.receiver_name},
          {"average", r.average},
          {"source", r.source},
          {"services", r.services},
          {"excluded_non_transparent", r.excluded_non_transparent},
          {"cheapest", optional_number(r.cheapest)},
          {"cheapest_provider", r.cheapest_provider},
          {"spread_pp", optional_number(r.spread)},
          {"smart", optional_number(r.smart)},
          {"smart_fewer_than_three", r.smart_fewer_than_three},
          {"previous", optional_number(r.previous)},
          {"change_pp", optional_number(r.change_pp)}};
}

Json
corridors_json(const std::vector<CorridorRow>& rows)
{
  Json array = Json::array();
  for (const auto& row : rows) {
    array.push_back(corridor_json(row));
  }
  return array;
}

Json
keys_json(const std::vector<CorridorRow>& rows)
{
  Json array = Json::array();
  for (const auto& row : rows) {
    array.push_back(row.corridor.to_string());
  }
  return array;
}

Json
coverage_json(const Coverage& c)
{
  return {{"services", c.services},
          {"corridors", c.corridors},
          {"quarter_corridors", c.quarter_corridors},
          {"share", optional_number(c.share)},
          {"flow_share", optional_number(c.flow_share)}};
}

// A figure with its coverage object.
Json
covered_json(const Figure& figure, const Coverage& coverage)
{
  Json json = figure_json(figure);
  json["coverage"] = coverage_json(coverage);
  return json;
}

Json
projection_json(const std::optional<Projection>& p)
{
  if (!p) {
    return nullptr;
  }
  const auto quarter = [](const std::optional<corridors::Quarter>& q) {
    return q ? Json(q->to_string()) : Json(nullptr);
  };
  return {{"quarters", p->quarters},
          {"first", p->first.to_string()},
          {"last", p->last.to_string()},
          {"slope_per_year", p->slope_per_year},
          {"standard_error", p->standard_error},
          {"at_deadline", optional_number(p->at_deadline)},
          {"reached", quarter(p->reached)},
          {"reached_earliest", quarter(p->reached_earliest)},
          {"reached_latest", quarter(p->reached_latest)},
          {"already_met", p->already_met},
          {"text", p->text}};
}

Json
headline_json(const Headline& h)
{
  return {
    {"basis", h.basis == Basis::services ? "services" : "corridor_series"},
    {"lead", h.lead},
    {"partial_sample", h.partial_sample},
    {"summary", h.summary},
    {"global", covered_json(h.global, h.global_coverage)},
    {"weighted", covered_json(h.weighted, h.weighted_coverage)},
    {"weighted_shown", h.weighted_shown},
    {"weighted_corridors", h.weighted_corridors},
    {"corridors_without_flow", h.corridors_without_flow},
    {"smart", covered_json(h.smart, h.smart_coverage)},
    {"mean_of_corridor_averages", covered_json(h.mean_of_corridor_averages, h.mean_coverage)},
    {"services", h.services},
    {"corridors", h.corridors},
    {"corridors_from_series", h.corridors_from_series},
    {"excluded_non_transparent", h.excluded_non_transparent},
    {"previous_quarter", h.previous ? Json(h.previous->to_string()) : Json(nullptr)},
    {"year_ago_quarter", h.year_ago ? Json(h.year_ago->to_string()) : Json(nullptr)},
  };
}

Json
targets_json(const std::vector<TargetRow>& rows)
{
  Json targets = Json::array();
  for (const auto& t : rows) {
    targets.push_back({{"id", t.id},
                       {"name", t.name},
                       {"measure", t.measure},
                       {"unit", t.unit},
                       {"baseline", optional_number(t.baseline)},
                       {"baseline_period", t.baseline_period.to_string()},
                       {"target", t.target},
                       {"deadline", t.deadline.to_string()},
                       {"current", optional_number(t.current)},
                       {"share_achieved", optional_number(t.share_achieved)},
                       {"path_value", optional_number(t.path_value)},
                       {"on_track", t.on_track ? Json(*t.on_track) : Json(nullptr)},
                       {"deadline_passed", t.deadline_passed},
                       {"corridors_above", t.corridors_above},
                       {"note", t.note},
                       {"source", t.source},
                       {"projection", projection_json(t.projection)}});
  }
  return targets;
}

Json
corridor_section_json(const CorridorSection& c)
{
  Json speed = Json::object();
  for (const auto& row : c.speed) {
    speed[row.id] = row.services;
  }
  if (!c.speed.empty()) {
    speed["unknown"] = c.speed_unknown;
  }
  Json published = Json::array();
  for (const auto& row : c.all) {
    if (row.source != "services") {
      published.push_back(row.corridor.to_string());
    }
  }
  return {{"count", c.all.size()},
          {"published_only", std::move(published)},
          {"at_most_3", c.at_most_3},
          {"from_3_to_5", c.from_3_to_5},
          {"above_5_count", c.above_5_count},
          {"most_expensive", keys_json(c.most_expensive)},
          {"least_expensive", keys_json(c.least_expensive)},
          {"rose_most", keys_json(c.rose_most)},
          {"above_5", keys_json(c.above_5)},
          {"services_per_corridor", optional_number(c.services_per_corridor)},
          {"mean_spread_pp", optional_number(c.mean_spread_pp)},
          {"transparency_share", optional_number(c.transparency_share)},
          {"speed", c.speed.empty() ? Json(nullptr) : speed},
          {"all", corridors_json(c.all)}};
}

Json
history_json(const std::vector<HistoryRow>& rows)
{
  Json history = Json::array();
  for (const auto& row : rows) {
    history.push_back({{"quarter", row.quarter.to_string()},
                       {"computed",
                        {{"basis", row.computed_basis.empty() ? Json(nullptr) : Json(row.computed_basis)},
                         {"global", optional_number(row.computed_global)},
                         {"weighted", optional_number(row.computed_weighted)},
                         {"smart", optional_number(row.computed_smart)},
                         {"mean_of_corridor_averages", optional_number(row.computed_mean_of_corridors)},
                         {"corridors", row.computed_corridors},
                         {"corridors_from_series", row.corridors_from_series}}},
                       {"published",
                        {{"global", optional_number(row.published_global)},
                         {"weighted", optional_number(row.published_weighted)},
                         {"smart", optional_number(row.published_smart)},
                         {"source", row.published_source}}}});
  }
  return history;
}

Json
notes_json(const Report& report)
{
  const Notes& n = report.notes;
  Json runs = Json::array();
  for (const auto& r : n.runs) {
    runs.push_back({{"kind", r.kind},
                    {"source", r.source},
                    {"input", r.input},
                    {"started_at", r.started_at},
                    {"status", r.status},
                    {"rows_read", r.rows_read},
                    {"imported", r.imported},
                    {"updated", r.updated},
                    {"unchanged", r.unchanged},
                    {"rejected", r.rejected},
                    {"flagged", r.flagged},
                    {"message", r.message}});
  }
  return {{"basis", n.basis},
          {"sources", n.sources},
          {"runs", std::move(runs)},
          {"coverage", n.coverage},
          {"benchmarks", n.benchmarks},
          {"flagged", n.flagged},
          {"generated_at", report.generated_at},
          {"version", report.version}};
}

} // namespace

std::string
render_markdown(const Report& report)
{
  std::string out = fmt::format("# {}\n\n", escape_markdown(report.title));
  if (!report.organisation.empty()) {
    out += escape_markdown(report.organisation) + "\n\n";
  }
  out += fmt::format("remitwatch quarterly report: {}\n", report_subject(report));
  for (const auto& section : tabulate(report)) {
    out += fmt::format("\n## {}\n", section.title);
    for (const auto& paragraph : section.paragraphs) {
      out += fmt::format("\n{}\n", escape_markdown(paragraph));
    }
    for (const auto& table : section.tables) {
      if (table.detail) {
        continue;
      }
      out += fmt::format("\n**{}**\n\n", escape_markdown(table.title));
      if (table.rows.empty()) {
        out += escape_markdown(table.empty_text.empty() ? "None." : table.empty_text) + "\n";
        continue;
      }
      std::string header = "|";
      std::string rule = "|";
      for (size_t c = 0; c < table.columns.size(); ++c) {
        header += fmt::format(" {} |", escape_markdown(table.columns[c]));
        rule += numeric_column(table, c) ? "---:|" : "---|";
      }
      out += fmt::format("{}\n{}\n", header, rule);
      auto group = table.groups.begin();
      for (size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (group != table.groups.end() && group->first == r) {
          // The group's heading, a row of its own (bold in the first cell).
          out += fmt::format("| **{}** |{}\n", escape_markdown(group->second), std::string(row.size() - 1, '|'));
          ++group;
        }
        std::string line = "|";
        for (const auto& cell : row) {
          line += fmt::format(" {} |", escape_markdown(cell.text));
        }
        out += line + "\n";
      }
    }
  }
  return out;
}

std::string
render_csv(const Report& report)
{
  std::string out = "section,table,row,column,value\n";
  for (const auto& section : tabulate(report)) {
    for (const auto& table : section.tables) {
      for (size_t r = 0; r < table.rows.size(); ++r) {
        for (size_t c = 0; c < table.columns.size(); ++c) {
          const Cell& cell = table.rows[r][c];
          out += fmt::format("{},{},{},{},{}\n", section.id, table.id, r + 1, util::csv_escape(table.columns[c]),
                             util::csv_escape(cell.number ? cell_value(cell) : neutralise_formula(cell.text)));
        }
      }
    }
    for (size_t p = 0; p < section.paragraphs.size(); ++p) {
      out += fmt::format("{},paragraphs,{},text,{}\n", section.id, p + 1,
                         util::csv_escape(neutralise_formula(section.paragraphs[p])));
    }
  }
  return out;
}

std::vector<CsvFile>
render_csv_wide(const Report& report)
{
  std::vector<CsvFile> files;
  std::string paragraphs = "section,paragraph,text\n";
  for (const auto& section : tabulate(report)) {
    for (const auto& table : section.tables) {
      std::vector<std::string> header;
      std::vector<bool> numeric;
      for (size_t c = 0; c < table.columns.size(); ++c) {
        header.push_back(util::csv_escape(table.columns[c]));
        numeric.push_back(numeric_column(table, c));
      }
      std::string out = fmt::format("{}\n", fmt::join(header, ","));
      for (const auto& row : table.rows) {
        for (size_t c = 0; c < row.size(); ++c) {
          const Cell& cell = row[c];
          // A number column holds numbers or nothing, and "n/a" is a missing value in
          // any column: an empty cell, as in the xlsx sheets.
          if (cell.number || (!numeric[c] && cell.text != "n/a")) {
            out += util::csv_escape(cell.number ? cell_value(cell) : neutralise_formula(cell.text));
          }
          out += c + 1 < row.size() ? "," : "\n";
        }
      }
      files.push_back({fmt::format("{:02}-{}.csv", files.size() + 1, table.id), std::move(out)});
    }
    for (size_t p = 0; p < section.paragraphs.size(); ++p) {
      paragraphs += fmt::format("{},{},{}\n", section.id, p + 1,
                                util::csv_escape(neutralise_formula(section.paragraphs[p])));
    }
  }
  files.push_back({fmt::format("{:02}-paragraphs.csv", files.size() + 1), std::move(paragraphs)});
  return files;
}

std::string
render_json(const Report& report)
{
  Json json;
  json["format"] = "remitwatch-report/1";
  json["quarter"] = report.quarter.to_string();
  json["amount_usd"] = report.amount;
  json["title"] = report.title;
  json["organisation"] = report.organisation;
  json["scope"] = {{"global", report.global}, {"description", report.scope}, {"options", report.scope_options}};
  json["headline"] = headline_json(report.headline);
  json["targets"] = targets_json(report.targets);
  json["by_firm_type"] = groups_json(report.by_firm_type);
  json["by_region"] = {{"receiving_region", groups_json(report.by_region)},
                       {"g20", groups_json(report.g20)},
                       {"receiver_income", groups_json(report.by_income)},
                       {"south_north", groups_json(report.south_north)}};
  json["corridors"] = corridor_section_json(report.corridors);
  json["history"] = history_json(report.history);
  json["notes"] = notes_json(report);
  // Invalid UTF-8 in a name from the data becomes U+FFFD instead of an exception.
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace rw::reports
