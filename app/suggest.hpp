#pragma once

// "Did you mean …?" for the command line: the nearest of a few known names
// (options, commands, enum values) to what the user typed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::app {

// Optimal string alignment distance (Damerau–Levenshtein where a character
// is edited at most once): insertions, deletions, substitutions and swaps of
// two adjacent characters each cost 1, so "quater" is 1 from "quarter" and
// "raet" 1 from "rate".
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, when it is near enough to be a typo: at
// most 2 edits, and at most a third of the typed length (rounded up) so that
// short words are not matched to anything ("db" is not "by"). Compared
// without case; the first of equally near candidates wins.
std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& candidates);

} // namespace rw::app
