#pragma once

// Collapsing quotes to services: one value per (quarter, corridor, service),
// the mean of its quotes. Group is the running sums of one service, shared
// with aggregate_quarter() and SortedAggregator, which collapse as they go.

#include "calculator/observe.hpp"
#include "corridors/quarter.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace rw::calculator {

// Sums of one service's figures, weighted by the quotes behind each
// observation so that collapsing part of the quotes first changes nothing.
struct Sums
{
  double fee = 0;
  double fx = 0;
  double total = 0;
  size_t quotes = 0;

  void add(double fee_pct, double fx_margin_pct, double total_pct, size_t quotes_behind)
  {
    const auto weight = static_cast<double>(quotes_behind);
    fee += fee_pct * weight;
    fx += fx_margin_pct * weight;
    total += total_pct * weight;
    quotes += quotes_behind;
  }
};

// One service's figures collapsed over its observations.
struct Collapsed
{
  size_t last = 0; // index of the service's last observation, in input order
  bool transparent = false;
  double fee_pct = 0, fx_margin_pct = 0, total_pct = 0;
  size_t quotes = 0;
};

struct Group
{
  size_t last = 0;  // index of the group's last observation, in input order
  Sums transparent; // over the transparent observations
  Sums all;         // over every observation (used when none is transparent)

  void add(double fee_pct, double fx_margin_pct, double total_pct, bool is_transparent, size_t quotes)
  {
    // A hand-made observation claiming no quote still stands for one.
    const size_t quotes_behind = std::max<size_t>(quotes, 1);
    all.add(fee_pct, fx_margin_pct, total_pct, quotes_behind);
    if (is_transparent) {
      transparent.add(fee_pct, fx_margin_pct, total_pct, quotes_behind); // undisclosed rates say nothing about the cost
    }
  }

  Collapsed collapse() const
  {
    const bool is_transparent = transparent.quotes > 0;
    const Sums& sums = is_transparent ? transparent : all;
    const auto quotes = static_cast<double>(sums.quotes);
    return {.last = last,
            .transparent = is_transparent,
            .fee_pct = sums.fee / quotes,
            .fx_margin_pct = sums.fx / quotes,
            .total_pct = sums.total / quotes,
            .quotes = sums.quotes};
  }
};

// The services among the observations (of quarter `only`, or of every
// quarter), in key order. Collapsed::last indexes `observations`.
std::vector<Collapsed> collapse_groups(std::span<const ServiceCost> observations,
                                       std::optional<corridors::Quarter> only);

// One value per (quarter, corridor, service): the mean of its transparent
// quotes' figures (an observation standing for n quotes weighs n); a service
// none of whose quotes were transparent stays, marked non-transparent.
// Descriptive fields come from the last observation in input order. Sorted by
// quarter, corridor and service key.
std::vector<ServiceCost> collapse(std::span<const ServiceCost> observations);

} // namespace rw::calculator
