#include "collector/ecb_rates.hpp"

#include "calculator/cost.hpp"
#include "store/collect_records.hpp"

#include <fmt/format.h>

#include <cmath>

namespace rw::collector {

namespace {

// Units of `currency` per EUR, as stored (the euro itself is 1).
std::optional<double>
per_eur(const std::map<std::string, double>& rates, const std::string& currency)
{
  if (currency == "EUR") {
    return 1.0;
  }
  auto it = rates.find(currency);
  return it != rates.end() ? std::optional(it->second) : std::nullopt;
}

} // namespace

util::Expected<double>
standard_amount(int usd, const std::string& currency, const std::map<std::string, double>& rates_per_eur)
{
  if (currency == "USD") {
    return static_cast<double>(usd); // no conversion, no rate needed
  }
  auto dollar = per_eur(rates_per_eur, "USD");
  auto local = per_eur(rates_per_eur, currency);
  if (!dollar || !local) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("no ECB rate to turn USD {} into {}", usd, currency));
  }
  auto cross = calculator::ecb_cross_rate(*dollar, *local);
  if (!cross) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("cannot turn USD {} into {}: {}", usd, currency, cross.error().message));
  }
  const double exact = usd * *cross;
  // Three significant figures: 18,152.3 → 18,200; 182.47 → 182.
  const double magnitude = std::pow(10.0, std::floor(std::log10(exact)) - 2);
  return std::round(exact / magnitude) * magnitude;
}

util::Expected<std::optional<CrossRate>>
ecb_cross(store::Database& database, const std::string& from, const std::string& to, const std::string& day)
{
  auto rates = store::latest_rates(database, "ECB", "EUR", day);
  if (!rates) {
    return std::unexpected(rates.error());
  }
  if (!*rates) {
    return std::optional<CrossRate>();
  }
  auto a = per_eur((*rates)->rates, from);
  auto b = per_eur((*rates)->rates, to);
  if (!a || !b) {
    return std::optional<CrossRate>();
  }
  return std::optional(CrossRate{calculator::ecb_cross_rate(*a, *b), (*rates)->day});
}

} // namespace rw::collector
