#pragma once

#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rw::corridors {

// A corridor as a user may name it: "KEN-UGA", "ken-uga", "KEN-*" (every
// corridor from Kenya), "*-KEN" (every corridor to Kenya).
struct CorridorPattern
{
  std::string sender;   // ISO3, upper case, or "*"
  std::string receiver; // ISO3, upper case, or "*"

  static util::Expected<CorridorPattern> parse(std::string_view text);
  bool matches(const CorridorKey& key) const;
  std::string to_string() const; // "KEN-UGA", "KEN-*"

  auto operator<=>(const CorridorPattern&) const = default;
};

// Which corridors a command looks at: --sender, --receiver, --country (either
// side) and --corridor (repeatable, patterns allowed). Each kind given narrows
// the scope: a corridor is in it when its sender is one of the senders (if any
// are given), its receiver one of the receivers (if any), one of its two
// countries one of the countries (if any), and it matches one of the corridor
// patterns (if any). Nothing given: every corridor ("global").
struct Scope
{
  std::vector<std::string> senders;   // ISO3, upper case
  std::vector<std::string> receivers; // ISO3, upper case
  std::vector<std::string> countries; // ISO3, upper case; either side
  std::vector<CorridorPattern> corridors;

  // From the options' texts, codes case-insensitive; a malformed code or
  // pattern is an error naming the option ("--sender: 'KE' is not …").
  static util::Expected<Scope> parse(const std::vector<std::string>& senders,
                                     const std::vector<std::string>& receivers,
                                     const std::vector<std::string>& countries,
                                     const std::vector<std::string>& corridors);

  bool global() const; // nothing given
  bool contains(const CorridorKey& key) const;
  bool contains(std::string_view sender, std::string_view receiver) const;

  // Every code the catalogue does not know, named: "--sender: 'XYZ' is not a
  // country in the catalogue (ISO 3166-1 alpha-3, e.g. KEN)".
  util::Expected<void> check(const Catalogue& catalogue) const;

  // In words, for titles and headlines: "corridors from Kenya",
  // "corridors to or from Kenya or Uganda", "KEN-UGA and KEN-RWA",
  // "corridors from Kenya to Uganda"; "all corridors" when global().
  // Country names from the catalogue, the code when unknown.
  std::string describe(const Catalogue& catalogue) const;
  // The options back as text: "--sender KEN --corridor KEN-*" ("" when global()).
  std::string to_string() const;
};

} // namespace rw::corridors
