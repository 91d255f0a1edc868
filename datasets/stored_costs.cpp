#include "datasets/stored_costs.hpp"

#include "store/figures.hpp"
#include "store/queries.hpp"
#include "store/records.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <cstdio>

#include <functional>
#include <map>
#include <set>
#include <thread>
#include <string>
#include <unordered_map>

namespace rw::datasets {

void
warn_skipped(const std::string& message)
{
  fmt::print(stderr, "remitwatch: warning: {}\n", message);
}

util::Expected<calculator::ServiceCost>
service_cost(const store::QuoteRecord& r)
{
  const auto where = [&] { return fmt::format("stored quote {} {}", r.source, r.natural_key); };
  corridors::Quote quote;
  quote.corridor = {r.sender, r.receiver};
  quote.service.provider = r.provider;
  auto firm_type = corridors::parse_firm_type(r.firm_type);
  if (!firm_type) {
    return util::make_error(util::ErrorKind::database, fmt::format("{}: {}", where(), firm_type.error().message));
  }
  quote.service.firm_type = *firm_type;
  quote.service.payment_instrument = r.payment_instrument;
  quote.service.receiving_method = r.receiving_method;
  if (r.speed) {
    auto speed = corridors::parse_speed_class(*r.speed);
    if (!speed) {
      return util::make_error(util::ErrorKind::database, fmt::format("{}: {}", where(), speed.error().message));
    }
    quote.service.speed = *speed;
  }
  quote.service.accessible = r.accessible;
  quote.amount = r.amount;
  quote.fee = r.fee;
  quote.rate = r.rate;
  quote.benchmark = r.benchmark;
  quote.received = r.received;
  quote.transparent = r.transparent;
  auto collected = util::parse_timestamp(r.collected_at);
  if (!collected) {
    return util::make_error(util::ErrorKind::database, fmt::format("{}: {}", where(), collected.error().message));
  }
  quote.collected_at = *collected;
  auto period = corridors::Quarter::parse(r.period);
  if (!period) {
    return util::make_error(util::ErrorKind::database, fmt::format("{}: {}", where(), period.error().message));
  }
  auto cost = calculator::observe(
    quote, {*period, r.service_key, r.reported_fx_margin_pct, r.reported_total_cost_pct});
  if (!cost) {
    return util::make_error(util::ErrorKind::database, fmt::format("{}: {}", where(), cost.error().message));
  }
  return cost;
}

namespace {

// Stored figures to cost observations: the same values service_cost() makes
// of for_each_quote's records (a unit test compares the two bit for bit).
// Labels, periods and timestamps repeat, so each distinct one is parsed once.
// One reader per thread.
class CostReader
{
public:
  // Visits the quote's cost; after a quote whose stored data no longer
  // parses, visits nothing more (failed(), error()).
  void read(const store::QuoteFigures& q, const std::function<void(const calculator::ObservationView&)>& visit)
  {
    if (m_failure) {
      return;
    }
    const store::ServiceRecord& record = *q.service;
    auto found = m_described.find(&record);
    if (found == m_described.end()) {
      auto firm_type = corridors::parse_firm_type(record.firm_type);
      if (!firm_type) {
        return fail(q.id, firm_type.error().message);
      }
      std::string key = record.service_key.empty()
                          ? corridors::Service{.provider = record.provider,
                                               .payment_instrument = record.payment_instrument,
                                               .receiving_method = record.receiving_method}
                              .key()
                          : record.service_key;
      found = m_described.emplace(&record, Described{*firm_type, std::move(key)}).first;
    }
    std::optional<corridors::SpeedClass> speed;
    if (q.speed) {
      auto known = m_speeds.find(*q.speed);
      if (known == m_speeds.end()) {
        auto parsed = corridors::parse_speed_class(*q.speed);
        if (!parsed) {
          return fail(q.id, parsed.error().message);
        }
        known = m_speeds.emplace(std::string(*q.speed), *parsed).first;
      }
      speed = known->second;
    }
    // A date or period that is not one, or outside the years every input
    // is held to, leaves the quote out (named) and the read goes on: one
    // row planted by hand must not stop every report. Checked only when the
    // text changes, as the parse is.
    if (q.collected_at != m_last_collected_at) {
      auto collected = util::parse_timestamp(q.collected_at);
      if (!collected) {
        return skip(q.id, collected.error().message);
      }
      if (auto ok = corridors::check_year(*collected, fmt::format("collected_at '{}'", q.collected_at)); !ok) {
        return skip(q.id, ok.error().message);
      }
      m_last_collected_at = q.collected_at;
    }
    if (q.period != m_last_period) {
      auto parsed = corridors::Quarter::parse(q.period);
      if (!parsed) {
        return skip(q.id, parsed.error().message);
      }
      m_period = *parsed;
      m_last_period = q.period;
    }
    auto cost = calculator::counted_cost(
      {.amount = q.amount, .fee = q.fee, .rate = q.rate, .benchmark = q.benchmark, .received = q.received},
      q.reported_fx_margin_pct, q.reported_total_cost_pct);
    if (!cost) {
      return fail(q.id, cost.error().message);
    }
    visit({.quarter = m_period,
           .sender = record.sender,
           .receiver = record.receiver,
           .service_key = found->second.key,
           .provider = record.provider,
           .firm_type = found->second.firm_type,
           .speed = speed,
           .transparent = q.transparent,
           .accessible = q.accessible,
           .fee_pct = cost->fee_pct,
           .fx_margin_pct = cost->fx_margin_pct,
           .total_pct = cost->total_pct});
  }

