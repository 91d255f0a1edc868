#include "calculator/observe.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

namespace rw::calculator {

namespace {

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

} // namespace

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

} // namespace rw::calculator
