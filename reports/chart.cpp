// The HTML report's SVG charts (chart.hpp). Every chart is drawn in a frame
// of user units; the legend sits above the plot and pushes it down, so a
// long legend never covers the lines.

#include "reports/chart.hpp"

#include "corridors/firm_type.hpp"
#include "reports/render.hpp"
#include "reports/report_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace rw::reports {

namespace {

constexpr const char* k_muted = "#57606a";
constexpr const char* k_blue = "#0969da";
constexpr const char* k_green = "#1a7f37";
constexpr const char* k_grey = "#6e7781";
constexpr const char* k_orange = "#bc4c00";
constexpr const char* k_purple = "#8250df";

// A chart is 720 user units wide; margins leave room for the tick labels
// and the axis titles, so the last tick label stays inside the viewBox.
struct Frame
{
  double width = 720, height = 320, left = 62, right = 30, top = 16, bottom = 58;
  double y_max = 10;
  double
  plot_width() const
  {
    return width - left - right;
  }
  double
  plot_height() const
  {
    return height - top - bottom;
  }
  double
  base() const
  {
    return height - bottom;
  }
  double
  y(double value) const
  {
    return top + plot_height() * (1 - std::clamp(value / y_max, 0.0, 1.0));
  }
};

// Width of a label in user units, for layout only: system-ui at this size
// averages under 0.6 em a character, so this errs on the wide side.
double
text_width(std::string_view text, double font_size)
{
  const auto characters = std::ranges::count_if(
    text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return static_cast<double>(characters) * font_size * 0.6;
}

struct LegendEntry
{
  std::string label;
  const char* colour;
  std::string swatch; // "line", "dashed", "target" or "bar"
};

std::string
swatch_svg(const LegendEntry& e, double x, double y)
{
  if (e.swatch == "bar") {
    return fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="14" height="10" fill="{}"/>)", x + 2,
                       y - 9, e.colour);
  }
  const char* dash = e.swatch == "dashed"   ? R"( stroke-dasharray="3 3")"
                     : e.swatch == "target" ? R"( stroke-dasharray="6 4")"
                                            : "";
  return fmt::format(
    R"(<line x1="{0:.1f}" x2="{1:.1f}" y1="{2:.1f}" y2="{2:.1f}" stroke="{3}" stroke-width="2"{4}/>)",
    x, x + 18, y - 4, e.colour, dash);
}

// The legend in rows from the plot's left edge; moves the plot below it.
std::string
legend(Frame& f, const std::vector<LegendEntry>& entries)
{
  std::string out = R"(<g class="legend">)";
  double x = f.left;
  double y = 16;
  for (const auto& e : entries) {
    const double w = 24 + text_width(e.label, 11) + 16;
    if (x > f.left && x + w > f.width - f.right) {
      x = f.left;
      y += 18;
    }
    out += fmt::format(
      R"(<g class="legend-item">{}<text x="{:.1f}" y="{:.1f}" font-size="11" fill="#1b1f24">{}</text></g>)",
      swatch_svg(e, x, y), x + 24, y, escape_html(e.label));
    x += w;
  }
  f.top = y + 16;
  f.height += y; // the plot keeps its height below the legend
  return out + "</g>";
}

std::string
y_axis(const Frame& f, std::string_view title)
{
  std::string out;
  const double step = f.y_max > 60   ? std::ceil(f.y_max / 50) * 10
                      : f.y_max > 12 ? 5
                                     : (f.y_max > 6 ? 2 : 1);
  for (int i = 0; i * step <= f.y_max + 1e-9; ++i) {
    const double v = i * step;
    out += fmt::format(
      R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#eaeef2"/>)"
      R"(<text class="tick-y" x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end" fill="{}">{:g}</text>)",
      f.left, f.width - f.right, f.y(v), f.y(v), f.left - 6, f.y(v) + 4, k_muted, v);
  }
  out += fmt::format(R"(<line x1="{0:.1f}" x2="{1:.1f}" y1="{2:.1f}" y2="{2:.1f}" stroke="{3}"/>)",
                     f.left, f.width - f.right, f.base(), k_muted);
  return out
         + fmt::format(
           R"svg(<text class="axis-title" transform="rotate(-90)" x="{:.1f}" y="16" font-size="12" )svg"
           R"(text-anchor="middle" fill="#1b1f24">{}</text>)",
           -(f.top + f.plot_height() / 2), escape_html(title));
}

