#include "calculator/cost.hpp"

#include <fmt/format.h>

#include <cmath>

namespace rw::calculator {

namespace {

util::Expected<void>
require_positive(double value, const char* name)
{
  if (!std::isfinite(value) || value <= 0) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{} must be positive (got {})", name, value));
  }
  return {};
}

} // namespace

util::Expected<QuoteCost>
quote_cost(const QuoteInput& input)
{
  if (auto ok = require_positive(input.amount, "amount"); !ok) {
    return std::unexpected(ok.error());
  }
  if (!std::isfinite(input.fee) || input.fee < 0) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("fee must not be negative (got {})", input.fee));
  }
  if (auto ok = require_positive(input.rate, "rate"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = require_positive(input.benchmark, "benchmark"); !ok) {
    return std::unexpected(ok.error());
  }
  QuoteCost cost;
  cost.fee_pct = input.fee / input.amount * 100.0;
  cost.fx_margin_pct = (1.0 - input.rate / input.benchmark) * 100.0;
  cost.total_pct = cost.fee_pct + cost.fx_margin_pct;
  if (input.received) {
    if (!std::isfinite(*input.received) || *input.received < 0) {
      return util::make_error(
        util::ErrorKind::invalid_argument,
        fmt::format("amount received must not be negative (got {})", *input.received));
    }
    cost.implicit_pct = (1.0 - *input.received / (input.amount * input.benchmark)) * 100.0;
  }
  return cost;
}

util::Expected<double>
ecb_cross_rate(double eur_to_sender, double eur_to_receiver)
{
  if (auto ok = require_positive(eur_to_sender, "ECB rate of the sending currency"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = require_positive(eur_to_receiver, "ECB rate of the receiving currency"); !ok) {
    return std::unexpected(ok.error());
  }
  return eur_to_receiver / eur_to_sender;
}

} // namespace rw::calculator
