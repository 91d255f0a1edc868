#include "web/api.hpp"

#include "datasets/corridor_view.hpp"
#include "datasets/stored_costs.hpp"
#include "reports/render.hpp"
#include "reports/report.hpp"
#include "store/alerts.hpp"
#include "store/queries.hpp"
#include "store/schema.hpp"
#include "web/corridor_json.hpp"
#include "web/page_layout.hpp"
#include "web/query.hpp"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace rw::web {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* k_csv = "text/csv; charset=utf-8";

Json
country_json(const corridors::Catalogue& catalogue, const std::string& code)
{
  const auto* country = catalogue.find_country(code);
  return {{"code", code}, {"name", country != nullptr ? country->name : code}};
}

Reply
json_reply(const Json& json)
{
  return Reply{json.dump(2) + "\n", k_json_content_type, {}};
}

// A CSV answer, saved under `filename` by a browser.
Reply
csv_reply(std::string body, std::string filename)
{
  return Reply{std::move(body), k_csv, std::move(filename)};
}

util::Cell
count(std::int64_t value)
{
  return util::Cell(static_cast<long long>(value));
}

util::Expected<Reply>
health(const Request& /*request*/, store::Database& database, const Site& site)
{
  auto schema = store::stored_schema_version(database);
  if (!schema) {
    return std::unexpected(schema.error());
  }
  auto quotes = store::quote_count(database);
  if (!quotes) {
    return std::unexpected(quotes.error());
  }
  return json_reply({{"status", "ok"}, {"version", site.version}, {"schema_version", *schema}, {"quotes", *quotes}});
}

// Each corridor in scope with its latest quarter of quotes (or the quarter asked for).
util::Expected<Reply>
corridor_list(const Request& request, store::Database& database, const Site& site)
{
  auto quarter = quarter_parameter(request);
  auto amount = amount_parameter(request);
  auto sender = country_parameter(request, "sender", site.catalogue);
  auto receiver = country_parameter(request, "receiver", site.catalogue);
  auto format = format_parameter(request);
  for (const util::Error* error : {quarter ? nullptr : &quarter.error(), amount ? nullptr : &amount.error(),
                                   sender ? nullptr : &sender.error(), receiver ? nullptr : &receiver.error(),
                                   format ? nullptr : &format.error()}) {
    if (error != nullptr) {
      return std::unexpected(*error);
    }
  }
  corridors::Scope scope;
  if (*sender) {
    scope.senders.push_back(**sender);
  }
  if (*receiver) {
    scope.receivers.push_back(**receiver);
  }
  const auto keep = [&scope](std::string_view from, std::string_view to) { return scope.contains(from, to); };
  auto aggregates = datasets::aggregate_stored_quarters(database, *amount, *quarter, *quarter, site.catalogue, keep, 1,
                                                        [](const std::string&) {});
  if (!aggregates) {
    return std::unexpected(aggregates.error());
  }
  std::map<corridors::CorridorKey, std::pair<corridors::Quarter, const calculator::CorridorAverage*>> latest;
  for (const auto& [q, figures] : *aggregates) { // quarters in order: the last one seen is the latest
    for (const auto& corridor : figures.corridors) {
      latest.insert_or_assign(corridor.corridor, std::pair{q, &corridor});
    }
  }
  Json list = Json::array();
  util::Table table{{"corridor", "sender", "sender_name", "receiver", "receiver_name", "quarter", "amount_usd",
                     "average", "services", "smart", "cheapest", "cheapest_provider"},
                    {}};
  for (const auto& [key, entry] : latest) {
    const auto& figures = *entry.second;
    table.rows.push_back({key.to_string(), key.sender, country_name(site.catalogue, key.sender), key.receiver,
                          country_name(site.catalogue, key.receiver), entry.first.to_string(), count(*amount),
                          table_cell(figures.average), count(static_cast<std::int64_t>(figures.services)),
                          table_cell(figures.smart.value), table_cell(figures.cheapest), figures.cheapest_provider});
    list.push_back({{"corridor", key.to_string()},
                    {"sender", country_json(site.catalogue, key.sender)},
                    {"receiver", country_json(site.catalogue, key.receiver)},
                    {"quarter", entry.first.to_string()},
                    {"average", json_number(figures.average)},
                    {"services", figures.services},
                    {"smart", json_number(figures.smart.value)},
                    {"cheapest", json_number(figures.cheapest)},
                    {"cheapest_provider", figures.cheapest_provider},
                    {"url", request.base_path + "/api/v1/corridors/" + key.to_string()}});
  }
  if (*format == Format::csv) {
    return csv_reply(render_data_csv(std::move(table)), "remitwatch-corridors.csv");
  }
  return json_reply({{"amount_usd", *amount},
                     {"quarter", *quarter ? Json((*quarter)->to_string()) : Json(nullptr)},
                     {"sender", *sender ? Json(**sender) : Json(nullptr)},
                     {"receiver", *receiver ? Json(**receiver) : Json(nullptr)},
                     {"corridors", std::move(list)}});
}

