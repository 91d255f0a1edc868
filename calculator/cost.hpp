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
util::Expected<double> ecb_cross_rate(double eur_to_sender, double eur_to_receiver);

} // namespace rw::calculator
