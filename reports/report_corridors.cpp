// The report's corridor section: one row per corridor with an average, the
// most / least expensive, rose-most and above-5 % tables, the cost bands,
// and the transparency and speed of the quarter's services.

#include "reports/report_quarters.hpp"

#include <algorithm>

namespace rw::reports {

namespace {

constexpr size_t k_top = 10; // rows in the most / least expensive and rose-most tables

std::string
country_name(const corridors::Catalogue& catalogue, const std::string& iso3)
{
  const corridors::Country* country = catalogue.find_country(iso3);
  return country != nullptr ? country->name : iso3;
}

// `all`, with the mean services per computed corridor and the mean spread.
void
add_rows(CorridorSection& section, const Compared& compared, const corridors::Catalogue& catalogue)
{
  const QuarterData& data = *compared.current;
  double services_sum = 0, spread_sum = 0;
  size_t computed = 0, spreads = 0;
  for (const auto& [key, value] : data.corridors) {
    CorridorRow row;
    row.corridor = key;
    row.sender_name = country_name(catalogue, key.sender);
    row.receiver_name = country_name(catalogue, key.receiver);
    row.average = value.average;
    row.source = value.computed != nullptr ? "services" : "databank";
    if (const auto* c = value.computed) {
      row.services = c->services;
      row.excluded_non_transparent = c->excluded_non_transparent;
      row.cheapest = c->cheapest;
      row.cheapest_provider = c->cheapest_provider;
      row.spread = c->spread;
      row.smart = c->smart.value;
      row.smart_fewer_than_three = c->smart.fewer_than_three;
      services_sum += static_cast<double>(c->services);
      ++computed;
      if (c->spread) {
        spread_sum += *c->spread;
        ++spreads;
      }
    }
    if (compared.previous != nullptr) {
      if (auto it = compared.previous->corridors.find(key); it != compared.previous->corridors.end()) {
        row.previous = it->second.average;
        row.change_pp = row.average - it->second.average;
      }
    }
    section.all.push_back(std::move(row));
  }
  if (computed > 0) {
    section.services_per_corridor = services_sum / static_cast<double>(computed);
  }
  if (spreads > 0) {
    section.mean_spread_pp = spread_sum / static_cast<double>(spreads);
  }
}

// The ranked tables, from `all`.
void
rank(CorridorSection& section)
{
  // Ties are broken by corridor key (the order of `all`), so the tables repeat.
  std::vector<CorridorRow> by_cost = section.all;
  std::ranges::stable_sort(by_cost, std::ranges::greater(), &CorridorRow::average);
  section.most_expensive.assign(by_cost.begin(), by_cost.begin() + static_cast<std::ptrdiff_t>(std::min(k_top, by_cost.size())));
  std::ranges::stable_sort(by_cost, std::ranges::less(), &CorridorRow::average);
  section.least_expensive.assign(by_cost.begin(), by_cost.begin() + static_cast<std::ptrdiff_t>(std::min(k_top, by_cost.size())));
  std::ranges::stable_sort(by_cost, std::ranges::greater(), &CorridorRow::average);
  for (const auto& row : by_cost) {
    if (!calculator::within_band(row.average, 5.0)) {
      section.above_5.push_back(row);
    }
  }
  for (const auto& row : section.all) {
    if (row.change_pp && *row.change_pp > 0) {
      section.rose_most.push_back(row);
    }
  }
  std::ranges::stable_sort(section.rose_most, [](const CorridorRow& a, const CorridorRow& b) {
    return *a.change_pp > *b.change_pp;
  });
  if (section.rose_most.size() > k_top) {
    section.rose_most.resize(k_top);
  }
}

// Transparency and speed: figures of the services, so only on the services basis.
void
add_service_figures(CorridorSection& section, const calculator::QuarterAggregates& a)
{
  const size_t all_services = a.services + a.excluded_non_transparent;
  if (all_services > 0) {
    section.transparency_share = 100.0 * static_cast<double>(a.services) / static_cast<double>(all_services);
  }
  for (const auto speed : corridors::k_all_speed_classes) {
    section.speed.push_back({std::string(corridors::to_string(speed)), std::string(corridors::display_name(speed)),
                             a.speed.counts[static_cast<size_t>(speed)]});
  }
  section.speed_unknown = a.speed.unknown;
}

} // namespace

CorridorSection
corridor_section(const Compared& compared, const corridors::Catalogue& catalogue)
{
  CorridorSection section;
  const QuarterData& data = *compared.current;
  add_rows(section, compared, catalogue);
  section.at_most_3 = data.level.shares.at_most_3;
  section.from_3_to_5 = data.level.shares.from_3_to_5;
  section.above_5_count = data.level.shares.above_5;
  rank(section);
  if (data.aggregates) {
    add_service_figures(section, *data.aggregates);
  }
  return section;
}

} // namespace rw::reports
