#include "calculator/aggregates.hpp"

#include "calculator/cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace rw::calculator {

namespace {

using corridors::FirmType;
using corridors::IncomeGroup;

// Band limits are decimal (3 %, 5 %) but averages are binary: the mean of
// 2.04, 5.99 and 0.97 comes out as 3.0000000000000004. A value within this
// distance of a limit counts as on it, so binary rounding never moves a
// corridor into the next band.
constexpr double k_band_tolerance_pp = 1e-9;

bool
at_most(double value, double limit)
{
  return value <= limit + k_band_tolerance_pp;
}

// Sums in the order values are added; the order is fixed by the caller
// (services sorted by corridor and key), so results repeat bit for bit.
class MeanAccumulator
{
public:
  void add(double value)
  {
    m_sum += value;
    ++m_count;
  }

  size_t count() const { return m_count; }

  Mean result() const
  {
    Mean mean;
    mean.count = m_count;
    if (m_count > 0) {
      mean.value = m_sum / static_cast<double>(m_count);
    }
    return mean;
  }

private:
  double m_sum = 0;
  size_t m_count = 0;
};

// A service's identity within the quarter, viewing the observation's strings
// (no copy per row).
struct GroupKey
{
  int quarter = 0; // Quarter::index()
  std::string_view sender;
  std::string_view receiver;
  std::string_view service_key;

  bool operator==(const GroupKey&) const = default;
};

GroupKey
group_key(const ServiceCost& cost)
{
  return {cost.quarter.index(), cost.corridor.sender, cost.corridor.receiver, cost.service_key};
}

struct GroupKeyHash
{
  size_t operator()(const GroupKey& key) const noexcept
  {
    const std::hash<std::string_view> hash;
    size_t seed = std::hash<int>{}(key.quarter);
    for (const std::string_view part : {key.sender, key.receiver, key.service_key}) {
      seed ^= hash(part) + size_t{0x9e3779b97f4a7c15} + (seed << 6) + (seed >> 2);
    }
    return seed;
  }
};

bool
key_less(const ServiceCost& a, const ServiceCost& b)
{
  return std::tie(a.quarter, a.corridor, a.service_key)
         < std::tie(b.quarter, b.corridor, b.service_key);
}

// Sums of one service's figures, weighted by the quotes behind each
// observation so that collapsing part of the quotes first changes nothing.
struct Sums
{
  double fee = 0;
  double fx = 0;
  double total = 0;
  size_t quotes = 0;

