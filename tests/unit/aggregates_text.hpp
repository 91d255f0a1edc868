#pragma once

#include "calculator/aggregates.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>

namespace rw::test {

// Every field of a quarter's aggregates, doubles as hex floats: equal texts
// are equal bits.
inline std::string
describe(const rw::calculator::QuarterAggregates& a)
{
  const auto opt = [](std::optional<double> v) { return v ? fmt::format("{:a}", *v) : std::string("-"); };
  const auto mean = [&](const rw::calculator::Mean& m) { return fmt::format("{}/{}", opt(m.value), m.count); };
  std::string out = fmt::format("{} services {} excluded {} unknown {}\n", a.quarter.to_string(), a.services,
                                a.excluded_non_transparent, a.unknown_countries);
  for (const auto& c : a.corridors) {
    out += fmt::format("{} avg {} n {} ex {} cheapest {} {} spread {} smart {} {} {}\n", c.corridor.to_string(),
                       opt(c.average), c.services, c.excluded_non_transparent, opt(c.cheapest), c.cheapest_provider,
                       opt(c.spread), opt(c.smart.value), c.smart.qualifying, c.smart.fewer_than_three);
  }
  out += fmt::format("global {} mean {} weighted {} {} {} {:a}\n", mean(a.global), mean(a.mean_of_corridor_averages),
                     opt(a.weighted.value), a.weighted.corridors_used, a.weighted.corridors_without_flow,
                     a.weighted.total_flow_usd);
  for (const auto& [type, m] : a.by_firm_type) {
    out += fmt::format("firm {} {}\n", static_cast<int>(type), mean(m));
  }
  for (const auto& [region, m] : a.by_region) {
    out += fmt::format("region {} {}\n", region, mean(m));
  }
  for (const auto& [income, m] : a.by_receiver_income) {
    out += fmt::format("income {} {}\n", static_cast<int>(income), mean(m));
  }
  out += fmt::format("g20 {} {} ss {} ns {} sn {} nn {} smart {} na {}\n", mean(a.g20_senders), mean(a.g20_receivers),
                     mean(a.south_south), mean(a.north_south), mean(a.south_north), mean(a.north_north),
                     mean(a.smart_global), a.smart_not_available);
  out += fmt::format("shares {} {} {} {} {} {}\n", a.shares.corridors, a.shares.at_most_3, a.shares.from_3_to_5,
                     a.shares.above_5, a.shares.smart_corridors, a.shares.smart_at_most_5);
  out += fmt::format("speed {} {} {}\n", fmt::join(a.speed.counts, ","), a.speed.unknown, a.speed.total);
  return out;
}

} // namespace rw::test
