#pragma once

// DataBank's published corridor averages (series ATCR.CORR, USD 200 figures)
// by quarter: the one reading of them that the report and the alerts share,
// so that both see the same corridors.

#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::datasets {

struct CorridorSeries
{
  std::map<corridors::Quarter, std::vector<store::SeriesRecord>> by_quarter;
  // Stored values whose period is not a quarter remitwatch reads: left out
  // and named ("DB: corridor series ATCR.CORR KEN-UGA 1899Q4: ..."), so one
  // bad row does not stop every read command.
  std::vector<std::string> skipped;
};

// The values of quarters up to `last` (all when empty) whose corridor `keep`
// accepts (all when empty).
util::Expected<CorridorSeries> load_corridor_series(
  store::Database& database,
  std::optional<corridors::Quarter> last,
  const std::function<bool(std::string_view sender, std::string_view receiver)>& keep = {});

} // namespace rw::datasets
