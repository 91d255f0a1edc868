#include "readers/imported_quote.hpp"

#include "corridors/quarter.hpp"
#include "util/time.hpp"

#include <date/date.h>

#include <fmt/format.h>

#include <cmath>

namespace rw::readers {

ImportedQuote
observed_quote(corridors::Quote quote)
{
  ImportedQuote imported;
  imported.period = corridors::Quarter::from_time(quote.collected_at);
  imported.service_key = quote.service.key();
  imported.natural_key = fmt::format("{}|{}|{}|{}",
                                     quote.corridor.to_string(),
                                     imported.service_key,
                                     util::format_timestamp(quote.collected_at),
                                     quote.standard_amount_usd);
  imported.quote = std::move(quote);
  return imported;
}

namespace {

constexpr double k_max_abs_pct = 100;

std::unexpected<util::Error>
implausible(std::string message)
{
  return util::make_error(util::ErrorKind::parse, std::move(message));
}

bool
within_pct(double pct)
{
  return std::isfinite(pct) && std::fabs(pct) <= k_max_abs_pct;
}

} // namespace

util::Expected<void>
check_plausible(const corridors::Quote& q)
{
  // The message is made only for a year out of range (formatting the time
  // of every quote was 5 % of an import).
  if (const date::year_month_day day(date::floor<date::days>(q.collected_at));
      !corridors::year_in_range(static_cast<int>(day.year()))) {
    return corridors::check_year(day, fmt::format("collected_at {}", util::format_timestamp(q.collected_at)));
  }
  if (!std::isfinite(q.amount) || q.amount <= 0) {
    return implausible(fmt::format("amount {} is not a positive number", q.amount));
  }
  if (!std::isfinite(q.fee) || q.fee < 0 || q.fee > q.amount) {
    return implausible(fmt::format("fee {} is not between 0 and the amount sent ({})", q.fee, q.amount));
  }
  if (!std::isfinite(q.rate) || q.rate < 0 || !std::isfinite(q.benchmark) || q.benchmark < 0) {
    return implausible(fmt::format("rate {} or benchmark {} is not a number at least 0", q.rate, q.benchmark));
  }
  if (q.rate > 0 && q.benchmark > 0) {
    // calculator::quote_cost's fee % + FX margin, bounded here because a
    // reader may not include the calculator.
    const double total_pct = q.fee / q.amount * 100 + (1 - q.rate / q.benchmark) * 100;
    if (q.rate > 2 * q.benchmark || !within_pct(total_pct)) {
      return implausible(fmt::format("rate {} against benchmark {} with fee {} on {} gives a total cost of {:.4g} %, "
                                     "outside -100 to 100",
                                     q.rate, q.benchmark, q.fee, q.amount, total_pct));
    }
  }
  if (q.received && (!std::isfinite(*q.received) || *q.received < 0)) {
    return implausible(fmt::format("amount received {} is not a number at least 0", *q.received));
  }
  return {};
}

util::Expected<void>
check_plausible(const ImportedQuote& imported)
{
  if (auto ok = check_plausible(imported.quote); !ok) {
    return ok;
  }
  if (!corridors::year_in_range(imported.period.year())) {
    return implausible(fmt::format("period {} is outside {} to {}", imported.period.to_string(),
                                   corridors::k_first_year, corridors::k_last_year));
  }
  for (const auto& [figure, name] : {std::pair{imported.reported_total_cost_pct, "published total cost %"},
                                     std::pair{imported.reported_fx_margin_pct, "published FX margin"}}) {
    if (figure && !within_pct(*figure)) {
      return implausible(fmt::format("{} {} is outside -100 to 100", name, *figure));
    }
  }
  return {};
}

} // namespace rw::readers
