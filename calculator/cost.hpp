#pragma once

#include "util/error.hpp"

#include <optional>

namespace rw::calculator {

// The cost of one quote, in percent of the amount sent (docs/methodology.md).
struct QuoteCost
{
  double fee_pct = 0;       // F / A × 100
  double fx_margin_pct = 0; // (1 − r / m) × 100; negative when the rate beats interbank
  double total_pct = 0;     // fee % + FX margin %: the RPW figure every average uses
  std::optional<double> implicit_pct; // (1 − received / (A × m)) × 100
};

struct QuoteInput
{
  double amount = 0;    // A, sending currency
  double fee = 0;       // F, sending currency
  double rate = 0;      // r, receiving units per sending unit
  double benchmark = 0; // m, interbank rate in the same units
  std::optional<double> received;
};

// Rejects a non-positive amount, a negative fee, non-positive rates and a
// negative amount received, naming the figure.
util::Expected<QuoteCost> quote_cost(const QuoteInput& input);

// Benchmark X→Y from ECB reference rates (units per euro): EURY / EURX.
// Rejects a rate that is not positive, naming it.
util::Expected<double> ecb_cross_rate(double eur_to_sender, double eur_to_receiver);

// Percentage-point comparisons against decimal limits (3 %, 5 %, a rise of
// 0.4 pp). Averages are binary: the mean of 2.04, 5.99 and 0.97 is
// 3.0000000000000004 and 9.3 − 8.9 is 0.40000000000000036. A value within
// this distance of a limit counts as on it, so binary rounding never moves a
// corridor into the next band or decides whether an alert fires.
inline constexpr double k_tolerance_pp = 1e-9;

inline bool
at_most_pp(double value, double limit)
{
  return value <= limit + k_tolerance_pp;
}

inline bool
at_least_pp(double value, double limit)
{
  return value >= limit - k_tolerance_pp;
}

// Benchmark age (docs/methodology.md). A quote whose benchmark rate is older
// than the quote by more than this is flagged stale (the collector's
// max_benchmark_age_days, and the benchmark_stale alert rule, default to it).
inline constexpr double k_default_benchmark_max_age_days = 3;
// The report notes a benchmark source whose newest rate is older than this
// before the quarter's last day: a quarter-level view, so a week, not the
// per-quote three days.
inline constexpr int k_report_benchmark_stale_days = 7;

} // namespace rw::calculator
