#include "readers/survey.hpp"

#include "readers/column_finder.hpp"
#include "readers/csv_rows.hpp"

#include "util/csv.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>

namespace rw::readers {

namespace {

struct SurveyColumns
{
  size_t corridor;
  size_t provider;
  size_t firm_type;
  size_t amount;
  size_t currency;
  size_t fee;
  size_t rate;
  size_t benchmark;
  size_t collected_at;
  size_t transparent;
  std::optional<size_t> payment_instrument;
  std::optional<size_t> receiving_method;
  std::optional<size_t> speed;
  std::optional<size_t> receive_currency;
  std::optional<size_t> received;
  std::optional<size_t> benchmark_source;
  std::optional<size_t> accessible;
  std::optional<size_t> amount_usd;
  std::optional<size_t> source;
  std::optional<size_t> method;
};

util::Expected<SurveyColumns>
find_columns(const util::CsvHeader& header, const std::string& source_name)
{
  ColumnFinder find(header);
  SurveyColumns columns{
    .corridor = find.required("corridor"),
    .provider = find.required("provider"),
    .firm_type = find.required("firm_type"),
    .amount = find.required("amount"),
    .currency = find.required("currency"),
    .fee = find.required("fee"),
    .rate = find.required("rate"),
    .benchmark = find.required("benchmark"),
    .collected_at = find.required("collected_at"),
    .transparent = find.required("transparent"),
    .payment_instrument = find.optional("payment_instrument"),
    .receiving_method = find.optional("receiving_method"),
    .speed = find.optional("speed"),
    .receive_currency = find.optional("receive_currency"),
    .received = find.optional("received"),
    .benchmark_source = find.optional("benchmark_source"),
    .accessible = find.optional("accessible"),
    .amount_usd = find.optional("amount_usd"),
    .source = find.optional("source"),
    .method = find.optional("method"),
  };
  if (auto ok = find.check(source_name, "a survey CSV"); !ok) {
    return std::unexpected(ok.error());
  }
  return columns;
}

util::Expected<bool>
parse_yes_no(std::string_view text, std::string_view column)
{
  if (const auto answer = util::parse_yes_no(text)) {
    return *answer;
  }
  return util::make_error(util::ErrorKind::parse,
                          fmt::format("{} '{}' is not yes or no", column, text));
}

std::string_view
field(const std::vector<std::string>& fields, std::optional<size_t> index)
{
  return index && *index < fields.size() ? std::string_view(fields[*index]) : std::string_view();
}

util::Expected<double>
number(const std::vector<std::string>& fields, size_t index, std::string_view column)
{
  const auto value = util::parse_double(fields[index]);
  if (!value) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{} '{}' is not a number", column, fields[index]));
  }
  return *value;
}

using util::ErrorKind;
using util::make_error;

// The corridor "SEN-RCV": two countries the catalogue knows, not the same.
util::Expected<corridors::CorridorKey>
read_corridor(std::string_view text, const corridors::Catalogue& catalogue)
{
  auto key = corridors::CorridorKey::parse(text);
  if (!key) {
    return std::unexpected(key.error());
  }
  for (const auto& code : {key->sender, key->receiver}) {
    if (catalogue.find_country(code) == nullptr) {
      return make_error(ErrorKind::parse,
                        fmt::format("corridor {}: unknown country code {}", key->to_string(), code));
    }
  }
  if (key->sender == key->receiver) {
    return make_error(ErrorKind::parse,
                      fmt::format("corridor {}: sender and receiver are the same", key->to_string()));
  }
  return key;
}

// Provider, firm type, the labels of the product, speed, accessible.
util::Expected<void>
read_service(const std::vector<std::string>& fields, const SurveyColumns& c, corridors::Service& service)
{
  service.provider = std::string(util::trim(fields[c.provider]));
  if (service.provider.empty()) {
    return make_error(ErrorKind::parse, "provider is empty");
  }
  auto firm_type = corridors::parse_firm_type(fields[c.firm_type]);
  if (!firm_type) {
    return std::unexpected(firm_type.error());
  }
  service.firm_type = *firm_type;
  service.payment_instrument = std::string(util::trim(field(fields, c.payment_instrument)));
  service.receiving_method = std::string(util::trim(field(fields, c.receiving_method)));
  auto speed = corridors::parse_speed_class(field(fields, c.speed));
  if (!speed) {
    return std::unexpected(speed.error());
  }
  service.speed = *speed;
  if (c.accessible && !util::trim(field(fields, c.accessible)).empty()) {
    auto accessible = parse_yes_no(field(fields, c.accessible), "accessible");
    if (!accessible) {
      return std::unexpected(accessible.error());
    }
    service.accessible = *accessible;
  }
  return {};
}

// The sending currency; the receiving one, else the receiving country's.
util::Expected<void>
read_currencies(const std::vector<std::string>& fields,
                const SurveyColumns& c,
                const corridors::Catalogue& catalogue,
                corridors::Quote& quote)
{
  quote.send_currency = util::to_upper(util::trim(fields[c.currency]));
  if (quote.send_currency.size() != 3) {
    return make_error(ErrorKind::parse,
                      fmt::format("currency '{}' is not an ISO 4217 code", fields[c.currency]));
  }
  if (c.receive_currency) {
    quote.receive_currency = util::to_upper(util::trim(field(fields, c.receive_currency)));
  }
  if (quote.receive_currency.empty()) {
    quote.receive_currency = catalogue.find_country(quote.corridor.receiver)->currency;
  }
  return {};
}

// Amount, fee, the rate and the benchmark rate (after transparent: a service
// that hides its rate may leave both rates blank).
util::Expected<void>
read_costs(const std::vector<std::string>& fields, const SurveyColumns& c, corridors::Quote& quote)
{
  auto amount = number(fields, c.amount, "amount");
  if (!amount) {
    return std::unexpected(amount.error());
  }
  if (*amount <= 0) {
    return make_error(ErrorKind::parse, fmt::format("amount {} is not positive", *amount));
  }
  quote.amount = *amount;
  auto fee = number(fields, c.fee, "fee");
  if (!fee) {
    return std::unexpected(fee.error());
  }
  if (*fee < 0) {
    return make_error(ErrorKind::parse, fmt::format("fee {} is negative", *fee));
  }
  quote.fee = *fee;

  // A service that does not disclose its rate: RPW stores both rates as 1
  // (margin 0); the service is excluded from every average anyway.
  const bool rates_blank = util::trim(fields[c.rate]).empty() && util::trim(fields[c.benchmark]).empty();
  if (!quote.transparent && rates_blank) {
    quote.rate = 1;
    quote.benchmark = 1;
    return {};
  }
  for (auto [target, index, name] : {std::tuple{&quote.rate, c.rate, "rate"},
                                     std::tuple{&quote.benchmark, c.benchmark, "benchmark"}}) {
    auto value = number(fields, index, name);
    if (!value) {
      return std::unexpected(value.error());
    }
    if (*value <= 0) {
      return make_error(ErrorKind::parse, fmt::format("{} {} is not positive", name, *value));
    }
    *target = *value;
  }
  return {};
}

// What was received, where the benchmark came from, when and how the quote
// was collected, and for which standard amount.
util::Expected<void>
read_collection(const std::vector<std::string>& fields, const SurveyColumns& c, corridors::Quote& quote)
{
  if (c.received && !util::trim(field(fields, c.received)).empty()) {
    const auto received = util::parse_double(field(fields, c.received));
    if (!received || *received < 0) {
      return make_error(ErrorKind::parse,
                        fmt::format("received '{}' is not a non-negative number",
                                    field(fields, c.received)));
    }
    quote.received = received;
  }
  quote.benchmark_source = std::string(util::trim(field(fields, c.benchmark_source)));

  auto collected_at = util::parse_timestamp(fields[c.collected_at]);
  if (!collected_at) {
    return std::unexpected(collected_at.error());
  }
  quote.collected_at = *collected_at;

  if (c.amount_usd && !util::trim(field(fields, c.amount_usd)).empty()) {
    const auto standard = util::parse_integer(field(fields, c.amount_usd));
    if (!standard || (*standard != 200 && *standard != 500)) {
      return make_error(ErrorKind::parse,
                        fmt::format("amount_usd '{}' is not 200 or 500", field(fields, c.amount_usd)));
    }
    quote.standard_amount_usd = static_cast<int>(*standard);
  }
  quote.source = std::string(util::trim(field(fields, c.source)));
  if (quote.source.empty()) {
    quote.source = "survey";
  }
  quote.method = std::string(util::trim(field(fields, c.method)));
  if (quote.method.empty()) {
    quote.method = "survey";
  }
  return {};
}

// One row, checked in the order of the errors it can give.
util::Expected<corridors::Quote>
parse_row(const std::vector<std::string>& fields,
          const SurveyColumns& c,
          const corridors::Catalogue& catalogue)
{
  corridors::Quote quote;
  auto key = read_corridor(fields[c.corridor], catalogue);
  if (!key) {
    return std::unexpected(key.error());
  }
  quote.corridor = *key;
  if (auto ok = read_service(fields, c, quote.service); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = read_currencies(fields, c, catalogue, quote); !ok) {
    return std::unexpected(ok.error());
  }
  auto transparent = parse_yes_no(fields[c.transparent], "transparent");
  if (!transparent) {
    return std::unexpected(transparent.error());
  }
  quote.transparent = *transparent;
  if (auto ok = read_costs(fields, c, quote); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = read_collection(fields, c, quote); !ok) {
    return std::unexpected(ok.error());
  }
  // The bounds every source's quotes meet (a date in range, a fee no larger
  // than the amount, ...).
  if (auto ok = check_plausible(quote); !ok) {
    return std::unexpected(ok.error());
  }
  return quote;
}

} // namespace

