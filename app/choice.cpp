#include "app/choice.hpp"

#include "app/suggest.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace rw::app {

namespace {

std::string
normalised(std::string_view text)
{
  std::string out = util::to_lower(text);
  std::ranges::replace(out, '_', '-');
  return out;
}

} // namespace

std::optional<std::string>
canonical_choice(std::string_view typed, const std::vector<std::string>& canonical)
{
  const std::string wanted = normalised(typed);
  for (const auto& choice : canonical) {
    if (normalised(choice) == wanted) {
      return choice;
    }
  }
  return std::nullopt;
}

CLI::Validator
one_of(std::vector<std::string> canonical)
{
  const std::string description = fmt::format("{{{}}}", fmt::join(canonical, ","));
  return CLI::Validator(
    [canonical = std::move(canonical)](std::string& value) -> std::string {
      if (auto choice = canonical_choice(value, canonical)) {
        value = *choice;
        return {};
      }
      std::string message = fmt::format("'{}' is not one of {}", value, fmt::join(canonical, ", "));
      if (auto near = nearest(normalised(value), canonical)) {
        message += fmt::format("; did you mean {}?", *near);
      }
      return message;
    },
    description);
}

} // namespace rw::app
