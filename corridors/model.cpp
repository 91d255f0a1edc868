#include "corridors/model.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <cctype>

namespace rw::corridors {

namespace {

bool
is_iso3(std::string_view code)
{
  if (code.size() != 3) {
    return false;
  }
  for (const char c : code) {
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

} // namespace

util::Expected<CorridorKey>
CorridorKey::parse(std::string_view text)
{
  const std::string_view trimmed = util::trim(text);
  std::string_view sender;
  std::string_view receiver;
  if (trimmed.size() == 6) {
    sender = trimmed.substr(0, 3);
    receiver = trimmed.substr(3);
  } else if (trimmed.size() == 7 && (trimmed[3] == '-' || trimmed[3] == '>')) {
    sender = trimmed.substr(0, 3);
    receiver = trimmed.substr(4);
  } else if (trimmed.size() == 8 && trimmed.substr(3, 2) == "->") {
    sender = trimmed.substr(0, 3);
    receiver = trimmed.substr(5);
  }
  if (!is_iso3(sender) || !is_iso3(receiver)) {
    return util::make_error(
      util::ErrorKind::parse,
      fmt::format("'{}' is not a corridor (expected SENDER-RECEIVER, e.g. KEN-UGA)", text));
  }
  return CorridorKey{util::to_upper(sender), util::to_upper(receiver)};
}

std::string
CorridorKey::to_string() const
{
  return fmt::format("{}-{}", sender, receiver);
}

std::string
Service::key() const
{
  return fmt::format("{}|{}|{}",
                     util::fold_label(provider),
                     util::fold_label(payment_instrument),
                     util::fold_label(receiving_method));
}

} // namespace rw::corridors