util::Expected<SurveyFile>
read_survey_csv(std::string_view text,
                const std::string& source_name,
                const corridors::Catalogue& catalogue)
{
  auto rows = CsvRows::open(text, source_name, "a survey CSV", {.comment = '#'});
  if (!rows) {
    return std::unexpected(rows.error());
  }
  const util::CsvHeader header(rows->header());
  auto columns = find_columns(header, source_name);
  if (!columns) {
    return std::unexpected(columns.error());
  }

  SurveyFile file;
  auto ok = rows->for_each<std::string>([&](const std::vector<std::string>& fields) -> util::Expected<void> {
    ++file.rows;
    if (fields.size() != header.size()) {
      rows->reject(file.rejected, fmt::format("{} fields, the header has {}", fields.size(), header.size()));
      return {};
    }
    auto quote = parse_row(fields, *columns, catalogue);
    if (!quote) {
      rows->reject(file.rejected, quote.error().message);
      return {};
    }
    file.quotes.push_back(std::move(*quote));
    return {};
  });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  return file;
}

ImportedFile
to_imported(const SurveyFile& survey)
{
  ImportedFile file;
  file.rows = survey.rows;
  file.rejected = survey.rejected;
  for (const auto& quote : survey.quotes) {
    file.quotes.push_back(observed_quote(quote));
  }
  return file;
}

} // namespace rw::readers