std::string
x_title(const Frame& f, std::string_view title)
{
  return fmt::format(
    R"(<text class="axis-title" x="{:.1f}" y="{:.1f}" font-size="12" text-anchor="middle" )"
    R"(fill="#1b1f24">{}</text>)",
    f.left + f.plot_width() / 2, f.height - 8, escape_html(title));
}

// A tick label centred on `x`, moved to end (or start) at `x` when centring
// would put it outside the chart.
std::string
x_tick(const Frame& f, double x, const std::string& label)
{
  const double half = text_width(label, 10) / 2;
  const char* anchor = x + half > f.width - 2 ? "end" : x - half < 2 ? "start" : "middle";
  return fmt::format(
    R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}" stroke="{3}"/>)"
    R"(<text class="tick-x" x="{0:.1f}" y="{4:.1f}" font-size="10" text-anchor="{5}" fill="{3}">{6}</text>)",
    x, f.base(), f.base() + 4, k_muted, f.base() + 16, anchor, escape_html(label));
}

// A horizontal dashed target line across the plot, labelled at its right end.
std::string
limit_line(const Frame& f, double value, const std::string& label, const char* colour)
{
  if (value > f.y_max) {
    return "";
  }
  return fmt::format(
    R"(<line class="target-line" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="{}" )"
    R"(stroke-dasharray="6 4" stroke-width="1.5"/><text x="{:.1f}" y="{:.1f}" font-size="11" )"
    R"(text-anchor="end" fill="{}">{}</text>)",
    f.left, f.width - f.right, f.y(value), f.y(value), colour, f.width - f.right - 4,
    f.y(value) - 4, colour, escape_html(label));
}

std::string
svg_open(const Frame& f, const std::string& id, const std::string& title)
{
  return fmt::format(
    R"(<svg class="chart" id="{}" role="img" viewBox="0 0 {:g} {:g}" width="{:g}" height="{:g}" )"
    R"(xmlns="http://www.w3.org/2000/svg"><title>{}</title>)",
    id, f.width, f.height, f.width, f.height, escape_html(title));
}

std::string
figure(const std::string& svg, const std::string& caption)
{
  return fmt::format("<figure>{}</svg><figcaption>{}</figcaption></figure>\n", svg,
                     escape_html(caption));
}

// ---- the trend chart -------------------------------------------------------

// x of a quarter: proportional to its index, so gaps between quarters with
// data are drawn to scale.
struct TimeAxis
{
  int first = 0, last = 0;
  const Frame* f = nullptr;
  double
  x(int index) const
  {
    if (last == first) {
      return f->left + f->plot_width() / 2;
    }
    return f->left
           + f->plot_width() * static_cast<double>(index - first)
               / static_cast<double>(last - first);
  }
};

// Ticks: every quarter (or every second, …) over three years or less, else
// the first quarter of every year (or every 2nd, 5th, 10th year).
std::string
time_ticks(const Frame& f, const TimeAxis& axis)
{
  std::string out;
  const int span = axis.last - axis.first;
  if (span <= 12) {
    const int stride = std::max(1, static_cast<int>(std::ceil((span + 1) * 52.0 / f.plot_width())));
    for (int i = axis.first; i <= axis.last; i += stride) {
      out += x_tick(f, axis.x(i), corridors::Quarter(i / 4, i % 4 + 1).to_string());
    }
    return out;
  }
  const int first_year = (axis.first + 3) / 4;
  const int last_year = axis.last / 4;
  int stride = 1;
  for (const int candidate : {1, 2, 5, 10, 20}) {
    stride = candidate;
    const int ticks = (last_year - first_year + 1) / candidate;
    if (ticks * 40.0 <= f.plot_width()) {
      break;
    }
  }
  for (int year = first_year; year <= last_year; ++year) {
    if (year % stride == 0) {
      out += x_tick(f, axis.x(year * 4), fmt::format("{}Q1", year));
    }
  }
  return out;
}

