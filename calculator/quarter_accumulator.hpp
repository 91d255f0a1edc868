#pragma once

// QuarterAccumulator: one quarter's aggregates built one service at a time,
// in any order and split over threads, finished into QuarterAggregates.

#include "calculator/quarter_aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/firm_type.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"

#include <memory>
#include <optional>
#include <string_view>

namespace rw::calculator {

// One service as QuarterAccumulator sees it: views into the caller's data,
// valid for the call only.
struct ServiceView
{
  std::string_view sender;
  std::string_view receiver;
  std::string_view provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
  bool accessible = true;
  double total_pct = 0;
};

// The aggregates of one quarter, built one service at a time in any order
// (each service added once: collapse() first when a service has several
// quotes). Accumulators filled from parts of the data (threads) merge into
// one; the result is the same bits whatever the order or split.
class QuarterAccumulator
{
public:
  QuarterAccumulator(corridors::Quarter quarter, const corridors::Catalogue& catalogue);
  QuarterAccumulator(QuarterAccumulator&&) noexcept;
  QuarterAccumulator& operator=(QuarterAccumulator&&) noexcept;
  ~QuarterAccumulator();

  // `service_key` names the service among equally cheap ones (the first in
  // key order is the corridor's cheapest); it is called only when the
  // service's total is at most the corridor's cheapest so far, so a caller
  // streaming millions of rows builds few keys.
  template <typename KeyFn>
  void add(const ServiceView& service, KeyFn&& service_key)
  {
    Corridor& corridor = find(service.sender, service.receiver);
    if (service.transparent && at_most_cheapest(corridor, service.total_pct)) {
      offer_cheapest(corridor, service, service_key());
    }
    add_to(corridor, service);
  }

  // Adds `other`'s services; on equal cheapest totals and keys, this
  // accumulator's service (the earlier part of the data) wins.
  void merge(QuarterAccumulator&& other);

  corridors::Quarter quarter() const;
  QuarterAggregates finish() const;

  struct Corridor;

private:
  Corridor& find(std::string_view sender, std::string_view receiver);
  static bool at_most_cheapest(const Corridor& corridor, double total);
  static void offer_cheapest(Corridor& corridor, const ServiceView& service, std::string_view key);
  void add_to(Corridor& corridor, const ServiceView& service);

  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace rw::calculator
