#include "reports/dataset.hpp"

#include "store/records.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

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
  std::vector<calculator::ServiceCost> services;
  std::optional<util::Error> failure;
  auto ok = store::for_each_quote(database, standard_amount_usd, from ? from->to_string() : std::string(),
                                  to ? to->to_string() : std::string(), [&](const store::QuoteRecord& record) {
                                    if (failure) {
                                      return;
                                    }
                                    auto cost = service_cost(record);
                                    if (!cost) {
                                      failure = cost.error();
                                      return;
                                    }
                                    services.push_back(std::move(*cost));
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
