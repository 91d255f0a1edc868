#include "datasets/corridor_series.hpp"

#include "store/queries.hpp"

#include <fmt/format.h>

namespace rw::datasets {

util::Expected<CorridorSeries>
load_corridor_series(store::Database& database,
                     std::optional<corridors::Quarter> last,
                     const std::function<bool(std::string_view sender, std::string_view receiver)>& keep)
{
  auto series = store::load_series_all(database, "ATCR.CORR");
  if (!series) {
    return std::unexpected(series.error());
  }
  CorridorSeries result;
  for (auto& value : *series) {
    auto period = corridors::Quarter::parse(value.period);
    if (!period) {
      result.skipped.push_back(fmt::format("{}: corridor series ATCR.CORR {}-{} {}: {}; left out", database.path(),
                                           value.sender, value.receiver, value.period, period.error().message));
      continue;
    }
    if ((last && *period > *last) || (keep && !keep(value.sender, value.receiver))) {
      continue;
    }
    result.by_quarter[*period].push_back(std::move(value));
  }
  return result;
}

} // namespace rw::datasets
