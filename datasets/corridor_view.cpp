#include "datasets/corridor_view.hpp"

#include "datasets/corridor_series.hpp"
#include "store/corridor_quotes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace rw::datasets {

namespace {

// The key a stored service's costs carry (CostReader's rule: the stored key,
// else the one its words fold to).
std::string
cost_key(const store::ServiceRecord& record)
{
  if (!record.service_key.empty()) {
    return record.service_key;
  }
  return corridors::Service{.provider = record.provider,
                            .payment_instrument = record.payment_instrument,
                            .receiving_method = record.receiving_method}
    .key();
}

std::string
lower(std::string_view text)
{
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

ServiceRow
service_row(const calculator::ServiceCost& cost, const CorridorData& data)
{
  ServiceRow row;
  row.provider = cost.provider;
  if (auto words = data.services.find(cost.service_key); words != data.services.end()) {
    row.provider = words->second.provider;
    row.service = service_words(words->second.payment_instrument, words->second.receiving_method);
  }
  row.firm_type = cost.firm_type;
  row.fee_pct = cost.fee_pct;
  row.fx_margin_pct = cost.fx_margin_pct;
  row.total_cost_pct = cost.total_pct;
  row.speed = cost.speed;
  row.transparent = cost.transparent;
  return row;
}

// A provider with one service is named alone; one with several gets its
// service in words, and a number where even those are the same (RPW lists
// a provider's products apart without saying how they differ).
void
label_rows(std::vector<ServiceRow*>& rows)
{
  std::map<std::string, size_t> per_provider;
  for (const ServiceRow* row : rows) {
    ++per_provider[row->provider];
  }
  std::map<std::string, size_t> seen;
  for (ServiceRow* row : rows) {
    if (per_provider[row->provider] == 1) {
      row->label = row->provider;
      continue;
    }
    row->label = row->service.empty() ? row->provider : fmt::format("{} — {}", row->provider, row->service);
    if (const size_t n = ++seen[row->label]; n > 1) {
      row->label += fmt::format(" (service {})", n);
    }
  }
}

} // namespace

std::string_view
firm_type_words(corridors::FirmType type)
{
  switch (type) {
  case corridors::FirmType::bank:
    return "Bank";
  case corridors::FirmType::mto:
    return "Money transfer operator";
  case corridors::FirmType::post_office:
    return "Post office";
  case corridors::FirmType::mobile_operator:
    return "Mobile operator";
  case corridors::FirmType::other:
    return "Other";
  }
  return "Other";
}

std::string
service_words(std::string_view payment_instrument, std::string_view receiving_method)
{
  if (!payment_instrument.empty() && !receiving_method.empty()) {
    return fmt::format("{} to {}", lower(payment_instrument), lower(receiving_method));
  }
  if (!receiving_method.empty()) {
    return fmt::format("to {}", lower(receiving_method));
  }
  if (!payment_instrument.empty()) {
    return fmt::format("from {}", lower(payment_instrument));
  }
  return {};
}

util::Expected<CorridorData>
load_corridor_data(store::Database& database,
                   const corridors::CorridorKey& corridor,
                   int amount_usd,
                   const SkippedQuote& skipped)
{
  CorridorData data{.corridor = corridor, .amount_usd = amount_usd, .observations = {}, .services = {}, .databank = {}};
  auto ok = for_each_service_cost(
    database, amount_usd, std::nullopt, std::nullopt,
    [&](const calculator::ObservationView& o) {
      if (o.sender != corridor.sender || o.receiver != corridor.receiver) {
        return;
      }
      data.observations.push_back({.quarter = o.quarter,
                                   .corridor = corridor,
                                   .service_key = std::string(o.service_key),
                                   .provider = std::string(o.provider),
                                   .firm_type = o.firm_type,
                                   .speed = o.speed,
                                   .transparent = o.transparent,
                                   .accessible = o.accessible,
                                   .fee_pct = o.fee_pct,
                                   .fx_margin_pct = o.fx_margin_pct,
                                   .total_pct = o.total_pct,
                                   .quotes = 1});
    },
    skipped);
  if (!ok) {
    return std::unexpected(ok.error());
  }
  auto services = store::corridor_services(database, corridor.sender, corridor.receiver);
  if (!services) {
    return std::unexpected(services.error());
  }
  for (const auto& record : *services) {
    data.services[cost_key(record)] = {record.provider, record.payment_instrument, record.receiving_method};
  }
  if (amount_usd != 200) {
    return data; // DataBank publishes USD 200 figures only
  }
  auto series = load_corridor_series(database, std::nullopt, [&](std::string_view sender, std::string_view receiver) {
    return sender == corridor.sender && receiver == corridor.receiver;
  });
  if (!series) {
    return std::unexpected(series.error());
  }
  for (const auto& message : series->skipped) {
    skipped(message);
  }
  for (const auto& [quarter, values] : series->by_quarter) {
    if (!values.empty()) {
      data.databank[quarter] = values.front().value;
    }
  }
  return data;
}

std::vector<corridors::Quarter>
quote_quarters(const CorridorData& data)
{
  std::set<corridors::Quarter> quarters;
  for (const auto& observation : data.observations) {
    quarters.insert(observation.quarter);
  }
  return {quarters.begin(), quarters.end()};
}

util::Expected<corridors::CorridorKey>
find_corridor(std::string_view text, const corridors::Catalogue& catalogue)
{
  auto corridor = corridors::CorridorKey::parse(text);
  if (!corridor) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("corridor '{}': {} (SENDER-RECEIVER, e.g. KEN-UGA)", text,
                                        corridor.error().message));
  }
  for (const auto& code : {corridor->sender, corridor->receiver}) {
    if (catalogue.find_country(code) == nullptr) {
      return util::make_error(util::ErrorKind::not_found,
                              fmt::format("corridor {}: {} is not a country in the catalogue (ISO 3166-1 "
                                          "alpha-3, e.g. KEN)",
                                          corridor->to_string(), code));
    }
  }
  return corridor;
}

