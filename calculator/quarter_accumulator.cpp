#include "calculator/quarter_accumulator.hpp"

#include "calculator/levels.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace rw::calculator {

namespace {

using corridors::IncomeGroup;

// The three lowest totals seen, ascending, and how many qualified.
struct Lowest
{
  std::array<double, 3> values{};
  size_t count = 0; // min(offered, 3)
  size_t offered = 0;

  void offer(double total)
  {
    ++offered;
    if (count < values.size()) {
      values[count++] = total;
    } else if (total < values[2]) {
      values[2] = total;
    } else {
      return;
    }
    std::sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(count));
  }

  void merge(const Lowest& other)
  {
    const size_t offered_before = offered;
    for (size_t i = 0; i < other.count; ++i) {
      offer(other.values[i]);
    }
    offered = offered_before + other.offered;
  }

  Smart smart() const
  {
    Smart smart;
    smart.qualifying = offered;
    if (count == 0) {
      return smart;
    }
    // Summed cheapest first; ties among the cheapest do not matter (equal
    // totals give the same mean).
    double sum = 0;
    for (size_t i = 0; i < count; ++i) {
      sum += values[i];
    }
    smart.value = sum / static_cast<double>(count);
    smart.fewer_than_three = count < 3;
    return smart;
  }
};

std::string
region_bucket(const corridors::Country& receiver)
{
  if (receiver.income == IncomeGroup::high) {
    return "high_income";
  }
  return std::string(corridors::to_string(receiver.region));
}

} // namespace

struct QuarterAccumulator::Corridor
{
  corridors::CorridorKey key;
  ExactMean mean; // transparent services
  size_t excluded_non_transparent = 0;
  std::optional<double> cheapest;
  std::string cheapest_key;
  std::string cheapest_provider;
  Lowest smart; // transparent, accessible, within five days
};

struct QuarterAccumulator::State
{
  corridors::Quarter quarter;
  const corridors::Catalogue* catalogue;
  // std::deque: a corridor stays where it is while others are added.
  std::deque<Corridor> corridors;
  std::unordered_map<std::string, size_t> index; // "SND|RCV" → corridors[i]
  size_t last = std::numeric_limits<size_t>::max(); // the previous service's corridor
  std::array<ExactMean, corridors::k_all_firm_types.size()> by_firm_type;
  SpeedDistribution speed;
};

namespace {

// The steps of QuarterAccumulator::finish().

using Corridor = QuarterAccumulator::Corridor;

std::vector<const Corridor*>
sorted_by_key(const std::deque<Corridor>& all)
{
  std::vector<const Corridor*> order;
  order.reserve(all.size());
  for (const Corridor& corridor : all) {
    order.push_back(&corridor);
  }
  std::ranges::sort(order, {}, [](const Corridor* c) -> const corridors::CorridorKey& { return c->key; });
  return order;
}

CorridorAverage
corridor_average(const Corridor& c)
{
  CorridorAverage corridor;
  corridor.corridor = c.key;
  const Mean mean = c.mean.result();
  corridor.average = mean.value;
  corridor.services = mean.count;
  corridor.excluded_non_transparent = c.excluded_non_transparent;
  corridor.cheapest = c.cheapest;
  corridor.cheapest_provider = c.cheapest_provider;
  if (corridor.average && corridor.cheapest) {
    corridor.spread = *corridor.average - *corridor.cheapest;
  }
  corridor.smart = c.smart.smart();
  return corridor;
}

// Every grouping of services here depends on the corridor only, so it is the
// merge of its corridors' sums (exact: the same as adding service by service).
struct Groupings
{
  ExactMean global;
  std::map<std::string, ExactMean> by_region;
  std::map<IncomeGroup, ExactMean> by_receiver_income;
  ExactMean g20_senders;
  ExactMean g20_receivers;
  ExactMean south_south;
  ExactMean north_south;
  ExactMean south_north;
  ExactMean north_north;

