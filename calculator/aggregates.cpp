#include "calculator/aggregates.hpp"

#include "calculator/cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace rw::calculator {

namespace {

using corridors::FirmType;
using corridors::IncomeGroup;

bool
at_most(double value, double limit)
{
  return at_most_pp(value, limit);
}

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

// The services among the observations (of one quarter, or of every quarter),
// in key order.
std::vector<Collapsed>
collapse_groups(std::span<const ServiceCost> observations, std::optional<corridors::Quarter> only)
{
  // Observations sorted by key (as the store hands them over) form their
  // groups one after the other, already in key order; any others are grouped
  // with a hash map. Either way linear in the rows, and each group's sums are
  // added in input order, so the figures do not depend on the map's layout.
  bool sorted = true;
  const ServiceCost* before = nullptr;
  for (const ServiceCost& o : observations) {
    if (only && o.quarter != *only) {
      continue;
    }
    if (before != nullptr && key_less(o, *before)) {
      sorted = false;
      break;
    }
    before = &o;
  }
  std::unordered_map<GroupKey, size_t, GroupKeyHash> index;
  std::vector<Group> groups;
  std::optional<GroupKey> previous_key;
  size_t previous_group = 0;
  for (size_t i = 0; i < observations.size(); ++i) {
    const ServiceCost& o = observations[i];
    if (only && o.quarter != *only) {
      continue;
    }
    // Most rows belong to the previous row's service and need no hashing.
    const GroupKey key = group_key(o);
    if (!previous_key || key != *previous_key) {
      if (sorted) {
        previous_group = groups.size();
        groups.emplace_back();
      } else {
        const auto [it, inserted] = index.try_emplace(key, groups.size());
        if (inserted) {
          groups.emplace_back();
        }
        previous_group = it->second;
      }
      previous_key = key;
    }
    Group& group = groups[previous_group];
    group.last = i;
    group.add(o.fee_pct, o.fx_margin_pct, o.total_pct, o.transparent, o.quotes);
  }

  std::vector<size_t> order(groups.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (!sorted) {
    std::ranges::sort(order, [&](size_t a, size_t b) {
      return key_less(observations[groups[a].last], observations[groups[b].last]);
    });
  }

  std::vector<Collapsed> services;
  services.reserve(groups.size());
  for (const size_t g : order) {
    services.push_back(groups[g].collapse());
  }
  return services;
}

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

// The service a quote describes, without its cost; `key` when the caller
// knows it (building it folds three labels).
ServiceCost
describe(const corridors::Quote& quote, std::string_view key = {})
{
  ServiceCost service;
  service.quarter = corridors::Quarter::from_time(quote.collected_at);
  service.corridor = quote.corridor;
  service.service_key = key.empty() ? quote.service.key() : std::string(key);
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

// value × 2^60 truncated toward zero, for |value| < 2^32: what
// static_cast<__int128>(std::ldexp(value, 60)) gives, in two 64-bit halves
// instead of calls to ldexp and libgcc's __fixdfti. value × 2^28 is exact (a
// power of two) and below 2^60; its integer part is exact as a double (a
// double of 2^52 or more has no fraction), so the fraction is exact too, and
// both halves carry value's sign: the truncated halves add up to the
// truncated whole.
__extension__ using Fixed128 = __int128;
Fixed128
to_fixed_60(double value)
{
  const double scaled = value * 0x1p28;
  const auto high = static_cast<std::int64_t>(scaled);
  const double fraction = (scaled - static_cast<double>(high)) * 0x1p32;
  return static_cast<Fixed128>(high) * (Fixed128{1} << 32) + static_cast<std::int64_t>(fraction);
}

} // namespace

void
ExactMean::add(double value)
{
  // 2^32 % is no cost; such a value (and a NaN) is summed as a double so the
  // fixed-point sum never overflows (2^32 × 2^60 × 2^35 values < 2^127).
  constexpr double k_fixed_limit = 4294967296.0;
  if (std::fabs(value) < k_fixed_limit) {
    m_fixed += to_fixed_60(value); // exact but for bits below 2^-60
  } else {
    m_large += value;
  }
  ++m_count;
}

void
ExactMean::merge(const ExactMean& other)
{
  m_fixed += other.m_fixed;
  m_large += other.m_large;
  m_count += other.m_count;
}

Mean
ExactMean::result() const
{
  Mean mean;
  mean.count = m_count;
  if (m_count > 0) {
    const double sum = std::ldexp(static_cast<double>(m_fixed), -60) + m_large;
    mean.value = sum / static_cast<double>(m_count);
  }
  return mean;
}

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

  std::vector<const Corridor*> order;
  order.reserve(state.corridors.size());
  for (const Corridor& corridor : state.corridors) {
    order.push_back(&corridor);
  }
  std::ranges::sort(order, {}, [](const Corridor* c) -> const corridors::CorridorKey& { return c->key; });

  // Every grouping below depends on the corridor only, so it is the merge of
  // its corridors' sums (exact: the same as adding service by service).
  ExactMean global;
  std::map<std::string, ExactMean> by_region;
  std::map<IncomeGroup, ExactMean> by_receiver_income;
  ExactMean g20_senders;
  ExactMean g20_receivers;
  ExactMean south_south;
  ExactMean north_south;
  ExactMean south_north;
  ExactMean north_north;
  ExactMean smart_means;
  std::vector<CorridorValue> corridor_values;
  for (const Corridor* c : order) {
    CorridorAverage corridor;
    corridor.corridor = c->key;
    const Mean mean = c->mean.result();
    corridor.average = mean.value;
    corridor.services = mean.count;
    corridor.excluded_non_transparent = c->excluded_non_transparent;
    corridor.cheapest = c->cheapest;
    corridor.cheapest_provider = c->cheapest_provider;
    if (corridor.average && corridor.cheapest) {
      corridor.spread = *corridor.average - *corridor.cheapest;
    }
    corridor.smart = c->smart.smart();
    result.services += mean.count;
    result.excluded_non_transparent += corridor.excluded_non_transparent;
    global.merge(c->mean);

    const corridors::Country* sender = catalogue.find_country(c->key.sender);
    const corridors::Country* receiver = catalogue.find_country(c->key.receiver);
    if (sender != nullptr && receiver != nullptr) {
      by_region[region_bucket(*receiver)].merge(c->mean);
      by_receiver_income[receiver->income].merge(c->mean);
      if (sender->g20) {
        g20_senders.merge(c->mean);
      }
      if (receiver->g20) {
        g20_receivers.merge(c->mean);
      }
      const bool north_sender = sender->income == IncomeGroup::high;
      const bool north_receiver = receiver->income == IncomeGroup::high;
      (north_sender ? (north_receiver ? north_north : north_south)
                    : (north_receiver ? south_north : south_south))
        .merge(c->mean);
    } else {
      result.unknown_countries += mean.count;
    }

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
  }

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

util::Expected<QuoteCost>
counted_cost(const QuoteInput& input, std::optional<double> published_fx_margin_pct, std::optional<double> published_total_pct)
{
  if (!published_total_pct) {
    return quote_cost(input);
  }
  if (!std::isfinite(input.amount) || input.amount <= 0) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("amount must be positive (got {})", input.amount));
  }
  if (!std::isfinite(input.fee) || input.fee < 0) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("fee must not be negative (got {})", input.fee));
  }
  if (auto ok = require_finite(published_total_pct, "published total cost %"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = require_finite(published_fx_margin_pct, "published FX margin %"); !ok) {
    return std::unexpected(ok.error());
  }
  QuoteCost cost;
  cost.fee_pct = input.fee / input.amount * 100.0;
  cost.total_pct = *published_total_pct;
  cost.fx_margin_pct = published_fx_margin_pct.value_or(cost.total_pct - cost.fee_pct);
  return cost;
}