  bool failed() const { return m_failure.has_value(); }

  // The failure as an error naming the quote (looked up in the database:
  // call it from the thread that owns the connection).
  util::Error error(store::Database& database) const
  {
    auto where = store::describe_quote(database, m_failure->first);
    return {util::ErrorKind::database,
            fmt::format("stored quote {}: {}", where ? *where : fmt::format("{}", m_failure->first), m_failure->second)};
  }

  // Names each quote left out to `skipped` (from the thread that owns the
  // connection, as error()).
  void report_skipped(store::Database& database, const SkippedQuote& skipped) const
  {
    for (const auto& [id, why] : m_skipped) {
      auto where = store::describe_quote(database, id);
      skipped(fmt::format("stored quote {} left out: {}", where ? *where : fmt::format("{}", id), why));
    }
  }

private:
  void fail(std::int64_t id, std::string message) { m_failure.emplace(id, std::move(message)); }
  void skip(std::int64_t id, std::string message) { m_skipped.emplace_back(id, std::move(message)); }

  struct Described
  {
    corridors::FirmType firm_type = corridors::FirmType::other;
    std::string key;
  };
  std::unordered_map<const store::ServiceRecord*, Described> m_described;
  // The texts parsed last: rows come in period order and repeat them.
  std::optional<std::string> m_last_period, m_last_collected_at;
  corridors::Quarter m_period{2000, 1};
  std::map<std::string, std::optional<corridors::SpeedClass>, std::less<>> m_speeds; // a handful of labels
  std::optional<std::pair<std::int64_t, std::string>> m_failure;
  std::vector<std::pair<std::int64_t, std::string>> m_skipped; // in the order read
};

} // namespace

util::Expected<void>
for_each_service_cost(store::Database& database,
                      int standard_amount_usd,
                      std::optional<corridors::Quarter> from,
                      std::optional<corridors::Quarter> to,
                      const std::function<void(const calculator::ObservationView&)>& visit,
                      const SkippedQuote& skipped)
{
  CostReader reader;
  auto ok = store::for_each_quote_figures(
    database, standard_amount_usd, from ? from->to_string() : std::string(), to ? to->to_string() : std::string(),
    [&](const store::QuoteFigures& q) { reader.read(q, visit); });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  reader.report_skipped(database, skipped);
  if (reader.failed()) {
    return std::unexpected(reader.error(database));
  }
  return {};
}

util::Expected<std::vector<calculator::ServiceCost>>
load_service_costs(store::Database& database,
                   int standard_amount_usd,
                   std::optional<corridors::Quarter> from,
                   std::optional<corridors::Quarter> to,
                   const SkippedQuote& skipped)
{
  std::vector<calculator::ServiceCost> services;
  if (auto quotes = store::quote_count(database); quotes && *quotes > 0) {
    services.reserve(static_cast<size_t>(*quotes)); // an upper bound: no reallocation
  }
  auto ok = for_each_service_cost(database, standard_amount_usd, from, to, [&](const calculator::ObservationView& o) {
    calculator::ServiceCost& service = services.emplace_back();
    service.quarter = o.quarter;
    service.corridor = {std::string(o.sender), std::string(o.receiver)};
    service.service_key = o.service_key;
    service.provider = o.provider;
    service.firm_type = o.firm_type;
    service.speed = o.speed;
    service.transparent = o.transparent;
    service.accessible = o.accessible;
    service.fee_pct = o.fee_pct;
    service.fx_margin_pct = o.fx_margin_pct;
    service.total_pct = o.total_pct;
  }, skipped);
  if (!ok) {
    return std::unexpected(ok.error());
  }
  return services;
}

namespace {

// The stored quarters shared out into runs of consecutive quarters with
// about equal quotes, one a thread (0: one per core; never more than the
// quarters): the bounds of the runs, first 0, last the quarters.
std::vector<size_t>
share_out(const store::StoredFigures& figures, unsigned threads)
{
  const size_t stored_quarters = figures.quarters();
  size_t parts = threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency());
  parts = std::max<size_t>(1, std::min(parts, stored_quarters));
  size_t all_quotes = 0;
  for (size_t q = 0; q < stored_quarters; ++q) {
    all_quotes += figures.quotes(q);
  }
  std::vector<size_t> bounds = {0};
  for (size_t q = 0, seen = 0; q + 1 < stored_quarters && bounds.size() < parts; ++q) {
    seen += figures.quotes(q);
    if (seen * parts >= all_quotes * bounds.size()) {
      bounds.push_back(q + 1);
    }
  }
  bounds.push_back(stored_quarters);
  return bounds;
}

// aggregate_stored_quarters() the slow way, for keys out of the store's
// order: every cost collected, then aggregated per quarter.
util::Expected<std::map<corridors::Quarter, calculator::QuarterAggregates>>
aggregate_collected(store::Database& database,
                    int standard_amount_usd,
                    std::optional<corridors::Quarter> from,
                    std::optional<corridors::Quarter> to,
                    const corridors::Catalogue& catalogue,
                    const std::function<bool(std::string_view sender, std::string_view receiver)>& keep,
                    const SkippedQuote& skipped)
{
  auto services = load_service_costs(database, standard_amount_usd, from, to, skipped);
  if (!services) {
    return std::unexpected(services.error());
  }
  if (keep) {
    std::erase_if(*services, [&](const auto& s) { return !keep(s.corridor.sender, s.corridor.receiver); });
  }
  std::set<corridors::Quarter> quarters;
  for (const auto& service : *services) {
    quarters.insert(service.quarter);
  }
  std::map<corridors::Quarter, calculator::QuarterAggregates> aggregates;
  for (const auto quarter : quarters) {
    aggregates.emplace(quarter, calculator::aggregate_quarter(*services, quarter, catalogue));
  }
  return aggregates;
}

} // namespace