  // Adds a corridor's transparent services. false when its sender or
  // receiver is not in the catalogue: then only the global mean has them.
  bool add(const corridors::CorridorKey& key, const ExactMean& mean, const corridors::Catalogue& catalogue)
  {
    global.merge(mean);
    const corridors::Country* sender = catalogue.find_country(key.sender);
    const corridors::Country* receiver = catalogue.find_country(key.receiver);
    if (sender == nullptr || receiver == nullptr) {
      return false;
    }
    by_region[region_bucket(*receiver)].merge(mean);
    by_receiver_income[receiver->income].merge(mean);
    if (sender->g20) {
      g20_senders.merge(mean);
    }
    if (receiver->g20) {
      g20_receivers.merge(mean);
    }
    const bool north_sender = sender->income == IncomeGroup::high;
    const bool north_receiver = receiver->income == IncomeGroup::high;
    (north_sender ? (north_receiver ? north_north : north_south)
                  : (north_receiver ? south_north : south_south))
      .merge(mean);
    return true;
  }

  void write_to(QuarterAggregates& result) const
  {
    result.global = global.result();
    // Only buckets with a service: a corridor whose services are all opaque
    // resolved its buckets without adding to them.
    for (const auto& [region, mean] : by_region) {
      if (mean.count() > 0) {
        result.by_region[region] = mean.result();
      }
    }
    for (const auto& [group, mean] : by_receiver_income) {
      if (mean.count() > 0) {
        result.by_receiver_income[group] = mean.result();
      }
    }
    result.g20_senders = g20_senders.result();
    result.g20_receivers = g20_receivers.result();
    result.south_south = south_south.result();
    result.north_south = north_south.result();
    result.south_north = south_north.result();
    result.north_north = north_north.result();
  }
};

// A corridor's SmaRT value into the quarter's: their mean, the share at most
// 5 %, the corridors without one.
void
count_smart(const Smart& smart, ExactMean& smart_means, QuarterAggregates& result)
{
  if (smart.value) {
    smart_means.add(*smart.value);
    ++result.shares.smart_corridors;
    if (within_band(*smart.value, 5.0)) {
      ++result.shares.smart_at_most_5;
    }
  } else {
    ++result.smart_not_available;
  }
}

// The figures over corridor averages; the SmaRT shares are counted apart.
void
set_level(const CorridorLevel& level, QuarterAggregates& result)
{
  result.mean_of_corridor_averages = level.mean_of_corridor_averages;
  result.weighted = level.weighted;
  result.shares.corridors = level.shares.corridors;
  result.shares.at_most_3 = level.shares.at_most_3;
  result.shares.from_3_to_5 = level.shares.from_3_to_5;
  result.shares.above_5 = level.shares.above_5;
}

} // namespace

QuarterAccumulator::QuarterAccumulator(corridors::Quarter quarter, const corridors::Catalogue& catalogue)
  : m_state(std::make_unique<State>(State{.quarter = quarter, .catalogue = &catalogue}))
{
}

QuarterAccumulator::QuarterAccumulator(QuarterAccumulator&&) noexcept = default;
QuarterAccumulator& QuarterAccumulator::operator=(QuarterAccumulator&&) noexcept = default;
QuarterAccumulator::~QuarterAccumulator() = default;

corridors::Quarter
QuarterAccumulator::quarter() const
{
  return m_state->quarter;
}

QuarterAccumulator::Corridor&
QuarterAccumulator::find(std::string_view sender, std::string_view receiver)
{
  State& state = *m_state;
  // Services come grouped by corridor (files, the store): most need no lookup.
  if (state.last < state.corridors.size()) {
    Corridor& previous = state.corridors[state.last];
    if (previous.key.sender == sender && previous.key.receiver == receiver) {
      return previous;
    }
  }
  std::string name;
  name.reserve(sender.size() + receiver.size() + 1);
  name.append(sender).append("|").append(receiver);
  const auto [it, inserted] = state.index.try_emplace(std::move(name), state.corridors.size());
  if (inserted) {
    state.corridors.push_back(Corridor{.key = {std::string(sender), std::string(receiver)}});
  }
  state.last = it->second;
  return state.corridors[it->second];
}

