// The HTML report: one self-contained file, inline CSS and SVG, no script.

#include "reports/render.hpp"
#include "reports/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace rw::reports {

namespace {

constexpr const char* k_style = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1rem;margin:1.4rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;vertical-align:top}th{background:#f3f5f7;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;min-width:11rem}
.card .value{font-size:1.6rem;font-weight:600}.card .label{font-size:.8rem;color:#57606a}
.up{color:#b42318}.down{color:#1a7f37}.muted{color:#57606a}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#57606a}
svg{max-width:100%;height:auto;font-family:inherit}
.scroll{overflow-x:auto}.note{background:#fff8e5;border-left:4px solid #d4a72c;padding:.4rem .8rem}
@media print{.scroll{overflow:visible}body{margin:0;max-width:none;font-size:10pt}h2{page-break-after:avoid}table,figure{page-break-inside:avoid}
.cards{gap:.4rem}a{color:inherit;text-decoration:none}}
)";

std::string
cell_html(const Cell& cell, bool numeric)
{
  return fmt::format("<td{}>{}</td>", numeric ? " class=\"num\"" : "", escape_html(cell.text));
}

std::string
table_html(const Table& table)
{
  std::string out = fmt::format("<h3 id=\"{}\">{}</h3>\n", escape_html(table.id), escape_html(table.title));
  if (table.rows.empty()) {
    return out + fmt::format("<p class=\"muted\">{}</p>\n",
                             escape_html(table.empty_text.empty() ? "None." : table.empty_text));
  }
  out += fmt::format("<div class=\"scroll\"><table class=\"data\" data-table=\"{}\"><thead><tr>",
                     escape_html(table.id));
  for (const auto& column : table.columns) {
    out += fmt::format("<th scope=\"col\">{}</th>", escape_html(column));
  }
  out += "</tr></thead><tbody>\n";
  std::vector<bool> numeric;
  numeric.reserve(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); ++c) {
    numeric.push_back(numeric_column(table, c));
  }
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (size_t c = 0; c < row.size(); ++c) {
      out += cell_html(row[c], numeric[c]);
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

// Plot area helpers: a chart is 720 × 280 user units with margins for axes.
struct Frame
{
  double width = 720, height = 280, left = 48, right = 16, top = 16, bottom = 36;
  double y_max = 10;
  double plot_width() const { return width - left - right; }
  double plot_height() const { return height - top - bottom; }
  double y(double value) const { return top + plot_height() * (1 - std::clamp(value / y_max, 0.0, 1.0)); }
};

std::string
y_axis(const Frame& f, std::string_view unit = " %")
{
  std::string out;
  const double step = f.y_max > 60 ? std::ceil(f.y_max / 50) * 10 : f.y_max > 12 ? 5 : (f.y_max > 6 ? 2 : 1);
  for (int i = 0; i * step <= f.y_max + 1e-9; ++i) {
    const double v = i * step;
    out += fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#eaeef2"/>)"
                       R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end" fill="#57606a">{:g}{}</text>)",
                       f.left, f.width - f.right, f.y(v), f.y(v), f.left - 6, f.y(v) + 4, v, unit);
  }
  return out;
}

std::string
limit_line(const Frame& f, double value, const std::string& label, const char* colour)
{
  if (value > f.y_max) {
    return "";
  }
  return fmt::format(R"(<line class="target-line" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="{}" )"
                     R"(stroke-dasharray="6 4" stroke-width="1.5"/><text x="{:.1f}" y="{:.1f}" font-size="11" )"
                     R"(text-anchor="end" fill="{}">{}</text>)",
                     f.left, f.width - f.right, f.y(value), f.y(value), colour, f.width - f.right - 4,
                     f.y(value) - 4, colour, escape_html(label));
}

std::string
svg_open(const Frame& f, const std::string& id, const std::string& title)
{
  return fmt::format(R"(<svg class="chart" id="{}" role="img" viewBox="0 0 {:g} {:g}" width="{:g}" height="{:g}" )"
                     R"(xmlns="http://www.w3.org/2000/svg"><title>{}</title>)",
                     id, f.width, f.height, f.width, f.height, escape_html(title));
}

// Global average over time: computed (service-level, or the mean of corridor
// averages where only corridor series exist) and published, with the targets.
std::string
trend_chart(const Report& report)
{
  // The service-level average stands for the world only when every corridor
  // of the quarter was computed from services; otherwise the mean of corridor
  // averages (services and published corridor values together) is drawn.
  const auto whole = [](const HistoryRow& h) { return h.computed_global && h.corridors_from_series == 0; };
  const auto computed = [&](const HistoryRow& h) { return whole(h) ? h.computed_global : std::nullopt; };
  const auto corridors = [&](const HistoryRow& h) { return whole(h) ? std::nullopt : h.computed_mean_of_corridors; };
  Frame f;
  double highest = 10;
  for (const auto& h : report.history) {
    for (const auto v : {computed(h), corridors(h), h.published_global}) {
      if (v) {
        highest = std::max(highest, *v);
      }
    }
  }
  f.y_max = std::ceil(highest / 2) * 2;
  const size_t n = report.history.size();
  const auto x = [&](size_t i) {
    return f.left + (n <= 1 ? f.plot_width() / 2 : f.plot_width() * static_cast<double>(i) / static_cast<double>(n - 1));
  };
  std::string out = svg_open(f, "chart-trend", "Global average cost over time, with the 5 % and 3 % targets");
  out += y_axis(f);
  out += limit_line(f, 5, "G8 5 by 5: 5 %", "#bc4c00");
  out += limit_line(f, 3, "SDG 10.c / G20 2030: 3 %", "#8250df");
  const auto series = [&](auto read, const char* colour, const char* css, bool dashed) {
    std::string points;
    std::string dots;
    for (size_t i = 0; i < n; ++i) {
      if (auto v = read(report.history[i])) {
        points += fmt::format("{:.1f},{:.1f} ", x(i), f.y(*v));
        dots += fmt::format(R"(<circle class="{}" cx="{:.1f}" cy="{:.1f}" r="3" fill="{}"><title>{}: {}</title></circle>)",
                            css, x(i), f.y(*v), colour, report.history[i].quarter.to_string(), format_percent(v));
      }
    }
    if (points.empty()) {
      return std::string();
    }
    return fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"/>{})", colour,
                       dashed ? R"( stroke-dasharray="3 3")" : "", points, dots);
  };
  out += series([](const HistoryRow& h) { return h.published_global; }, "#57606a", "published", false);
  out += series(computed, "#0969da", "computed", false);
  out += series(corridors, "#1a7f37", "computed-corridors", true);
  // Quarter labels: at most about 12 of them.
  const size_t every = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; i += every) {
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" text-anchor="middle" fill="#57606a">{}</text>)",
                       x(i), f.height - f.bottom + 16, report.history[i].quarter.to_string());
  }
  out += "</svg>";
  return fmt::format("<figure>{}<figcaption>Global average cost of sending USD 200, percent. Blue: computed here "
                     "(service-level) in quarters where every corridor has service rows; green dashed: computed mean "
                     "of corridor averages where some or all corridors have only published corridor values; grey: published by the World Bank. Dashed lines: the 5 % and 3 % targets."
                     "</figcaption></figure>\n",
                     out);
}