  void add(const ServiceCost& o, size_t quotes_behind)
  {
    const auto weight = static_cast<double>(quotes_behind);
    fee += o.fee_pct * weight;
    fx += o.fx_margin_pct * weight;
    total += o.total_pct * weight;
    quotes += quotes_behind;
  }
};

struct Group
{
  size_t last = 0;  // index of the group's last observation, in input order
  Sums transparent; // over the transparent observations
  Sums all;         // over every observation (used when none is transparent)
};

// collapse() over the observations of one quarter, or of every quarter.
std::vector<ServiceCost>
collapse_where(std::span<const ServiceCost> observations, std::optional<corridors::Quarter> only)
{
  // One pass with a hash map: linear in the rows, and each group's sums are
  // added in input order, so the figures do not depend on the map's layout.
  std::unordered_map<GroupKey, size_t, GroupKeyHash> index;
  std::vector<Group> groups;
  std::optional<GroupKey> previous_key;
  size_t previous_group = 0;
  for (size_t i = 0; i < observations.size(); ++i) {
    const ServiceCost& o = observations[i];
    if (only && o.quarter != *only) {
      continue;
    }
    // The store hands quotes over sorted by service: most rows belong to the
    // previous row's service and need no hashing.
    const GroupKey key = group_key(o);
    if (!previous_key || key != *previous_key) {
      const auto [it, inserted] = index.try_emplace(key, groups.size());
      if (inserted) {
        groups.emplace_back();
      }
      previous_key = key;
      previous_group = it->second;
    }
    Group& group = groups[previous_group];
    group.last = i;
    // A hand-made observation claiming no quote still stands for one.
    const size_t quotes_behind = std::max<size_t>(o.quotes, 1);
    group.all.add(o, quotes_behind);
    if (o.transparent) {
      group.transparent.add(o, quotes_behind); // undisclosed rates say nothing about the cost
    }
  }

  std::vector<size_t> order(groups.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::ranges::sort(order, [&](size_t a, size_t b) {
    return key_less(observations[groups[a].last], observations[groups[b].last]);
  });

  std::vector<ServiceCost> services;
  services.reserve(groups.size());
  for (const size_t g : order) {
    const Group& group = groups[g];
    const bool transparent = group.transparent.quotes > 0;
    const Sums& sums = transparent ? group.transparent : group.all;
    const auto quotes = static_cast<double>(sums.quotes);
    ServiceCost service = observations[group.last];
    service.transparent = transparent;
    service.fee_pct = sums.fee / quotes;
    service.fx_margin_pct = sums.fx / quotes;
    service.total_pct = sums.total / quotes;
    service.quotes = sums.quotes;
    services.push_back(std::move(service));
  }
  return services;
}

Smart
smart_of(std::vector<double>& qualifying_totals)
{
  Smart smart;
  smart.qualifying = qualifying_totals.size();
  if (qualifying_totals.empty()) {
    return smart;
  }
  // Ties among the cheapest do not matter: equal totals give the same mean.
  const size_t n = std::min<size_t>(3, qualifying_totals.size());
  std::partial_sort(qualifying_totals.begin(),
                    qualifying_totals.begin() + static_cast<std::ptrdiff_t>(n),
                    qualifying_totals.end());
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    sum += qualifying_totals[i];
  }
  smart.value = sum / static_cast<double>(n);
  smart.fewer_than_three = n < 3;
  return smart;
}

bool
qualifies_for_smart(const ServiceCost& service)
{
  // An unknown speed is not evidence of delivery within five days.
  return service.transparent && service.accessible && service.speed.has_value()
         && corridors::within_five_days(*service.speed);
}

std::string
region_bucket(const corridors::Country& receiver)
{
  if (receiver.income == IncomeGroup::high) {
    return "high_income";
  }
  return std::string(corridors::to_string(receiver.region));
}

// The groupings a corridor's services fall into, resolved once per corridor.
// Empty when the sender or receiver is not in the catalogue.
struct CorridorGroups
{
  MeanAccumulator* region = nullptr;
  MeanAccumulator* receiver_income = nullptr;
  MeanAccumulator* g20_senders = nullptr;
  MeanAccumulator* g20_receivers = nullptr;
  MeanAccumulator* north_south = nullptr; // one of the four North/South accumulators

  bool known() const { return region != nullptr; }

  void add(double total) const
  {
    region->add(total);
    receiver_income->add(total);
    if (g20_senders != nullptr) {
      g20_senders->add(total);
    }
    if (g20_receivers != nullptr) {
      g20_receivers->add(total);
    }
    north_south->add(total);
  }
};

// The service a quote describes, without its cost.
ServiceCost
describe(const corridors::Quote& quote)
{
  ServiceCost service;
  service.quarter = corridors::Quarter::from_time(quote.collected_at);
  service.corridor = quote.corridor;
  service.service_key = quote.service.key();
  service.provider = quote.service.provider;
  service.firm_type = quote.service.firm_type;
  service.speed = quote.service.speed;
  service.transparent = quote.transparent;
  service.accessible = quote.service.accessible;
  return service;
}

util::Expected<void>
require_finite(std::optional<double> value, const char* name)
{
  if (value && !std::isfinite(*value)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{} must be a finite number (got {})", name, *value));
  }
  return {};
}

} // namespace

util::Expected<ServiceCost>
observe(const corridors::Quote& quote)
{
  auto cost = quote_cost({.amount = quote.amount,
                          .fee = quote.fee,
                          .rate = quote.rate,
                          .benchmark = quote.benchmark,
                          .received = quote.received});
  if (!cost) {
    return std::unexpected(cost.error());
  }
  ServiceCost service = describe(quote);
  service.fee_pct = cost->fee_pct;
  service.fx_margin_pct = cost->fx_margin_pct;
  service.total_pct = cost->total_pct;
  return service;
}