// The corridor's data for ?amount=, its key checked against the catalogue.
util::Expected<datasets::CorridorData>
corridor_data(const Request& request, store::Database& database, const Site& site)
{
  auto corridor = datasets::find_corridor(request.params.at("corridor"), site.catalogue);
  if (!corridor) {
    return std::unexpected(corridor.error());
  }
  auto amount = amount_parameter(request);
  if (!amount) {
    return std::unexpected(amount.error());
  }
  return datasets::load_corridor_data(database, *corridor, *amount, [](const std::string&) {});
}

util::Expected<Reply>
corridor(const Request& request, store::Database& database, const Site& site)
{
  auto quarter = quarter_parameter(request);
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  auto format = format_parameter(request);
  if (!format) {
    return std::unexpected(format.error());
  }
  auto data = corridor_data(request, database, site);
  if (!data) {
    return std::unexpected(data.error());
  }
  auto chosen = datasets::choose_quarter(*data, *quarter, {.source = "", .ask = "?quarter="});
  if (!chosen) {
    return std::unexpected(chosen.error());
  }
  const auto view = datasets::corridor_view(*data, *chosen, site.catalogue);
  if (*format == Format::csv) {
    return csv_reply(render_corridor_csv(view), fmt::format("remitwatch-{}-{}-{}.csv", view.corridor.to_string(),
                                                            view.quarter.to_string(), view.amount_usd));
  }
  return Reply{render_corridor_json(view), k_json_content_type, {}};
}

util::Expected<Reply>
series(const Request& request, store::Database& database, const Site& site)
{
  auto format = format_parameter(request);
  if (!format) {
    return std::unexpected(format.error());
  }
  auto data = corridor_data(request, database, site);
  if (!data) {
    return std::unexpected(data.error());
  }
  const auto quarters = datasets::quote_quarters(*data);
  if (quarters.empty() && data->databank.empty()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("no data for corridor {} at USD {}: neither quotes nor DataBank values",
                                        data->corridor.to_string(), data->amount_usd));
  }
  const auto last = quarters.empty() ? data->databank.rbegin()->first : quarters.back();
  const auto view = datasets::corridor_view(*data, last, site.catalogue);
  if (*format == Format::csv) {
    return csv_reply(render_series_csv(view),
                     fmt::format("remitwatch-{}-series-{}.csv", view.corridor.to_string(), view.amount_usd));
  }
  return Reply{render_series_json(view), k_json_content_type, {}};
}

util::Expected<reports::Report>
report_for(const Request& request, store::Database& database, const Site& site)
{
  auto quarter = corridors::Quarter::parse(request.params.at("quarter"));
  if (!quarter) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("report/{}: {}", request.params.at("quarter"), quarter.error().message));
  }
  auto amount = amount_parameter(request);
  if (!amount) {
    return std::unexpected(amount.error());
  }
  // Stamped with the time of the data, not of the request: the same data
  // gives the same bytes, so the ETag holds until an import or a collection.
  auto data_time = store::latest_run_time(database);
  if (!data_time) {
    return std::unexpected(data_time.error());
  }
  reports::ReportOptions options;
  options.quarter = *quarter;
  options.amount = *amount;
  options.generated_at = data_time->empty() ? site.now() : *data_time;
  options.version = site.version;
  auto report = reports::build_report(database, site.catalogue, options);
  if (!report && report.error().kind == util::ErrorKind::not_found) {
    return std::unexpected(without_path(database, report.error())); // "no data for 2019Q1 …"
  }
  return report;
}