util::Expected<std::map<corridors::Quarter, calculator::QuarterAggregates>>
aggregate_stored_quarters(store::Database& database,
                          int standard_amount_usd,
                          std::optional<corridors::Quarter> from,
                          std::optional<corridors::Quarter> to,
                          const corridors::Catalogue& catalogue,
                          const std::function<bool(std::string_view sender, std::string_view receiver)>& keep,
                          unsigned threads,
                          const SkippedQuote& skipped)
{
  // Streamed: the store's order is collapse()'s, so no quote is kept. The
  // quarters are shared out between threads (consecutive runs of about equal
  // quotes), each with its own reader and aggregator: quarters are
  // independent, so the figures do not depend on the split.
  auto figures = store::StoredFigures::read(database, standard_amount_usd, from ? from->to_string() : std::string(),
                                            to ? to->to_string() : std::string());
  if (!figures) {
    return std::unexpected(figures.error());
  }
  const std::vector<size_t> bounds = share_out(*figures, threads);

  struct Part
  {
    CostReader reader;
    std::optional<calculator::SortedAggregator> aggregator;
    bool in_order = true;
  };
  std::vector<Part> work(bounds.size() - 1);
  const auto run = [&](size_t k) {
    Part& part = work[k];
    part.aggregator.emplace(catalogue);
    const auto add = [&](const calculator::ObservationView& o) {
      if (part.in_order && (!keep || keep(o.sender, o.receiver))) {
        part.in_order = part.aggregator->add(o);
      }
    };
    for (size_t q = bounds[k]; q < bounds[k + 1] && !part.reader.failed() && part.in_order; ++q) {
      figures->visit(q, [&](const store::QuoteFigures& figure) { part.reader.read(figure, add); });
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (size_t k = 1; k < work.size(); ++k) {
      helpers.emplace_back(run, k);
    }
    if (!work.empty()) {
      run(0);
    }
  }
  // The first failure in quarter order is the one a single pass stops at.
  for (const Part& part : work) {
    if (part.reader.failed()) {
      return std::unexpected(part.reader.error(database));
    }
  }
  if (std::ranges::all_of(work, &Part::in_order)) {
    for (const Part& part : work) { // in quarter order, as one pass would
      part.reader.report_skipped(database, skipped);
    }
    std::map<corridors::Quarter, calculator::QuarterAggregates> aggregates;
    for (Part& part : work) {
      aggregates.merge(part.aggregator->finish());
    }
    return aggregates;
  }
  // Keys out of the store's order (a service stored without its key, whose
  // key is built from its labels).
  return aggregate_collected(database, standard_amount_usd, from, to, catalogue, keep, skipped);
}

} // namespace rw::datasets