struct Series
{
  std::string css, label;
  const char* colour;
  bool dashed;
  std::function<std::optional<double>(const HistoryRow&)> read;
};

std::string
series_svg(const Frame& f, const TimeAxis& axis, const TimeSeries& s)
{
  std::string points;
  std::string dots;
  for (const auto& [quarter, value] : s.points) {
    const double x = axis.x(quarter.index());
    points += fmt::format("{:.1f},{:.1f} ", x, f.y(value));
    dots += fmt::format(
      R"(<circle class="{}" cx="{:.1f}" cy="{:.1f}" r="3" fill="{}"><title>{}: {} %</title></circle>)",
      escape_html(s.css), x, f.y(value), s.colour, quarter.to_string(), format_percent(value));
  }
  return fmt::format(
    R"(<polyline class="{}" fill="none" stroke="{}" stroke-width="2"{} points="{}"/>{})",
    escape_html(s.css), s.colour, s.dashed ? R"( stroke-dasharray="3 3")" : "", points, dots);
}

// The series of the trend chart, those without a value left out.
std::vector<Series>
trend_series(const Report& report)
{
  // The service-level average stands for the whole scope only when every
  // corridor of the quarter was computed from services; otherwise the mean
  // of corridor averages (services and published corridor values) is drawn.
  const auto whole = [](const HistoryRow& h) {
    return h.computed_global && h.corridors_from_series == 0;
  };
  std::vector<Series> all = {
    {"published", "World Bank, published global average", k_grey, false,
     [](const HistoryRow& h) { return h.published_global; }},
    {"computed", "Computed here: average of services", k_blue, false,
     [whole](const HistoryRow& h) { return whole(h) ? h.computed_global : std::nullopt; }},
    {"computed-corridors", "Computed here: mean of corridor averages", k_green, true,
     [whole](const HistoryRow& h) {
       return whole(h) ? std::nullopt : h.computed_mean_of_corridors;
     }},
  };
  std::erase_if(all, [&](const Series& s) {
    return std::ranges::none_of(report.history,
                                [&](const HistoryRow& h) { return s.read(h).has_value(); });
  });
  return all;
}

std::string
trend_caption(const Report& report, const std::vector<Series>& drawn)
{
  std::string caption = fmt::format(
    "Average total cost of sending USD {} by quarter, percent of the amount sent; "
    "quarters are placed to scale on the time axis, a dot marks a quarter with a value and a "
    "line joins one quarter with a value to the next. ",
    report.amount);
  if (drawn.empty()) {
    return caption + "No quarter has a value to draw. ";
  }
  std::vector<std::string> parts;
  parts.reserve(drawn.size());
  for (const auto& s : drawn) {
    parts.push_back(fmt::format("{} ({})", s.label,
                                s.css == "published" ? "grey"
                                : s.dashed           ? "green dashed"
                                                     : "blue"));
  }
  return caption
         + fmt::format("Drawn: {}. Dashed lines: the G8 5 % and the SDG 10.c / G20 3 % targets.",
                       fmt::join(parts, "; "));
}

// The quarters a time chart spans: its extent when given, else its points'.
std::optional<std::pair<int, int>>
time_span(const TimeChart& chart)
{
  if (chart.extent) {
    return std::pair{chart.extent->first.index(), chart.extent->second.index()};
  }
  std::optional<std::pair<int, int>> span;
  for (const auto& s : chart.series) {
    for (const auto& point : s.points) {
      const int i = point.first.index();
      span = span ? std::pair{std::min(span->first, i), std::max(span->second, i)} : std::pair{i, i};
    }
  }
  return span;
}

} // namespace

