#include "calculator/aggregates.hpp"

#include "calculator/cost.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace rw::calculator {

namespace {

using corridors::FirmType;
using corridors::IncomeGroup;

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

auto
group_key(const ServiceCost& cost)
{
  return std::tie(cost.quarter, cost.corridor, cost.service_key);
}

Smart
smart_of(std::vector<double>& qualifying_totals)
{
  Smart smart;
  smart.qualifying = qualifying_totals.size();
  if (qualifying_totals.empty()) {
    return smart;
  }
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

} // namespace

namespace {

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
    if (!(quote.amount > 0) || quote.fee < 0) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              "a published cost needs a positive amount and a non-negative fee");
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
  std::vector<size_t> order(observations.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Stable: within a service, input order (chronological) is kept, so the
  // last observation's descriptive fields win.
  std::ranges::stable_sort(order, [&](size_t a, size_t b) {
    return group_key(observations[a]) < group_key(observations[b]);
  });
  std::vector<ServiceCost> services;
  size_t begin = 0;
  while (begin < order.size()) {
    size_t end = begin + 1;
    while (end < order.size()
           && group_key(observations[order[end]]) == group_key(observations[order[begin]])) {
      ++end;
    }
    ServiceCost service = observations[order[end - 1]];
    const bool any_transparent = std::any_of(order.begin() + static_cast<std::ptrdiff_t>(begin),
                                             order.begin() + static_cast<std::ptrdiff_t>(end),
                                             [&](size_t i) { return observations[i].transparent; });
    double fee = 0;
    double fx = 0;
    double total = 0;
    size_t count = 0;
    size_t values = 0;
    for (size_t k = begin; k < end; ++k) {
      const ServiceCost& o = observations[order[k]];
      if (any_transparent && !o.transparent) {
        continue; // an undisclosed rate says nothing about the cost
      }
      fee += o.fee_pct;
      fx += o.fx_margin_pct;
      total += o.total_pct;
      count += o.quotes;
      ++values;
    }
    service.transparent = any_transparent;
    service.fee_pct = fee / static_cast<double>(values);
    service.fx_margin_pct = fx / static_cast<double>(values);
    service.total_pct = total / static_cast<double>(values);
    service.quotes = count;
    services.push_back(std::move(service));
    begin = end;
  }
  return services;
}

QuarterAggregates
aggregate_quarter(std::span<const ServiceCost> observations,
                  corridors::Quarter quarter,
                  const corridors::Catalogue& catalogue)
{
  std::vector<ServiceCost> in_quarter;
  for (const auto& observation : observations) {
    if (observation.quarter == quarter) {
      in_quarter.push_back(observation);
    }
  }
  const std::vector<ServiceCost> services = collapse(in_quarter); // sorted by corridor, key

  QuarterAggregates result;
  result.quarter = quarter;
  for (const auto type : corridors::k_all_firm_types) {
    result.by_firm_type[type] = Mean{};
  }

  MeanAccumulator global;
  std::map<FirmType, MeanAccumulator> by_firm_type;
  std::map<std::string, MeanAccumulator> by_region;
  std::map<IncomeGroup, MeanAccumulator> by_receiver_income;
  MeanAccumulator g20_senders;
  MeanAccumulator g20_receivers;
  MeanAccumulator south_south;
  MeanAccumulator north_south;
  MeanAccumulator south_north;
  MeanAccumulator north_north;

  size_t begin = 0;
  while (begin < services.size()) {
    size_t end = begin + 1;
    while (end < services.size() && services[end].corridor == services[begin].corridor) {
      ++end;
    }
    CorridorAverage corridor;
    corridor.corridor = services[begin].corridor;
    const corridors::Country* sender = catalogue.find_country(corridor.corridor.sender);
    const corridors::Country* receiver = catalogue.find_country(corridor.corridor.receiver);
    MeanAccumulator corridor_mean;
    std::vector<double> smart_totals;
    for (size_t i = begin; i < end; ++i) {
      const ServiceCost& s = services[i];
      if (!s.transparent) {
        ++corridor.excluded_non_transparent;
        continue;
      }
      corridor_mean.add(s.total_pct);
      corridor.cheapest = corridor.cheapest ? std::min(*corridor.cheapest, s.total_pct) : s.total_pct;
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
      if (sender == nullptr || receiver == nullptr) {
        ++result.unknown_countries;
        continue;
      }
      by_region[region_bucket(*receiver)].add(s.total_pct);
      by_receiver_income[receiver->income].add(s.total_pct);
      if (sender->g20) {
        g20_senders.add(s.total_pct);
      }
      if (receiver->g20) {
        g20_receivers.add(s.total_pct);
      }
      const bool north_sender = sender->income == IncomeGroup::high;
      const bool north_receiver = receiver->income == IncomeGroup::high;
      (north_sender ? (north_receiver ? north_north : north_south)
                    : (north_receiver ? south_north : south_south))
        .add(s.total_pct);
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
    result.corridors.push_back(std::move(corridor));
    begin = end;
  }

  result.global = global.result();
  for (const auto& [type, accumulator] : by_firm_type) {
    result.by_firm_type[type] = accumulator.result();
  }
  for (const auto& [region, accumulator] : by_region) {
    result.by_region[region] = accumulator.result();
  }
  for (const auto& [group, accumulator] : by_receiver_income) {
    result.by_receiver_income[group] = accumulator.result();
  }
  result.g20_senders = g20_senders.result();
  result.g20_receivers = g20_receivers.result();
  result.south_south = south_south.result();
  result.north_south = north_south.result();
  result.south_north = south_north.result();
  result.north_north = north_north.result();

  MeanAccumulator corridor_means;
  MeanAccumulator smart_means;
  double weighted_sum = 0;
  for (const auto& corridor : result.corridors) {
    if (corridor.smart.value) {
      smart_means.add(*corridor.smart.value);
      ++result.shares.smart_corridors;
      if (*corridor.smart.value <= 5.0) {
        ++result.shares.smart_at_most_5;
      }
    } else {
      ++result.smart_not_available;
    }
    if (!corridor.average) {
      continue; // only non-transparent services: no average to weigh or band
    }
    const double average = *corridor.average;
    corridor_means.add(average);
    ++result.shares.corridors;
    if (average <= 3.0) {
      ++result.shares.at_most_3;
    } else if (average <= 5.0) {
      ++result.shares.from_3_to_5;
    } else {
      ++result.shares.above_5;
    }
    const corridors::CorridorInfo* info = catalogue.find_corridor(corridor.corridor);
    if (info == nullptr || !info->flow_usd || *info->flow_usd <= 0) {
      ++result.weighted.corridors_without_flow;
      continue;
    }
    weighted_sum += average * *info->flow_usd;
    result.weighted.total_flow_usd += *info->flow_usd;
    ++result.weighted.corridors_used;
  }
  if (result.weighted.total_flow_usd > 0) {
    result.weighted.value = weighted_sum / result.weighted.total_flow_usd;
  }
  result.mean_of_corridor_averages = corridor_means.result();
  result.smart_global = smart_means.result();
  return result;
}

Change
change(std::optional<double> current, std::optional<double> previous, std::optional<double> year_ago)
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
