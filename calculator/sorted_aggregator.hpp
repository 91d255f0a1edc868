#pragma once

// SortedAggregator: every quarter's aggregates from observations streamed in
// collapse()'s order, each service collapsed as its last quote passes.

#include "calculator/quarter_aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/firm_type.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string_view>

namespace rw::calculator {

// One observation as views, valid for the call (a stored quote's cost as it
// is read, say): what a ServiceCost holds, without owning its strings.
struct ObservationView
{
  corridors::Quarter quarter{2000, 1};
  std::string_view sender, receiver, service_key, provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
  bool accessible = true;
  double fee_pct = 0, fx_margin_pct = 0, total_pct = 0;
};

// The aggregates of every quarter, built as the observations arrive in
// collapse()'s order (quarter, corridor, service key; a service's quotes in
// any order among themselves): each service is collapsed when its last quote
// has passed, and no observation is kept. The figures are aggregate_quarter()'s
// over the same observations, bit for bit. An observation out of that order
// is refused (add() returns false, and every later call too): the caller then
// collects the observations and uses aggregate_quarter().
class SortedAggregator
{
public:
  explicit SortedAggregator(const corridors::Catalogue& catalogue);
  SortedAggregator(SortedAggregator&&) noexcept;
  SortedAggregator& operator=(SortedAggregator&&) noexcept;
  ~SortedAggregator();

  bool add(const ObservationView& observation);
  // Each quarter seen with its aggregates. Only after every add() succeeded.
  std::map<corridors::Quarter, QuarterAggregates> finish();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace rw::calculator
