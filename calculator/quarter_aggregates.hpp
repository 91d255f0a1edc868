#pragma once

// The figures of one quarter (QuarterAggregates) and the pieces they are made
// of: what QuarterAccumulator::finish() and aggregate_quarter() return.

#include "calculator/exact_mean.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/firm_type.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rw::calculator {

// SmaRT of one corridor: the mean of the (up to) three cheapest services that
// are transparent, deliver within five days and are accessible.
struct Smart
{
  std::optional<double> value; // empty: no qualifying service ("n/a")
  size_t qualifying = 0;       // qualifying services in the corridor
  bool fewer_than_three = false; // flagged: the mean of fewer than three
};

struct CorridorAverage
{
  corridors::CorridorKey corridor;
  std::optional<double> average; // mean total cost % of the transparent services
  size_t services = 0;           // transparent services averaged
  size_t excluded_non_transparent = 0;
  std::optional<double> cheapest; // lowest total cost % among the transparent services
  std::string cheapest_provider;  // its provider (the first in service-key order on a tie)
  std::optional<double> spread;   // average − cheapest, pp
  Smart smart;
};

struct WeightedAverage
{
  std::optional<double> value;
  size_t corridors_used = 0;
  size_t corridors_without_flow = 0; // left out: no flow in the catalogue
  double total_flow_usd = 0;
};

// Shares of corridors (with an average) by cost band, and of corridors (with a
// SmaRT value) whose SmaRT is at most 5 %. A value within 1e-9 pp of a limit
// counts as on it (binary rounding of a decimal mean).
struct CorridorShares
{
  size_t corridors = 0;
  size_t at_most_3 = 0;       // average ≤ 3 %
  size_t from_3_to_5 = 0;     // 3 % < average ≤ 5 %
  size_t above_5 = 0;         // average > 5 %
  size_t smart_corridors = 0; // corridors with a SmaRT value
  size_t smart_at_most_5 = 0;
};

// Transparent services per RPW speed class.
struct SpeedDistribution
{
  std::array<size_t, corridors::k_all_speed_classes.size()> counts{};
  size_t unknown = 0;
  size_t total = 0; // including unknown
};

struct QuarterAggregates
{
  corridors::Quarter quarter{2000, 1};
  size_t services = 0;                 // transparent services (one per service)
  size_t excluded_non_transparent = 0; // services left out of every average
  size_t unknown_countries = 0;        // transparent services whose sender or receiver
                                       // is not in the catalogue (global only)
  std::vector<CorridorAverage> corridors; // ordered by corridor key
  Mean global;                            // service-level: the 5x5 / SDG 10.c.1 measure
  Mean mean_of_corridor_averages;         // for comparison; not a headline figure
  WeightedAverage weighted;
  std::map<corridors::FirmType, Mean> by_firm_type; // every firm type present as a key
  // Receiving-country bucket: a region code for low and middle income
  // receivers ("eap", "eca", "lac", "mena", "na", "sa", "ssa"),
  // "high_income" for high-income receivers. Only buckets with a service.
  std::map<std::string, Mean> by_region;
  Mean g20_senders;   // services sent from G20 countries
  Mean g20_receivers; // services sent to G20 countries
  std::map<corridors::IncomeGroup, Mean> by_receiver_income; // groups with a service only
  Mean south_south; // neither sender nor receiver high income
  Mean north_south; // high-income sender, not high-income receiver
  Mean south_north;
  Mean north_north;
  Mean smart_global; // mean of the corridor SmaRT values
  size_t smart_not_available = 0; // corridors with no qualifying service
  CorridorShares shares;
  SpeedDistribution speed;
};

} // namespace rw::calculator
