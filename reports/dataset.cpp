#include "reports/dataset.hpp"

#include "store/figures.hpp"
#include "store/records.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <string>
#include <unordered_map>

namespace rw::reports {

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

util::Expected<std::vector<calculator::ServiceCost>>
load_service_costs(store::Database& database,
                   int standard_amount_usd,
                   std::optional<corridors::Quarter> from,
                   std::optional<corridors::Quarter> to)
{
  // The same values service_cost() makes of for_each_quote's records (a unit
  // test compares the two bit for bit), read narrowly: labels, periods and
  // timestamps repeat, so each distinct one is parsed once.
  struct Described
  {
    corridors::FirmType firm_type = corridors::FirmType::other;
    std::string key;
  };
  std::unordered_map<const store::ServiceRecord*, Described> described;
  // The texts parsed last: rows come in period order and repeat them.
  std::optional<std::string> last_period, last_collected_at;
  corridors::Quarter period{2000, 1};
  std::map<std::string, std::optional<corridors::SpeedClass>, std::less<>> speeds; // a handful of labels

  std::vector<calculator::ServiceCost> services;
  if (auto quotes = database.query_int("SELECT count(*) FROM quotes"); quotes && *quotes > 0) {
    services.reserve(static_cast<size_t>(*quotes)); // an upper bound: no reallocation
  }

  std::optional<util::Error> failure;
  const auto fail = [&](std::int64_t id, const std::string& message) {
    auto where = store::describe_quote(database, id);
    failure = util::Error{util::ErrorKind::database,
                          fmt::format("stored quote {}: {}", where ? *where : fmt::format("{}", id), message)};
  };
  auto ok = store::for_each_quote_figures(
    database, standard_amount_usd, from ? from->to_string() : std::string(), to ? to->to_string() : std::string(),
    [&](const store::QuoteFigures& q) {
      if (failure) {
        return;
      }
      const store::ServiceRecord& record = *q.service;
      auto found = described.find(&record);
      if (found == described.end()) {
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
        found = described.emplace(&record, Described{*firm_type, std::move(key)}).first;
      }
      std::optional<corridors::SpeedClass> speed;
      if (q.speed) {
        auto known = speeds.find(*q.speed);
        if (known == speeds.end()) {
          auto parsed = corridors::parse_speed_class(*q.speed);
          if (!parsed) {
            return fail(q.id, parsed.error().message);
          }
          known = speeds.emplace(std::string(*q.speed), *parsed).first;
        }
        speed = known->second;
      }
      if (q.collected_at != last_collected_at) {
        if (auto collected = util::parse_timestamp(q.collected_at); !collected) {
          return fail(q.id, collected.error().message);
        }
        last_collected_at = q.collected_at;
      }
      if (q.period != last_period) {
        auto parsed = corridors::Quarter::parse(q.period);
        if (!parsed) {
          return fail(q.id, parsed.error().message);
        }
        period = *parsed;
        last_period = q.period;
      }
      auto cost = calculator::counted_cost(
        {.amount = q.amount, .fee = q.fee, .rate = q.rate, .benchmark = q.benchmark, .received = q.received},
        q.reported_fx_margin_pct, q.reported_total_cost_pct);
      if (!cost) {
        return fail(q.id, cost.error().message);
      }
      calculator::ServiceCost& service = services.emplace_back();
      service.quarter = period;
      service.corridor = {record.sender, record.receiver};
      service.service_key = found->second.key;
      service.provider = record.provider;
      service.firm_type = found->second.firm_type;
      service.speed = speed;
      service.transparent = q.transparent;
      service.accessible = q.accessible;
      service.fee_pct = cost->fee_pct;
      service.fx_margin_pct = cost->fx_margin_pct;
      service.total_pct = cost->total_pct;
    });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  if (failure) {
    return std::unexpected(*failure);
  }
  return services;
}

} // namespace rw::reports