util::Expected<ServiceCost>
observe(const corridors::Quote& quote, const SourceFigures& figures)
{
  ServiceCost service;
  if (figures.total_pct) {
    if (!std::isfinite(quote.amount) || quote.amount <= 0) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("amount must be positive (got {})", quote.amount));
    }
    if (!std::isfinite(quote.fee) || quote.fee < 0) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("fee must not be negative (got {})", quote.fee));
    }
    if (auto ok = require_finite(figures.total_pct, "published total cost %"); !ok) {
      return std::unexpected(ok.error());
    }
    if (auto ok = require_finite(figures.fx_margin_pct, "published FX margin %"); !ok) {
      return std::unexpected(ok.error());
    }
    service = describe(quote);
    service.quarter = figures.period;
    service.fee_pct = quote.fee / quote.amount * 100.0;
    service.total_pct = *figures.total_pct;
    service.fx_margin_pct = figures.fx_margin_pct.value_or(service.total_pct - service.fee_pct);
  } else {
    auto observed = observe(quote);
    if (!observed) {
      return observed;
    }
    service = std::move(*observed);
    service.quarter = figures.period;
  }
  if (!figures.service_key.empty()) {
    service.service_key = figures.service_key;
  }
  return service;
}

std::vector<ServiceCost>
collapse(std::span<const ServiceCost> observations)
{
  return collapse_where(observations, std::nullopt);
}

QuarterAggregates
aggregate_quarter(std::span<const ServiceCost> observations,
                  corridors::Quarter quarter,
                  const corridors::Catalogue& catalogue)
{
  // Sorted by corridor, then service key.
  const std::vector<ServiceCost> services = collapse_where(observations, quarter);

  QuarterAggregates result;
  result.quarter = quarter;
  for (const auto type : corridors::k_all_firm_types) {
    result.by_firm_type[type] = Mean{};
  }

  MeanAccumulator global;
  std::map<FirmType, MeanAccumulator> by_firm_type;
  // std::map: the accumulators stay where they are while others are added.
  std::map<std::string, MeanAccumulator> by_region;
  std::map<IncomeGroup, MeanAccumulator> by_receiver_income;
  MeanAccumulator g20_senders;
  MeanAccumulator g20_receivers;
  MeanAccumulator south_south;
  MeanAccumulator north_south;
  MeanAccumulator south_north;
  MeanAccumulator north_north;
  MeanAccumulator smart_means;
  std::vector<CorridorValue> corridor_values;
  std::vector<double> smart_totals;

  size_t begin = 0;
  while (begin < services.size()) {
    size_t end = begin + 1;
    while (end < services.size() && services[end].corridor == services[begin].corridor) {
      ++end;
    }
    CorridorAverage corridor;
    corridor.corridor = services[begin].corridor;

    CorridorGroups groups;
    const corridors::Country* sender = catalogue.find_country(corridor.corridor.sender);
    const corridors::Country* receiver = catalogue.find_country(corridor.corridor.receiver);
    if (sender != nullptr && receiver != nullptr) {
      groups.region = &by_region[region_bucket(*receiver)];
      groups.receiver_income = &by_receiver_income[receiver->income];
      groups.g20_senders = sender->g20 ? &g20_senders : nullptr;
      groups.g20_receivers = receiver->g20 ? &g20_receivers : nullptr;
      const bool north_sender = sender->income == IncomeGroup::high;
      const bool north_receiver = receiver->income == IncomeGroup::high;
      groups.north_south = north_sender ? (north_receiver ? &north_north : &north_south)
                                        : (north_receiver ? &south_north : &south_south);
    }

    MeanAccumulator corridor_mean;
    smart_totals.clear();
    for (size_t i = begin; i < end; ++i) {
      const ServiceCost& s = services[i];
      if (!s.transparent) {
        ++corridor.excluded_non_transparent;
        continue;
      }
      corridor_mean.add(s.total_pct);
      // The first of equal totals in service-key order names the cheapest.
      if (!corridor.cheapest || s.total_pct < *corridor.cheapest) {
        corridor.cheapest = s.total_pct;
        corridor.cheapest_provider = s.provider;
      }
      if (qualifies_for_smart(s)) {
        smart_totals.push_back(s.total_pct);
      }
      global.add(s.total_pct);
      by_firm_type[s.firm_type].add(s.total_pct);
      if (s.speed) {
        ++result.speed.counts[static_cast<size_t>(*s.speed)];
      } else {
        ++result.speed.unknown;
      }
      ++result.speed.total;
      if (groups.known()) {
        groups.add(s.total_pct);
      } else {
        ++result.unknown_countries;
      }
    }

    const Mean mean = corridor_mean.result();
    corridor.average = mean.value;
    corridor.services = mean.count;
    result.services += mean.count;
    result.excluded_non_transparent += corridor.excluded_non_transparent;
    if (corridor.average && corridor.cheapest) {
      corridor.spread = *corridor.average - *corridor.cheapest;
    }
    corridor.smart = smart_of(smart_totals);

    if (corridor.smart.value) {
      smart_means.add(*corridor.smart.value);
      ++result.shares.smart_corridors;
      if (at_most(*corridor.smart.value, 5.0)) {
        ++result.shares.smart_at_most_5;
      }
    } else {
      ++result.smart_not_available;
    }
    // A corridor with only non-transparent services has no average to band or weigh.
    if (corridor.average) {
      corridor_values.push_back({corridor.corridor, *corridor.average});
    }

    result.corridors.push_back(std::move(corridor));
    begin = end;
  }

  result.global = global.result();
  for (const auto& [type, accumulator] : by_firm_type) {
    result.by_firm_type[type] = accumulator.result();
  }
  // Only buckets with a service: a corridor whose services are all opaque
  // resolved its buckets without adding to them.
  for (const auto& [region, accumulator] : by_region) {
    if (accumulator.count() > 0) {
      result.by_region[region] = accumulator.result();
    }
  }
  for (const auto& [group, accumulator] : by_receiver_income) {
    if (accumulator.count() > 0) {
      result.by_receiver_income[group] = accumulator.result();
    }
  }
  result.g20_senders = g20_senders.result();
  result.g20_receivers = g20_receivers.result();
  result.south_south = south_south.result();
  result.north_south = north_south.result();
  result.south_north = south_north.result();
  result.north_north = north_north.result();
  const CorridorLevel level = corridor_level(corridor_values, catalogue);
  result.mean_of_corridor_averages = level.mean_of_corridor_averages;
  result.weighted = level.weighted;
  result.shares.corridors = level.shares.corridors;
  result.shares.at_most_3 = level.shares.at_most_3;
  result.shares.from_3_to_5 = level.shares.from_3_to_5;
  result.shares.above_5 = level.shares.above_5;
  result.smart_global = smart_means.result();
  return result;
}