std::string
time_chart(const TimeChart& chart)
{
  Frame f;
  double highest = 10;
  for (const auto& s : chart.series) {
    for (const auto& point : s.points) {
      highest = std::max(highest, point.second);
    }
  }
  f.y_max = std::ceil(highest / 2) * 2;
  std::vector<LegendEntry> entries;
  entries.reserve(chart.series.size() + 2);
  for (const auto& s : chart.series) {
    entries.push_back({s.label, s.colour, s.dashed ? "dashed" : "line"});
  }
  entries.push_back({"Target: G8 5 by 5, 5 %", k_orange, "target"});
  entries.push_back({"Target: SDG 10.c / G20 2030, 3 %", k_purple, "target"});
  const std::string legend_svg = legend(f, entries);
  const auto span = time_span(chart);
  TimeAxis axis{.first = span ? span->first : 0, .last = span ? span->second : 0, .f = &f};
  std::string out = svg_open(f, chart.id, chart.title) + legend_svg;
  out += y_axis(f, chart.y_title) + x_title(f, "Quarter");
  if (span) {
    out += time_ticks(f, axis);
  }
  out += limit_line(f, 5, "5 %", k_orange) + limit_line(f, 3, "3 %", k_purple);
  for (const auto& s : chart.series) {
    out += series_svg(f, axis, s);
  }
  return figure(out, chart.caption);
}

std::string
trend_chart(const Report& report)
{
  TimeChart chart{.id = "chart-trend",
                  .title = "Average cost over time, with the 5 % and 3 % targets",
                  .y_title = "Total cost, % of amount sent",
                  .caption = "",
                  .series = {},
                  .extent = std::nullopt};
  const auto drawn = trend_series(report);
  chart.caption = trend_caption(report, drawn);
  if (!report.history.empty()) {
    chart.extent = std::pair{report.history.front().quarter, report.history.back().quarter};
  }
  for (const auto& s : drawn) {
    TimeSeries series{.css = s.css, .label = s.label, .colour = s.colour, .dashed = s.dashed, .points = {}};
    for (const auto& h : report.history) {
      if (const auto v = s.read(h)) {
        series.points.emplace_back(h.quarter, *v);
      }
    }
    chart.series.push_back(std::move(series));
  }
  return time_chart(chart);
}

namespace {

// The rows of the channel chart: the four usual channels always (RPW's
// own chart shows them), "other" only when the data has it.
std::vector<GroupRow>
channel_rows(const Report& report)
{
  std::vector<GroupRow> rows;
  for (const auto type : corridors::k_all_firm_types) {
    const std::string id(corridors::to_string(type));
    const auto found = std::ranges::find(report.by_firm_type, id, &GroupRow::id);
    if (found != report.by_firm_type.end()) {
      rows.push_back(*found);
    } else if (type != corridors::FirmType::other) {
      rows.push_back({id, std::string(corridors::display_name(type)), {}});
    }
  }
  for (const auto& row : report.by_firm_type) {
    if (std::ranges::find(rows, row.id, &GroupRow::id) == rows.end()) {
      rows.push_back(row);
    }
  }
  return rows;
}

// A category label on one or two lines under its slot.
std::string
category_label(const Frame& f, double cx, double slot, const std::string& label)
{
  const auto per_line = static_cast<size_t>(std::max(4.0, slot / (11 * 0.6)));
  std::vector<std::string> lines(1);
  for (size_t start = 0; start < label.size();) {
    size_t end = label.find(' ', start);
    end = end == std::string::npos ? label.size() : end;
    const std::string word = label.substr(start, end - start);
    if (!lines.back().empty() && lines.back().size() + 1 + word.size() > per_line
        && lines.size() < 2) {
      lines.emplace_back();
    }
    lines.back() += (lines.back().empty() ? "" : " ") + word;
    start = end + 1;
  }
  std::string out = fmt::format(
    R"(<text class="category" x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">)", cx,
    f.base() + 16);
  for (size_t i = 0; i < lines.size(); ++i) {
    out += fmt::format(R"(<tspan x="{:.1f}" dy="{}">{}</tspan>)", cx, i == 0 ? 0 : 13,
                       escape_html(lines[i]));
  }
  return out + "</text>";
}

std::string
channel_bar(const Frame& f, double cx, double slot, const GroupRow& row)
{
  if (!row.figure.value) {
    return fmt::format(
      R"(<text class="no-data" x="{:.1f}" y="{:.1f}" font-size="11" font-style="italic" )"
      R"(text-anchor="middle" fill="{}">no data</text>)",
      cx, f.base() - 6, k_muted);
  }
  const double y = f.y(*row.figure.value);
  return fmt::format(
    R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">)"
    R"(<title>{}: {} % ({} services)</title></rect>)"
    R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle" stroke="#fff" )"
    R"(stroke-width="3" paint-order="stroke">{}</text>)",
    cx - slot * 0.3, y, slot * 0.6, f.base() - y, k_blue, escape_html(row.label),
    format_percent(row.figure.value), row.figure.count, cx, y - 4,
    format_percent(row.figure.value));
}

} // namespace