util::Expected<ServiceCost>
observe(const corridors::Quote& quote, const SourceFigures& figures)
{
  auto cost = counted_cost({.amount = quote.amount,
                            .fee = quote.fee,
                            .rate = quote.rate,
                            .benchmark = quote.benchmark,
                            .received = quote.received},
                           figures.fx_margin_pct, figures.total_pct);
  if (!cost) {
    return std::unexpected(cost.error());
  }
  ServiceCost service = describe(quote, figures.service_key);
  service.quarter = figures.period;
  service.fee_pct = cost->fee_pct;
  service.fx_margin_pct = cost->fx_margin_pct;
  service.total_pct = cost->total_pct;
  return service;
}

std::vector<ServiceCost>
collapse(std::span<const ServiceCost> observations)
{
  const std::vector<Collapsed> collapsed = collapse_groups(observations, std::nullopt);
  std::vector<ServiceCost> services;
  services.reserve(collapsed.size());
  for (const Collapsed& c : collapsed) {
    ServiceCost& service = services.emplace_back(observations[c.last]);
    service.transparent = c.transparent;
    service.fee_pct = c.fee_pct;
    service.fx_margin_pct = c.fx_margin_pct;
    service.total_pct = c.total_pct;
    service.quotes = c.quotes;
  }
  return services;
}

