#pragma once

#include "corridors/firm_type.hpp"
#include "corridors/speed.hpp"
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

struct WiseQuote
{
  std::string provider; // name
  std::string alias;
  corridors::FirmType firm_type = corridors::FirmType::mto;
  double rate = 0;
  double fee = 0;
  double markup_pct = 0; // Wise's own figure: (1 − rate / mid) × 100
  std::optional<double> received;
  std::chrono::sys_seconds collected_at{};
  std::optional<corridors::SpeedClass> speed; // from the estimate's maximum duration
};

struct WiseComparison
{
  std::string source_currency;
  std::string target_currency;
  double send_amount = 0;
  // Wise quotes at the mid-market rate: the benchmark for the response.
  double mid_rate = 0;
  std::vector<WiseQuote> quotes;
};

// A Wise comparison response, v4 (`amount` + `amountType`) or v3
// (`sendAmount`). Every provider's quotes; `bank` → bank,
// `moneyTransferProvider` → MTO. The mid-market rate is Wise's own quote's
// rate. Errors name the source and the provider.
util::Expected<WiseComparison> parse_wise_comparison(std::string_view text,
                                                     const std::string& source_name);

} // namespace rw::readers