util::Expected<Reply>
report_json(const Request& request, store::Database& database, const Site& site)
{
  auto format = format_parameter(request);
  if (!format) {
    return std::unexpected(format.error());
  }
  auto report = report_for(request, database, site);
  if (!report) {
    return std::unexpected(report.error());
  }
  if (*format == Format::csv) {
    return csv_reply(reports::render_csv(*report),
                     fmt::format("remitwatch-report-{}.csv", report->quarter.to_string()));
  }
  return Reply{reports::render_json(*report), k_json_content_type, {}};
}

util::Expected<Reply>
alerts(const Request& request, store::Database& database, const Site& /*site*/)
{
  auto format = format_parameter(request);
  if (!format) {
    return std::unexpected(format.error());
  }
  // Every alert: the recorded ones are few (one per rule, scope and period).
  auto stored = store::recent_alerts(database, std::numeric_limits<std::int64_t>::max());
  if (!stored) {
    return std::unexpected(stored.error());
  }
  Json list = Json::array();
  // CSV: one row per delivery (an alert delivered nowhere: one row, its channel empty).
  util::Table table{{"rule_id", "scope", "period", "fired_at", "channel", "delivered_at", "attempts", "failed"}, {}};
  for (const auto& alert : *stored) {
    Json deliveries = Json::array();
    const auto& e = alert.event;
    if (alert.deliveries.empty()) {
      table.rows.push_back({e.rule_id, e.scope, e.period, e.fired_at, {}, {}, {}, {}});
    }
    for (const auto& delivery : alert.deliveries) {
      table.rows.push_back({e.rule_id, e.scope, e.period, e.fired_at, delivery.channel,
                            delivery.delivered_at ? util::Cell(*delivery.delivered_at) : util::Cell(),
                            count(delivery.attempts),
                            std::string(delivery.last_error.has_value() ? "yes" : "no")});
      deliveries.push_back({{"channel", delivery.channel},
                            {"delivered_at", delivery.delivered_at ? Json(*delivery.delivered_at) : Json(nullptr)},
                            {"attempts", delivery.attempts},
                            {"failed", delivery.last_error.has_value()}});
    }
    Json payload = Json::parse(alert.event.payload, nullptr, false);
    list.push_back({{"rule_id", alert.event.rule_id},
                    {"scope", alert.event.scope},
                    {"period", alert.event.period},
                    {"fired_at", alert.event.fired_at},
                    {"details", payload.is_discarded() ? Json(nullptr) : payload},
                    {"deliveries", std::move(deliveries)}});
  }
  if (*format == Format::csv) {
    return csv_reply(render_data_csv(std::move(table)), "remitwatch-alerts.csv");
  }
  return json_reply({{"alerts", std::move(list)}});
}

} // namespace

util::Expected<Reply>
report_html(const Request& request, store::Database& database, const Site& site)
{
  auto report = report_for(request, database, site);
  if (!report) {
    return std::unexpected(report.error());
  }
  return Reply{reports::render_html(*report), "text/html; charset=utf-8", {}};
}

void
register_api(Router& router)
{
  router.add(RouteKind::json, "/api/v1/health", health);
  router.add(RouteKind::json, "/api/v1/corridors", corridor_list);
  router.add(RouteKind::json, "/api/v1/corridors/{corridor}", corridor);
  router.add(RouteKind::json, "/api/v1/corridors/{corridor}/series", series);
  router.add(RouteKind::json, "/api/v1/report/{quarter}", report_json);
  router.add(RouteKind::json, "/api/v1/alerts", alerts);
}

} // namespace rw::web
