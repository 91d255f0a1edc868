#pragma once

#include "corridors/firm_type.hpp"
#include "corridors/model.hpp"
#include "corridors/speed.hpp"
#include "util/error.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

// One price from a quote feed (docs/formats/quote-feed.md).
struct FeedQuote
{
  std::string provider;
  corridors::FirmType firm_type = corridors::FirmType::mto;
  corridors::CorridorKey corridor;
  std::string payment_instrument, receiving_method;
  std::optional<corridors::SpeedClass> speed;
  bool accessible = true;
  int standard_amount_usd = 200;
  double amount = 0;
  std::string currency, receive_currency;
  double fee = 0;
  double rate = 0;
  std::optional<double> received;
  std::optional<double> benchmark; // the publisher's reference rate, when it gives one
  std::string benchmark_source;
  std::chrono::sys_seconds collected_at{};
  size_t line = 0; // of the <quote> element
};

struct QuoteFeed
{
  std::string publisher;
  std::string generated; // ISO 8601, as published
  std::vector<FeedQuote> quotes;
};

// A quote feed: <quoteFeed version="1"> → <provider> → <service> → <quote>.
// The namespace is optional; no DTD or entity processing. Any impossible value
// (negative fee, rate 0, a corridor or currency that is not one) refuses the
// whole feed with FILE:LINE, so a feed is stored whole or not at all.
util::Expected<QuoteFeed> parse_quote_feed(std::string_view text, const std::string& source_name);

} // namespace rw::readers
