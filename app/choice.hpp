#pragma once

// Options whose value is one of a few words (--by, --format, import's kind,
// --log-format): one normaliser for all of them, so that every command
// accepts "firm_type", "firm-type" and "FIRM-TYPE" alike.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::app {

// The canonical spelling among `canonical` that `typed` names: compared
// without case, '_' and '-' being the same character ("firm_type" names
// "firm-type").
std::optional<std::string> canonical_choice(std::string_view typed, const std::vector<std::string>& canonical);

// A CLI11 transform (use with ->transform(), not ->check(), so that the
// option receives the canonical spelling): a value naming one of `canonical`
// becomes that spelling; any other is refused as "'firm_typo' is not one of
// corridor, firm-type, …; did you mean firm-type?". The help lists the
// canonical spellings, as CLI::IsMember did: "TEXT:{corridor,firm-type,…}".
CLI::Validator one_of(std::vector<std::string> canonical);

} // namespace rw::app
