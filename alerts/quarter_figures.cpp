#include "alerts/quarter_figures.hpp"

#include "datasets/corridor_series.hpp"
#include "datasets/stored_costs.hpp"
#include "store/queries.hpp"

#include <fmt/format.h>

#include <vector>

namespace rw::alerts {

namespace {

using corridors::Quarter;

// The report's rule: a corridor with service rows is computed; the published
// value stands in only for a corridor without them.
void
add_corridors(QuarterFigures& figures, const std::vector<store::SeriesRecord>* series)
{
  if (figures.aggregates) {
    for (const auto& corridor : figures.aggregates->corridors) {
      if (corridor.average) {
        figures.corridors[corridor.corridor] = {*corridor.average, &corridor};
      }
    }
  }
  if (series != nullptr) {
    for (const auto& value : *series) {
      figures.corridors.try_emplace({value.sender, value.receiver}, CorridorFigure{value.value, nullptr});
    }
  }
}

util::Error
no_data_for(store::Database& database, int amount, Quarter quarter, const QuarterHistory& history)
{
  return {util::ErrorKind::invalid_argument,
          history.quarters.empty()
            ? fmt::format("{}: no data for {} at USD {}, nor for any earlier quarter", database.path(),
                          quarter.to_string(), amount)
            : fmt::format("{}: no data for {} at USD {}; earlier quarters with data: {} to {}", database.path(),
                          quarter.to_string(), amount, history.quarters.begin()->first.to_string(),
                          history.quarters.rbegin()->first.to_string())};
}

} // namespace

MeanChange
change_of(const QuarterFigures& now,
          const QuarterFigures& then,
          const std::function<calculator::Mean(const calculator::QuarterAggregates&)>& read)
{
  MeanChange change;
  if (!now.aggregates) {
    return change;
  }
  change.now = read(*now.aggregates);
  if (then.aggregates) {
    const auto before = read(*then.aggregates).value;
    if (change.now.value && before) {
      change.change_pp = *change.now.value - *before;
    }
  }
  return change;
}

util::Expected<std::optional<QuarterHistory>>
load_quarter_history(store::Database& database,
                     const corridors::Catalogue& catalogue,
                     int amount,
                     std::optional<Quarter> quarter)
{
  auto aggregates = datasets::aggregate_stored_quarters(database, amount, std::nullopt, quarter, catalogue);
  if (!aggregates) {
    return std::unexpected(aggregates.error());
  }
  std::map<Quarter, std::vector<store::SeriesRecord>> series;
  if (amount == 200) {
    auto loaded = datasets::load_corridor_series(database, quarter);
    if (!loaded) {
      return std::unexpected(loaded.error());
    }
    series = std::move(loaded->by_quarter);
  }
  QuarterHistory history;
  for (auto& [period, aggregate] : *aggregates) {
    history.quarters[period].aggregates = std::move(aggregate);
  }
  for (const auto& [period, values] : series) {
    history.quarters[period]; // a quarter with series values only
  }
  for (auto& [period, figures] : history.quarters) {
    auto it = series.find(period);
    add_corridors(figures, it != series.end() ? &it->second : nullptr);
  }

  if (quarter && !history.quarters.contains(*quarter)) {
    return std::unexpected(no_data_for(database, amount, *quarter, history));
  }
  if (history.quarters.empty()) {
    return std::nullopt; // nothing to compare yet: the quarter rules are silent
  }
  history.focus(quarter.value_or(history.quarters.rbegin()->first));
  return history;
}

void
QuarterHistory::focus(Quarter quarter)
{
  current = quarter;
  const auto it = quarters.find(current);
  previous = it != quarters.begin() ? std::optional(std::prev(it)->first) : std::nullopt;
  year_ago = quarters.contains(current.year_ago()) ? std::optional(current.year_ago()) : std::nullopt;
}

} // namespace rw::alerts