bool
QuarterAccumulator::at_most_cheapest(const Corridor& corridor, double total)
{
  return !corridor.cheapest || total <= *corridor.cheapest;
}

void
QuarterAccumulator::offer_cheapest(Corridor& corridor, const ServiceView& service, std::string_view key)
{
  // The first of equal totals in service-key order names the cheapest.
  if (!corridor.cheapest || service.total_pct < *corridor.cheapest || key < corridor.cheapest_key) {
    corridor.cheapest = service.total_pct;
    corridor.cheapest_key = key;
    corridor.cheapest_provider = service.provider;
  }
}

void
QuarterAccumulator::add_to(Corridor& corridor, const ServiceView& service)
{
  if (!service.transparent) {
    ++corridor.excluded_non_transparent; // undisclosed rates say nothing about the cost
    return;
  }
  corridor.mean.add(service.total_pct);
  m_state->by_firm_type[static_cast<size_t>(service.firm_type)].add(service.total_pct);
  SpeedDistribution& speed = m_state->speed;
  if (service.speed) {
    ++speed.counts[static_cast<size_t>(*service.speed)];
  } else {
    ++speed.unknown;
  }
  ++speed.total;
  // An unknown speed is not evidence of delivery within five days.
  if (service.accessible && service.speed && corridors::within_five_days(*service.speed)) {
    corridor.smart.offer(service.total_pct);
  }
}

void
QuarterAccumulator::merge(QuarterAccumulator&& other)
{
  State& state = *m_state;
  for (Corridor& theirs : other.m_state->corridors) {
    Corridor& mine = find(theirs.key.sender, theirs.key.receiver);
    mine.mean.merge(theirs.mean);
    mine.excluded_non_transparent += theirs.excluded_non_transparent;
    mine.smart.merge(theirs.smart);
    if (theirs.cheapest
        && (!mine.cheapest || *theirs.cheapest < *mine.cheapest
            || (*theirs.cheapest == *mine.cheapest && theirs.cheapest_key < mine.cheapest_key))) {
      mine.cheapest = theirs.cheapest;
      mine.cheapest_key = std::move(theirs.cheapest_key);
      mine.cheapest_provider = std::move(theirs.cheapest_provider);
    }
  }
  for (size_t i = 0; i < state.by_firm_type.size(); ++i) {
    state.by_firm_type[i].merge(other.m_state->by_firm_type[i]);
  }
  const SpeedDistribution& speed = other.m_state->speed;
  for (size_t i = 0; i < speed.counts.size(); ++i) {
    state.speed.counts[i] += speed.counts[i];
  }
  state.speed.unknown += speed.unknown;
  state.speed.total += speed.total;
}

QuarterAggregates
QuarterAccumulator::finish() const
{
  const State& state = *m_state;
  const corridors::Catalogue& catalogue = *state.catalogue;
  QuarterAggregates result;
  result.quarter = state.quarter;
  result.speed = state.speed;
  for (const auto type : corridors::k_all_firm_types) {
    result.by_firm_type[type] = state.by_firm_type[static_cast<size_t>(type)].result();
  }

  Groupings groupings;
  ExactMean smart_means;
  std::vector<CorridorValue> corridor_values;
  for (const Corridor* c : sorted_by_key(state.corridors)) {
    CorridorAverage corridor = corridor_average(*c);
    result.services += corridor.services;
    result.excluded_non_transparent += corridor.excluded_non_transparent;
    if (!groupings.add(c->key, c->mean, catalogue)) {
      result.unknown_countries += corridor.services;
    }
    count_smart(corridor.smart, smart_means, result);
    // A corridor with only non-transparent services has no average to band or weigh.
    if (corridor.average) {
      corridor_values.push_back({corridor.corridor, *corridor.average});
    }
    result.corridors.push_back(std::move(corridor));
  }

  groupings.write_to(result);
  result.smart_global = smart_means.result();
  set_level(corridor_level(corridor_values, catalogue), result);
  return result;
}

} // namespace rw::calculator
