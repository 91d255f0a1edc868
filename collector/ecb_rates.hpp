#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <map>
#include <optional>
#include <string>

namespace rw::collector {

// What a run derives from stored ECB reference rates (units per EUR). The
// cross rate is calculator::ecb_cross_rate's, which refuses a rate that is
// not positive.

// The amount in the sending currency standing for `usd` US dollars, rounded
// to three significant figures as RPW states amounts in round local figures
// (docs/methodology.md). An error, with its reason, when a rate is missing
// or not positive.
util::Expected<double> standard_amount(int usd, const std::string& currency,
                                       const std::map<std::string, double>& rates_per_eur);

// The ECB cross rate from → to on the newest ECB day on or before `day`.
struct CrossRate
{
  util::Expected<double> rate; // an error: a stored rate is not positive
  std::string day;
};

// Empty when the ECB has no rates of that day or earlier, or none for one of
// the currencies.
util::Expected<std::optional<CrossRate>> ecb_cross(store::Database& database, const std::string& from,
                                                   const std::string& to, const std::string& day);

} // namespace rw::collector
