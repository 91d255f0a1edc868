#include "calculator/collapse.hpp"

#include <functional>
#include <numeric>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace rw::calculator {

namespace {

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

} // namespace

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

} // namespace rw::calculator
