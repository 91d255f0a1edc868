#pragma once

#include "calculator/cost.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/firm_type.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rw::calculator {

// One service's cost in one quarter, in percent. Built from a quote
// (observe()) or from a source's own figures (RPW rows keep the World Bank's
// margin and total), then collapsed to one value per service and quarter.
struct ServiceCost
{
  corridors::Quarter quarter{2000, 1};
  corridors::CorridorKey corridor;
  std::string service_key; // corridors::Service::key()
  std::string provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
  bool accessible = true;
  double fee_pct = 0;
  double fx_margin_pct = 0;
  double total_pct = 0;
  size_t quotes = 1; // quotes behind this value
};

// A mean and how many values it is over; no value when there were none.
struct Mean
{
  std::optional<double> value;
  size_t count = 0;
};

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

struct Change
{
  std::optional<double> quarter_on_quarter_pp;
  std::optional<double> year_on_year_pp;
};

// A quote as one observation of its service (computes the quote's cost).
util::Expected<ServiceCost> observe(const corridors::Quote& quote);

// What a source says about a quote beyond the quote itself (RPW publishes
// each service's margin and total cost, and its own period).
struct SourceFigures
{
  corridors::Quarter period{2000, 1};
  std::string service_key; // overrides quote.service.key() when not empty
  std::optional<double> fx_margin_pct;
  std::optional<double> total_pct;
};

// The fee, FX margin and total cost % a quote counts with: the source's
// published margin and total when it has a total (fee % = fee / amount × 100;
// margin, when not published, total − fee %), else quote_cost()'s. observe()
// uses it; readers of stored quotes call it without building a Quote.
util::Expected<QuoteCost> counted_cost(const QuoteInput& input,
                                       std::optional<double> published_fx_margin_pct,
                                       std::optional<double> published_total_pct);

// A quote whose source published its cost: the published margin and total are
// used as they are (never recomputed); fee % is fee / amount × 100. Without a
// published total, the cost is computed as observe() does.
util::Expected<ServiceCost> observe(const corridors::Quote& quote, const SourceFigures& figures);

// A mean whose value does not depend on the order values are added in: each
// value is added exactly as a 128-bit fixed-point number with 60 fractional
// bits (finer than the last bit of any cost above 0.001 %), so sums split over
// threads or read in another order give the same bits. Values of 2^32 or more
// in magnitude (never a real cost) are summed apart as doubles.
class ExactMean
{
public:
  void add(double value);
  void merge(const ExactMean& other);
  size_t count() const { return m_count; }
  Mean result() const;

private:
  __extension__ using Fixed = __int128;
  Fixed m_fixed = 0;
  double m_large = 0;
  size_t m_count = 0;
};

// One service as QuarterAccumulator sees it: views into the caller's data,
// valid for the call only.
struct ServiceView
{
  std::string_view sender;
  std::string_view receiver;
  std::string_view provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
  bool accessible = true;
  double total_pct = 0;
};

// The aggregates of one quarter, built one service at a time in any order
// (each service added once: collapse() first when a service has several
// quotes). Accumulators filled from parts of the data (threads) merge into
// one; the result is the same bits whatever the order or split.
class QuarterAccumulator
{
public:
  QuarterAccumulator(corridors::Quarter quarter, const corridors::Catalogue& catalogue);
  QuarterAccumulator(QuarterAccumulator&&) noexcept;
  QuarterAccumulator& operator=(QuarterAccumulator&&) noexcept;
  ~QuarterAccumulator();

  // `service_key` names the service among equally cheap ones (the first in
  // key order is the corridor's cheapest); it is called only when the
  // service's total is at most the corridor's cheapest so far, so a caller
  // streaming millions of rows builds few keys.
  template <typename KeyFn>
  void add(const ServiceView& service, KeyFn&& service_key)
  {
    Corridor& corridor = find(service.sender, service.receiver);
    if (service.transparent && at_most_cheapest(corridor, service.total_pct)) {
      offer_cheapest(corridor, service, service_key());
    }
    add_to(corridor, service);
  }

  // Adds `other`'s services; on equal cheapest totals and keys, this
  // accumulator's service (the earlier part of the data) wins.
  void merge(QuarterAccumulator&& other);

  corridors::Quarter quarter() const;
  QuarterAggregates finish() const;

  struct Corridor;

private:
  Corridor& find(std::string_view sender, std::string_view receiver);
  static bool at_most_cheapest(const Corridor& corridor, double total);
  static void offer_cheapest(Corridor& corridor, const ServiceView& service, std::string_view key);
  void add_to(Corridor& corridor, const ServiceView& service);

  struct State;
  std::unique_ptr<State> m_state;
};

// One value per (quarter, corridor, service): the mean of its transparent
// quotes' figures (an observation standing for n quotes weighs n); a service
// none of whose quotes were transparent stays, marked non-transparent.
// Descriptive fields come from the last observation in input order. Sorted by
// quarter, corridor and service key.
std::vector<ServiceCost> collapse(std::span<const ServiceCost> observations);

// Every aggregate of docs/methodology.md for one quarter. `observations` may hold
// other quarters (ignored) and several quotes per service (collapsed first).
QuarterAggregates aggregate_quarter(std::span<const ServiceCost> observations,
                                    corridors::Quarter quarter,
                                    const corridors::Catalogue& catalogue);

// One observation as views, valid for the call (a stored quote's cost as it
// is read, say): what a ServiceCost holds, without owning its strings.
struct ObservationView
{
  corridors::Quarter quarter{2000, 1};
  std::string_view sender, receiver, service_key, provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
  bool accessible = true;
  double fee_pct = 0, fx_margin_pct = 0, total_pct = 0;
};

// The aggregates of every quarter, built as the observations arrive in
// collapse()'s order (quarter, corridor, service key; a service's quotes in
// any order among themselves): each service is collapsed when its last quote
// has passed, and no observation is kept. The figures are aggregate_quarter()'s
// over the same observations, bit for bit. An observation out of that order
// is refused (add() returns false, and every later call too): the caller then
// collects the observations and uses aggregate_quarter().
class SortedAggregator
{
public:
  explicit SortedAggregator(const corridors::Catalogue& catalogue);
  SortedAggregator(SortedAggregator&&) noexcept;
  SortedAggregator& operator=(SortedAggregator&&) noexcept;
  ~SortedAggregator();

  bool add(const ObservationView& observation);
  // Each quarter seen with its aggregates. Only after every add() succeeded.
  std::map<corridors::Quarter, QuarterAggregates> finish();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// A corridor's average total cost, however it was obtained (computed from
// services, or published as a corridor series).
struct CorridorValue
{
  corridors::CorridorKey corridor;
  double average = 0;
};

// The figures that need only corridor averages: their mean, the flow-weighted
// average and the cost bands (the SmaRT fields of `shares` stay 0).
struct CorridorLevel
{
  Mean mean_of_corridor_averages;
  WeightedAverage weighted;
  CorridorShares shares;
};
CorridorLevel corridor_level(std::span<const CorridorValue> averages, const corridors::Catalogue& catalogue);

// value ≤ limit, a value within 1e-9 pp of the limit counting as on it (the
// rule of the cost bands, for anyone else comparing a cost with a limit).
bool within_band(double value, double limit);

// current − previous and current − year-ago, in percentage points.
Change change(std::optional<double> current,
              std::optional<double> previous,
              std::optional<double> year_ago);

} // namespace rw::calculator