std::string
bar_chart(const std::vector<GroupRow>& rows, const std::string& id, const std::string& title)
{
  Frame f;
  f.bottom = 48;
  double highest = 5;
  for (const auto& row : rows) {
    highest = std::max(highest, row.figure.value.value_or(0));
  }
  f.y_max = std::ceil(highest / 2) * 2;
  std::string out = svg_open(f, id, title) + y_axis(f);
  out += limit_line(f, 5, "5 %", "#bc4c00") + limit_line(f, 3, "3 %", "#8250df");
  const double slot = f.plot_width() / static_cast<double>(std::max<size_t>(rows.size(), 1));
  for (size_t i = 0; i < rows.size(); ++i) {
    const double cx = f.left + slot * (static_cast<double>(i) + 0.5);
    const auto& row = rows[i];
    if (row.figure.value) {
      const double y = f.y(*row.figure.value);
      out += fmt::format(R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#0969da">)"
                         R"(<title>{}: {} % ({} services)</title></rect>)"
                         R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)",
                         cx - slot * 0.3, y, slot * 0.6, f.top + f.plot_height() - y, escape_html(row.label),
                         format_percent(row.figure.value), row.figure.count, cx, y - 4,
                         format_percent(row.figure.value));
    }
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)", cx,
                       f.height - f.bottom + 16, escape_html(row.label));
  }
  return fmt::format("<figure>{}</svg><figcaption>{}</figcaption></figure>\n", out, escape_html(title));
}