util::Expected<corridors::Quarter>
choose_quarter(const CorridorData& data, std::optional<corridors::Quarter> asked, const QuarterWording& wording)
{
  const auto quarters = quote_quarters(data);
  const std::string corridor = data.corridor.to_string();
  if (quarters.empty()) {
    const std::string databank =
      data.databank.empty() ? std::string()
                            : fmt::format(" (DataBank values only, {} to {})", data.databank.begin()->first.to_string(),
                                          data.databank.rbegin()->first.to_string());
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}no USD {} quotes for corridor {}{}; import RPW rows or a survey "
                                        "('remitwatch import'), and run 'remitwatch db info' to see what the "
                                        "database holds",
                                        wording.source, data.amount_usd, corridor, databank));
  }
  if (!asked) {
    return quarters.back();
  }
  if (std::ranges::find(quarters, *asked) == quarters.end()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: no USD {} quotes for {} in that quarter; {} has data for {} "
                                        "to {} ({} quarters); try {}{}",
                                        wording.ask + asked->to_string(), data.amount_usd, corridor,
                                        corridor, quarters.front().to_string(), quarters.back().to_string(),
                                        quarters.size(), wording.ask, quarters.back().to_string()));
  }
  return *asked;
}

CorridorView
corridor_view(const CorridorData& data, corridors::Quarter quarter, const corridors::Catalogue& catalogue)
{
  CorridorView view;
  view.corridor = data.corridor;
  const auto* sender = catalogue.find_country(data.corridor.sender);
  const auto* receiver = catalogue.find_country(data.corridor.receiver);
  view.sender_name = sender ? sender->name : data.corridor.sender;
  view.receiver_name = receiver ? receiver->name : data.corridor.receiver;
  view.quarter = quarter;
  view.amount_usd = data.amount_usd;

  std::vector<calculator::ServiceCost> of_quarter;
  std::ranges::copy_if(data.observations, std::back_inserter(of_quarter),
                       [&](const auto& o) { return o.quarter == quarter; });
  for (const auto& service : calculator::collapse(of_quarter)) {
    (service.transparent ? view.ranked : view.non_transparent).push_back(service_row(service, data));
  }
  // Stable: services of equal cost keep collapse()'s service-key order.
  std::ranges::stable_sort(view.ranked, {}, &ServiceRow::total_cost_pct);
  for (size_t i = 0; i < view.ranked.size(); ++i) {
    view.ranked[i].rank = i + 1;
  }
  std::vector<ServiceRow*> all;
  for (auto* rows : {&view.ranked, &view.non_transparent}) {
    for (auto& row : *rows) {
      all.push_back(&row);
    }
  }
  label_rows(all);

  std::set<corridors::Quarter> quarters;
  for (const auto q : quote_quarters(data)) {
    quarters.insert(q);
  }
  for (const auto& entry : data.databank) {
    quarters.insert(entry.first);
  }
  for (const auto q : quarters) {
    TrendPoint point{.quarter = q, .average = {}, .cheapest = {}, .smart = {}, .databank = {}};
    const auto aggregates = calculator::aggregate_quarter(data.observations, q, catalogue);
    if (!aggregates.corridors.empty()) {
      const auto& figures = aggregates.corridors.front();
      point.average = figures.average;
      point.cheapest = figures.cheapest;
      point.smart = figures.smart.value;
      if (q == quarter) {
        view.figures = figures;
      }
    }
    if (auto published = data.databank.find(q); published != data.databank.end()) {
      point.databank = published->second;
    }
    view.trend.push_back(point);
  }
  return view;
}

} // namespace rw::datasets
