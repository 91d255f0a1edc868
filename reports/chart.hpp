#pragma once

#include "reports/report.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rw::reports {

// The HTML report's charts: each a <figure> holding an inline SVG (a 720
// unit wide viewBox that scales down with the page) and a caption naming
// only what is drawn. Every chart has axis titles and a legend of the
// series it draws; names from the data are escaped.

// Average cost over time on a true time axis (x proportional to the quarter
// index): the World Bank's published global average, remitwatch's computed
// figures and the 5 % and 3 % target lines. SVG id "chart-trend".
std::string trend_chart(const Report& report);

// A line chart of percentages over quarters on a true time axis, with the
// 5 % and 3 % target lines: the trend chart's drawing, open to any series
// (a corridor's average, cheapest, SmaRT, DataBank value).
struct TimeSeries
{
  std::string css;    // class of its line and dots
  std::string label;  // in the legend
  const char* colour; // "#0969da"
  bool dashed = false;
  std::vector<std::pair<corridors::Quarter, double>> points; // in quarter order
};

struct TimeChart
{
  std::string id, title; // the SVG's id and title
  std::string y_title;   // "Total cost, % of amount sent"
  std::string caption;   // under the chart: says what is drawn
  std::vector<TimeSeries> series;
  // The quarters the axis spans; empty: from the first to the last point.
  std::optional<std::pair<corridors::Quarter, corridors::Quarter>> extent;
};

std::string time_chart(const TimeChart& chart);

// Average cost by type of provider: the four usual channels always, a
// channel without a value of this quarter shown as "no data". SVG id
// "chart-channels".
std::string channel_chart(const Report& report);

// How many corridors fall in each 1 pp band of average cost. SVG id
// "chart-distribution".
std::string distribution_chart(const Report& report);

} // namespace rw::reports
