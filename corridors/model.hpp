#pragma once

#include "corridors/firm_type.hpp"
#include "corridors/speed.hpp"
#include "util/error.hpp"

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace rw::corridors {

// Sending country -> receiving country, ISO 3166-1 alpha-3.
struct CorridorKey
{
  std::string sender;
  std::string receiver;

  // "KEN-UGA" (also accepts RPW's "KENUGA" and "KEN->UGA"); codes upper-cased.
  static util::Expected<CorridorKey> parse(std::string_view text);
  std::string to_string() const; // "KEN-UGA"

  auto operator<=>(const CorridorKey&) const = default;
};

// One provider's product in one corridor.
struct Service
{
  std::string provider;
  FirmType firm_type = FirmType::other;
  std::string payment_instrument; // cash, bank account, card, online
  std::string receiving_method;   // cash pick-up, account, mobile wallet
  std::optional<SpeedClass> speed;
  bool accessible = true; // SmaRT's accessibility condition

  // Identity of the service inside its corridor: provider, instrument and
  // receiving method, folded so spelling variants do not split a service.
  std::string key() const;
};

// What a service charges to send `amount` at `collected_at`. Money is in the
// sending currency, rates in receiving units per sending unit (see
// docs/methodology.md for why binary64 doubles are enough).
struct Quote
{
  CorridorKey corridor;
  std::string send_currency;
  std::string receive_currency;
  Service service;
  double amount = 0;
  double fee = 0;
  double rate = 0;
  std::optional<double> received;
  double benchmark = 0;
  std::string benchmark_source;
  std::chrono::sys_seconds collected_at{};
  bool transparent = true;
  std::string source; // where the number came from: "survey", "rpw", "wise", ...
  std::string method; // how: "import", "api", "mystery-shopping", ...
  int standard_amount_usd = 200; // the RPW standard amount this quote stands for
};

} // namespace rw::corridors
