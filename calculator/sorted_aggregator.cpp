#include "calculator/sorted_aggregator.hpp"

#include "calculator/collapse.hpp"
#include "calculator/quarter_accumulator.hpp"

#include <string>
#include <tuple>

namespace rw::calculator {

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

} // namespace rw::calculator