// How many corridors fall in each 1 pp band of average cost.
std::string
distribution_chart(const Report& report)
{
  constexpr size_t bins = 16; // 0–1, …, 14–15, 15 and above
  std::array<size_t, bins> counts{};
  for (const auto& row : report.corridors.all) {
    const auto bin = static_cast<size_t>(std::clamp(std::floor(row.average), 0.0, static_cast<double>(bins - 1)));
    ++counts[bin];
  }
  Frame f;
  const size_t highest = std::max<size_t>(1, *std::ranges::max_element(counts));
  f.y_max = std::ceil(static_cast<double>(highest) * 1.1 / 5) * 5; // headroom for the labels
  f.left = 56;
  const double slot = f.plot_width() / bins;
  const auto x_of = [&](double pct) { return f.left + slot * pct; };
  std::string out = svg_open(f, "chart-distribution", "Distribution of corridor averages, with the 3 % and 5 % lines");
  out += y_axis(f, "");
  for (size_t i = 0; i < bins; ++i) {
    const double y = f.y(static_cast<double>(counts[i]));
    out += fmt::format(R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#0969da">)"
                       R"(<title>{}{} %: {} corridors</title></rect>)",
                       x_of(static_cast<double>(i)) + 1, y, slot - 2, f.top + f.plot_height() - y, i,
                       i + 1 == bins ? " and above" : fmt::format("–{}", i + 1), counts[i]);
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" text-anchor="middle" fill="#57606a">{}</text>)",
                       x_of(static_cast<double>(i)), f.height - f.bottom + 14, i);
  }
  for (const auto& [limit, colour] : {std::pair{3.0, "#8250df"}, std::pair{5.0, "#bc4c00"}}) {
    out += fmt::format(R"(<line class="target-line" x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}" stroke="{3}" )"
                       R"(stroke-dasharray="6 4" stroke-width="1.5"/><text x="{4:.1f}" y="{5:.1f}" font-size="11" )"
                       R"(fill="{3}">{6:g} %</text>)",
                       x_of(limit), f.top, f.top + f.plot_height(), colour, x_of(limit) + 4, f.top + 12, limit);
  }
  return fmt::format("<figure>{}</svg><figcaption>Number of corridors by average total cost, in 1 pp bands "
                     "(percent on the horizontal axis; the last band is 15 % and above). Dashed: 3 % and 5 %.</figcaption></figure>\n",
                     out);
}

std::string
headline_cards(const Report& report)
{
  const Headline& h = report.headline;
  const auto card = [](const std::string& label, const Figure& figure) {
    std::string change;
    if (figure.change_previous_pp) {
      change = fmt::format(R"( <span class="{}">{} pp</span>)", *figure.change_previous_pp > 0 ? "up" : "down",
                           format_pp(figure.change_previous_pp));
    }
    return fmt::format(R"(<div class="card"><div class="label">{}</div><div class="value">{}{}</div>{}</div>)",
                       escape_html(label), format_percent(figure.value), figure.value ? " %" : "", change);
  };
  std::string out = "<div class=\"cards\">";
  if (h.basis == Basis::services) {
    out += card("Global average", h.global);
  }
  out += card("Weighted average", h.weighted);
  if (h.basis == Basis::services) {
    out += card("SmaRT", h.smart);
  }
  out += card("Mean of corridor averages", h.mean_of_corridor_averages);
  return out + "</div>\n";
}

} // namespace

std::string
escape_html(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string
render_html(const Report& report)
{
  const std::string title = fmt::format("remitwatch quarterly report: {}", report_subject(report));
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n"
                                "<p class=\"muted\">Generated {} by remitwatch {}.</p>\n",
                                escape_html(title), k_style, escape_html(title), escape_html(report.generated_at),
                                escape_html(report.version));
  for (const auto& section : tabulate(report)) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", escape_html(section.id), escape_html(section.title));
    if (section.id == "headline") {
      out += headline_cards(report);
    }
    for (const auto& paragraph : section.paragraphs) {
      out += fmt::format("<p>{}</p>\n", escape_html(paragraph));
    }
    if (section.id == "channels" && !report.by_firm_type.empty()) {
      out += bar_chart(report.by_firm_type, "chart-channels", "Average total cost by type of provider, percent");
    }
    if (section.id == "corridors" && !report.corridors.all.empty()) {
      out += distribution_chart(report);
    }
    if (section.id == "history") {
      out += trend_chart(report);
    }
    for (const auto& table : section.tables) {
      if (!table.detail) {
        out += table_html(table);
      }
    }
    out += "</section>\n";
  }
  return out + "</body>\n</html>\n";
}

} // namespace rw::reports
