#pragma once

#include "util/error.hpp"

#include <date/date.h>

#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

// One ECB euro reference rate: units of `currency` per 1 EUR on `day`.
struct EcbRate
{
  date::year_month_day day;
  std::string currency;
  double rate = 0;

  bool operator==(const EcbRate&) const = default;
};

// eurofxref-daily.xml, -hist-90d.xml, -hist.xml: gesmes:Envelope → Cube →
// Cube time → Cube currency/rate. Single or double quotes, any whitespace,
// the default namespace optional. No DTD or entity processing. Errors name
// the source and the line.
util::Expected<std::vector<EcbRate>> parse_ecb_xml(std::string_view text,
                                                   const std::string& source_name);

// The CSV inside eurofxref-hist.zip: "Date,USD,JPY,…," newest first, "N/A"
// where there is no rate, a trailing comma.
util::Expected<std::vector<EcbRate>> parse_ecb_csv(std::string_view text,
                                                   const std::string& source_name);

} // namespace rw::readers
