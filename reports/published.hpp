#pragma once

#include "corridors/quarter.hpp"
#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::reports {

// A figure the World Bank published (global average, weighted average,
// SmaRT, a channel or region; USD 200, percent), with where it was published.
// Shown beside our own figures, never mixed with them.
struct PublishedFigure
{
  corridors::Quarter period{2000, 1};
  std::string measure; // "global", "weighted", "smart", "bank", "region_ssa", …
  double value = 0;
  std::string source;
};

// reports/data/published.csv, compiled in.
util::Expected<std::vector<PublishedFigure>> published_figures();

// Parses a file of the same format; errors name the file and line.
util::Expected<std::vector<PublishedFigure>> parse_published(std::string_view csv, const std::string& name);

// The figure for a period and measure, if published.
std::optional<PublishedFigure> find_published(const std::vector<PublishedFigure>& figures,
                                              corridors::Quarter period,
                                              std::string_view measure);

} // namespace rw::reports
