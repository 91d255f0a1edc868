#include "alerts/words.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

namespace rw::alerts {

namespace {

std::string
country_name(const corridors::Catalogue& catalogue, std::string_view code)
{
  const corridors::Country* country = catalogue.find_country(code);
  return country != nullptr ? country->name : std::string(code);
}

// "Bank Account" → "bank account": the words sit inside a sentence.
std::string
lower_words(std::string_view text)
{
  return util::to_lower(util::trim(text));
}

} // namespace

std::string
corridor_in_words(const corridors::Catalogue& catalogue, const corridors::CorridorKey& corridor)
{
  return fmt::format("{} → {} ({})", country_name(catalogue, corridor.sender),
                     country_name(catalogue, corridor.receiver), corridor.to_string());
}

std::string
service_in_words(const ServiceWords& service)
{
  const std::string instrument = lower_words(service.payment_instrument);
  const std::string receiving = lower_words(service.receiving_method);
  std::string text(util::trim(service.provider));
  if (!instrument.empty() && !receiving.empty()) {
    text += fmt::format(" — {} to {}", instrument, receiving);
  } else if (!receiving.empty()) {
    text += fmt::format(" — to {}", receiving);
  } else if (!instrument.empty()) {
    text += fmt::format(" — {}", instrument);
  }
  const size_t hash = service.service_key.rfind('#');
  if (hash != std::string_view::npos && hash + 1 < service.service_key.size()) {
    text += fmt::format(" (listing {})", service.service_key.substr(hash + 1));
  }
  return text;
}

std::string
amount_in_words(int amount_usd)
{
  return fmt::format("USD {}", amount_usd);
}

} // namespace rw::alerts
