#include "readers/wise.hpp"

#include "util/time.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rw::readers {

namespace {

using Json = nlohmann::json;

util::Expected<double>
positive_number(const Json& object, const char* key, const std::string& where)
{
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number() || it->get<double>() <= 0) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: '{}' is missing or not a positive number", where, key));
  }
  return it->get<double>();
}

std::string
string_or_empty(const Json& object, const char* key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

util::Expected<std::optional<corridors::SpeedClass>>
delivery_speed(const Json& quote, const std::string& where)
{
  const auto estimation = quote.find("deliveryEstimation");
  if (estimation == quote.end() || !estimation->is_object()) {
    return std::optional<corridors::SpeedClass>();
  }
  const auto duration = estimation->find("duration");
  if (duration == estimation->end() || !duration->is_object()) {
    return std::optional<corridors::SpeedClass>();
  }
  // The maximum is the promise a sender can rely on; min may be null.
  const std::string max = string_or_empty(*duration, "max");
  if (max.empty()) {
    return std::optional<corridors::SpeedClass>();
  }
  auto hours = util::parse_duration_hours(max);
  if (!hours) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: {}", where, hours.error().message));
  }
  auto speed = corridors::speed_class_from_hours(*hours);
  if (!speed) {
    return std::unexpected(speed.error());
  }
  return std::optional(*speed);
}

// The request the comparison answers: currencies and the amount sent.
util::Expected<void>
read_request(const Json& document, const std::string& source_name, WiseComparison& comparison)
{
  comparison.source_currency = string_or_empty(document, "sourceCurrency");
  comparison.target_currency = string_or_empty(document, "targetCurrency");
  if (comparison.source_currency.size() != 3 || comparison.target_currency.size() != 3) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: sourceCurrency/targetCurrency missing", source_name));
  }
  // v4: amount + amountType ("SEND"); v3: sendAmount.
  auto amount = document.contains("sendAmount") ? positive_number(document, "sendAmount", source_name)
                                                : positive_number(document, "amount", source_name);
  if (!amount) {
    return std::unexpected(amount.error());
  }
  if (document.contains("amountType") && string_or_empty(document, "amountType") != "SEND") {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: amountType '{}' is not SEND", source_name,
                                        string_or_empty(document, "amountType")));
  }
  comparison.send_amount = *amount;
  return {};
}

// One of a provider's quotes; `quote` comes with the provider's fields set.
util::Expected<void>
read_quote(const Json& json_quote, const std::string& where, WiseQuote& quote)
{
  if (!json_quote.is_object()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: a quote is not an object", where));
  }
  auto rate = positive_number(json_quote, "rate", where);
  if (!rate) {
    return std::unexpected(rate.error());
  }
  quote.rate = *rate;
  const auto fee = json_quote.find("fee");
  if (fee == json_quote.end() || !fee->is_number() || fee->get<double>() < 0) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: 'fee' is missing or negative", where));
  }
  quote.fee = fee->get<double>();
  if (const auto markup = json_quote.find("markup"); markup != json_quote.end() && markup->is_number()) {
    quote.markup_pct = markup->get<double>();
  }
  if (const auto received = json_quote.find("receivedAmount");
      received != json_quote.end() && received->is_number()) {
    quote.received = received->get<double>();
  }
  auto collected = util::parse_timestamp(string_or_empty(json_quote, "dateCollected"));
  if (!collected) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: dateCollected: {}", where, collected.error().message));
  }
  quote.collected_at = *collected;
  auto speed = delivery_speed(json_quote, where);
  if (!speed) {
    return std::unexpected(speed.error());
  }
  quote.speed = *speed;
  return {};
}

// One provider and its quotes, added to the comparison; Wise's own rate, the
// mid-market rate, noted when it is Wise.
util::Expected<void>
read_provider(const Json& provider,
              const std::string& source_name,
              WiseComparison& comparison,
              std::optional<double>& wise_rate)
{
  const std::string name = provider.is_object() ? string_or_empty(provider, "name") : std::string();
  const std::string where = fmt::format("{}: provider '{}'", source_name, name);
  if (name.empty()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: a provider without a name", source_name));
  }
  const std::string type = string_or_empty(provider, "type");
  auto firm_type = corridors::parse_firm_type(type);
  if (!firm_type) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: type '{}'", where, type));
  }
  const auto quotes = provider.find("quotes");
  if (quotes == provider.end() || !quotes->is_array()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: no 'quotes' array", where));
  }
  for (const auto& json_quote : *quotes) {
    WiseQuote quote;
    quote.provider = name;
    quote.alias = string_or_empty(provider, "alias");
    quote.firm_type = *firm_type;
    if (auto ok = read_quote(json_quote, where, quote); !ok) {
      return ok;
    }
    if (quote.alias == "wise" || name == "Wise") {
      wise_rate = quote.rate;
    }
    comparison.quotes.push_back(std::move(quote));
  }
  return {};
}

} // namespace

util::Expected<WiseComparison>
parse_wise_comparison(std::string_view text, const std::string& source_name)
{
  Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not a JSON object (a Wise comparison response)", source_name));
  }
  WiseComparison comparison;
  if (auto ok = read_request(document, source_name, comparison); !ok) {
    return std::unexpected(ok.error());
  }
  const auto providers = document.find("providers");
  if (providers == document.end() || !providers->is_array()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: no 'providers' array", source_name));
  }
  std::optional<double> wise_rate;
  for (const auto& provider : *providers) {
    if (auto ok = read_provider(provider, source_name, comparison, wise_rate); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (!wise_rate) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: no quote from Wise itself: no mid-market rate", source_name));
  }
  comparison.mid_rate = *wise_rate;
  return comparison;
}

} // namespace rw::readers
