#pragma once

#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"

#include <string>
#include <string_view>

namespace rw::alerts {

// What an alert says to a person: names, not the store's keys (those stay in
// the payload as fields of their own).

// "Kenya → Uganda (KEN-UGA)"; a code the catalogue does not know as it is.
std::string corridor_in_words(const corridors::Catalogue& catalogue, const corridors::CorridorKey& corridor);

struct ServiceWords
{
  std::string_view provider;           // "KCB"
  std::string_view payment_instrument; // "Bank account", may be empty
  std::string_view receiving_method;   // "Cash pick-up", may be empty
  std::string_view service_key;        // "kcb|bankaccount|cash#2": a second listing of the same
};

// "KCB — bank account to cash pick-up", "KCB — to bank account" (no
// instrument given), "KCB" (neither); a repeated listing (RPW rows told apart
// by their order) adds "(listing 2)".
std::string service_in_words(const ServiceWords& service);

// "USD 200".
std::string amount_in_words(int amount_usd);

} // namespace rw::alerts