std::string
channel_chart(const Report& report)
{
  const auto rows = channel_rows(report);
  Frame f;
  double highest = 6;
  for (const auto& row : rows) {
    highest = std::max(highest, row.figure.value.value_or(0));
  }
  f.y_max = std::ceil(highest * 1.1 / 2) * 2; // headroom for the value above the bar
  const std::string legend_svg =
    legend(f, {{"Average total cost of the channel's services", k_blue, "bar"},
               {"5 %", k_orange, "target"},
               {"3 % (SDG 10.c)", k_purple, "target"}});
  std::string out =
    svg_open(f, "chart-channels", "Average total cost by type of provider") + legend_svg;
  out += y_axis(f, "Total cost, %") + x_title(f, "Type of provider");
  out += limit_line(f, 5, "5 %", k_orange) + limit_line(f, 3, "3 %", k_purple);
  const double slot = f.plot_width() / static_cast<double>(std::max<size_t>(rows.size(), 1));
  size_t empty = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const double cx = f.left + slot * (static_cast<double>(i) + 0.5);
    out += channel_bar(f, cx, slot, rows[i]) + category_label(f, cx, slot, rows[i].label);
    empty += rows[i].figure.value ? 0U : 1U;
  }
  return figure(
    out, fmt::format(
           "Average total cost of sending USD {} by type of provider, percent of the amount "
           "sent{}.",
           report.amount,
           empty == 0 ? "" : "; \"no data\": no transparent service of that type this quarter"));
}

std::string
distribution_chart(const Report& report)
{
  constexpr size_t bins = 16; // 0–1, …, 14–15, 15 and above
  std::array<size_t, bins> counts{};
  for (const auto& row : report.corridors.all) {
    ++counts[static_cast<size_t>(
      std::clamp(std::floor(row.average), 0.0, static_cast<double>(bins - 1)))];
  }
  Frame f;
  const size_t highest = std::max<size_t>(1, *std::ranges::max_element(counts));
  f.y_max = std::ceil(static_cast<double>(highest) * 1.1 / 5) * 5;
  const std::string legend_svg = legend(f, {{"Corridors in the band", k_blue, "bar"},
                                            {"3 % (SDG 10.c)", k_purple, "target"},
                                            {"5 %", k_orange, "target"}});
  const double slot = f.plot_width() / bins;
  const auto x_of = [&](double pct) { return f.left + slot * pct; };
  std::string out =
    svg_open(f, "chart-distribution", "Distribution of corridor averages") + legend_svg;
  out += y_axis(f, "Corridors") + x_title(f, "Average total cost of the corridor, % (1 pp bands)");
  for (size_t i = 0; i < bins; ++i) {
    const double y = f.y(static_cast<double>(counts[i]));
    out += fmt::format(
      R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">)"
      R"(<title>{}{} %: {} corridors</title></rect>)",
      x_of(static_cast<double>(i)) + 1, y, slot - 2, f.base() - y, k_blue, i,
      i + 1 == bins ? " and above" : fmt::format("–{}", i + 1), counts[i]);
    out += x_tick(f, x_of(static_cast<double>(i)), i + 1 == bins ? "15+" : std::to_string(i));
  }
  for (const auto& [limit, colour] : {std::pair{3.0, k_purple}, std::pair{5.0, k_orange}}) {
    out += fmt::format(
      R"(<line class="target-line" x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}" stroke="{3}" )"
      R"(stroke-dasharray="6 4" stroke-width="1.5"/>)",
      x_of(limit), f.top, f.base(), colour);
  }
  return figure(
    out,
    fmt::format("Number of corridors by average total cost in {}, in 1 pp bands; the last band is "
                "15 % and above. {} corridors.",
                report.quarter.to_string(), report.corridors.all.size()));
}

} // namespace rw::reports