bool
within_band(double value, double limit)
{
  return at_most(value, limit);
}

CorridorLevel
corridor_level(std::span<const CorridorValue> averages, const corridors::Catalogue& catalogue)
{
  CorridorLevel level;
  MeanAccumulator means;
  double weighted_sum = 0;
  for (const auto& [key, average] : averages) {
    means.add(average);
    ++level.shares.corridors;
    if (at_most(average, 3.0)) {
      ++level.shares.at_most_3;
    } else if (at_most(average, 5.0)) {
      ++level.shares.from_3_to_5;
    } else {
      ++level.shares.above_5;
    }
    const corridors::CorridorInfo* info = catalogue.find_corridor(key);
    if (info != nullptr && info->flow_usd && *info->flow_usd > 0) {
      weighted_sum += average * *info->flow_usd;
      level.weighted.total_flow_usd += *info->flow_usd;
      ++level.weighted.corridors_used;
    } else {
      ++level.weighted.corridors_without_flow;
    }
  }
  level.mean_of_corridor_averages = means.result();
  if (level.weighted.total_flow_usd > 0) {
    level.weighted.value = weighted_sum / level.weighted.total_flow_usd;
  }
  return level;
}

Change
change(std::optional<double> current,
       std::optional<double> previous,
       std::optional<double> year_ago)
{
  Change result;
  if (current && previous) {
    result.quarter_on_quarter_pp = *current - *previous;
  }
  if (current && year_ago) {
    result.year_on_year_pp = *current - *year_ago;
  }
  return result;
}

} // namespace rw::calculator