QuarterAggregates
aggregate_quarter(std::span<const ServiceCost> observations,
                  corridors::Quarter quarter,
                  const corridors::Catalogue& catalogue)
{
  QuarterAccumulator accumulator(quarter, catalogue);
  for (const Collapsed& c : collapse_groups(observations, quarter)) {
    const ServiceCost& s = observations[c.last]; // the service as last observed
    accumulator.add({.sender = s.corridor.sender,
                     .receiver = s.corridor.receiver,
                     .provider = s.provider,
                     .firm_type = s.firm_type,
                     .speed = s.speed,
                     .transparent = c.transparent,
                     .accessible = s.accessible,
                     .total_pct = c.total_pct},
                    [&] { return std::string_view(s.service_key); });
  }
  return accumulator.finish();
}

struct SortedAggregator::State
{
  const corridors::Catalogue* catalogue = nullptr;
  bool in_order = true;
  std::map<corridors::Quarter, QuarterAggregates> quarters;
  std::optional<QuarterAccumulator> accumulator; // the current quarter's
  // The current service: its sums and its last observation's description
  // (copied: the views die with the call; the strings keep their capacity).
  bool has_service = false;
  Group group;
  corridors::Quarter quarter{2000, 1};
  std::string sender, receiver, service_key, provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool accessible = true;

  void flush_service()
  {
    if (!has_service) {
      return;
    }
    const Collapsed c = group.collapse();
    accumulator->add({.sender = sender,
                      .receiver = receiver,
                      .provider = provider,
                      .firm_type = firm_type,
                      .speed = speed,
                      .transparent = c.transparent,
                      .accessible = accessible,
                      .total_pct = c.total_pct},
                     [&] { return std::string_view(service_key); });
    has_service = false;
    group = Group{};
  }

  void flush_quarter()
  {
    flush_service();
    if (accumulator) {
      quarters.insert_or_assign(accumulator->quarter(), accumulator->finish());
      accumulator.reset();
    }
  }
};

SortedAggregator::SortedAggregator(const corridors::Catalogue& catalogue)
  : m_state(std::make_unique<State>())
{
  m_state->catalogue = &catalogue;
}

SortedAggregator::SortedAggregator(SortedAggregator&&) noexcept = default;
SortedAggregator& SortedAggregator::operator=(SortedAggregator&&) noexcept = default;
SortedAggregator::~SortedAggregator() = default;

bool
SortedAggregator::add(const ObservationView& o)
{
  State& s = *m_state;
  if (!s.in_order) {
    return false;
  }
  if (s.has_service) {
    // key_less() on the views: quarter, corridor (sender, receiver), service key.
    const auto order = std::tuple(o.quarter.index(), o.sender, o.receiver, o.service_key)
                       <=> std::tuple(s.quarter.index(), std::string_view(s.sender), std::string_view(s.receiver),
                                      std::string_view(s.service_key));
    if (order < 0) {
      s.in_order = false;
      return false;
    }
    if (order > 0) {
      if (o.quarter != s.quarter) {
        s.flush_quarter();
      } else {
        s.flush_service();
      }
    }
  }
  if (!s.accumulator) {
    s.accumulator.emplace(o.quarter, *s.catalogue);
  }
  if (!s.has_service) {
    s.has_service = true;
    s.quarter = o.quarter;
    s.sender.assign(o.sender);
    s.receiver.assign(o.receiver);
    s.service_key.assign(o.service_key);
  }
  s.group.add(o.fee_pct, o.fx_margin_pct, o.total_pct, o.transparent, 1);
  s.provider.assign(o.provider);
  s.firm_type = o.firm_type;
  s.speed = o.speed;
  s.accessible = o.accessible;
  return true;
}

std::map<corridors::Quarter, QuarterAggregates>
SortedAggregator::finish()
{
  m_state->flush_quarter();
  return std::move(m_state->quarters);
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
  ExactMean means;
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
