#pragma once

#include "reports/report.hpp"

#include <string>

namespace rw::reports {

// The HTML report's charts: each a <figure> holding an inline SVG (a 720
// unit wide viewBox that scales down with the page) and a caption naming
// only what is drawn. Every chart has axis titles and a legend of the
// series it draws; names from the data are escaped.

// Average cost over time on a true time axis (x proportional to the quarter
// index): the World Bank's published global average, remitwatch's computed
// figures and the 5 % and 3 % target lines. SVG id "chart-trend".
std::string trend_chart(const Report& report);

// Average cost by type of provider: the four usual channels always, a
// channel without a value of this quarter shown as "no data". SVG id
// "chart-channels".
std::string channel_chart(const Report& report);

// How many corridors fall in each 1 pp band of average cost. SVG id
// "chart-distribution".
std::string distribution_chart(const Report& report);

} // namespace rw::reports
