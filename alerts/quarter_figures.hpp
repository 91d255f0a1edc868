#pragma once

#include "calculator/aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <functional>
#include <map>
#include <optional>

namespace rw::alerts {

// The figures the quarter rules compare, read from the inputs the report
// reads and picked the way it picks them (reports/report.cpp: load_inputs,
// compute_quarters, Compared), so that an alert and the report never
// disagree; tests/unit/test_alerts.cpp holds the two side by side.

// One corridor's average in a quarter: computed from the services when the
// quarter has service rows for it, else the World Bank's published value
// (DataBank ATCR.CORR, USD 200 only).
struct CorridorFigure
{
  double average = 0;
  const calculator::CorridorAverage* computed = nullptr; // set when computed from services
};

struct QuarterFigures
{
  std::optional<calculator::QuarterAggregates> aggregates; // when the quarter has service rows
  std::map<corridors::CorridorKey, CorridorFigure> corridors;
};

// Every quarter with data up to the rules' quarter, and the two that quarter
// is compared with. Built in place and never copied: the corridor figures
// point into the aggregates.
struct QuarterHistory
{
  QuarterHistory() = default;
  QuarterHistory(QuarterHistory&&) = default; // moves the map's nodes: the pointers stay valid
  QuarterHistory& operator=(QuarterHistory&&) = default;
  QuarterHistory(const QuarterHistory&) = delete;
  QuarterHistory& operator=(const QuarterHistory&) = delete;

  std::map<corridors::Quarter, QuarterFigures> quarters;
  corridors::Quarter current{2000, 1};
  std::optional<corridors::Quarter> previous; // the latest earlier quarter with data
  std::optional<corridors::Quarter> year_ago; // exactly four quarters back, when it has data

  // Makes `quarter` (one of `quarters`) the current one, with the quarters it
  // is compared with: a run may evaluate several quarters (--since).
  void focus(corridors::Quarter quarter);

  const QuarterFigures& now() const { return quarters.at(current); }
  const QuarterFigures& at(corridors::Quarter quarter) const { return quarters.at(quarter); }
};

// A service-level mean in the current quarter and its change against an
// earlier quarter, in pp (the report's Figure: no change when either has no value).
struct MeanChange
{
  calculator::Mean now;
  std::optional<double> change_pp;
};

MeanChange change_of(const QuarterFigures& now,
                     const QuarterFigures& then,
                     const std::function<calculator::Mean(const calculator::QuarterAggregates&)>& read);

// The history of one standard amount up to `quarter` (empty: the latest
// quarter with data), aggregated once. nullopt when no quarter was asked for
// and the database holds no data for the amount yet; a quarter asked for
// that has no data is an error.
util::Expected<std::optional<QuarterHistory>> load_quarter_history(store::Database& database,
                                                                   const corridors::Catalogue& catalogue,
                                                                   int amount,
                                                                   std::optional<corridors::Quarter> quarter);

} // namespace rw::alerts
