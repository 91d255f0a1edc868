#include "web/corridor_json.hpp"

#include "corridors/speed.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace rw::web {

namespace {

using Json = nlohmann::ordered_json;

Json
number(std::optional<double> value)
{
  return value ? Json(*value) : Json(nullptr);
}

std::string
speed_words(const std::optional<corridors::SpeedClass>& speed)
{
  return speed ? std::string(corridors::display_name(*speed)) : "unknown";
}

Json
rows_json(const std::vector<datasets::ServiceRow>& rows)
{
  Json out = Json::array();
  for (const auto& row : rows) {
    Json item;
    if (row.rank > 0) {
      item["rank"] = row.rank;
    }
    item["provider"] = row.provider;
    item["service"] = row.service;
    item["label"] = row.label;
    item["firm_type"] = std::string(datasets::firm_type_words(row.firm_type));
    item["fee_pct"] = row.fee_pct;
    item["fx_margin_pct"] = row.fx_margin_pct;
    item["total_cost_pct"] = row.total_cost_pct;
    item["speed"] = speed_words(row.speed);
    item["transparent"] = row.transparent;
    out.push_back(std::move(item));
  }
  return out;
}

Json
trend_json(const datasets::CorridorView& view)
{
  Json trend = Json::array();
  for (const auto& point : view.trend) {
    trend.push_back({{"quarter", point.quarter.to_string()},
                     {"average", number(point.average)},
                     {"cheapest", number(point.cheapest)},
                     {"smart", number(point.smart)},
                     {"databank", number(point.databank)}});
  }
  return trend;
}

} // namespace

std::string
render_corridor_json(const datasets::CorridorView& view)
{
  Json out;
  out["corridor"] = view.corridor.to_string();
  out["sender"] = {{"code", view.corridor.sender}, {"name", view.sender_name}};
  out["receiver"] = {{"code", view.corridor.receiver}, {"name", view.receiver_name}};
  out["quarter"] = view.quarter.to_string();
  out["amount_usd"] = view.amount_usd;
  out["providers"] = rows_json(view.ranked);
  out["non_transparent"] = rows_json(view.non_transparent);
  out["average"] = number(view.figures.average);
  out["services"] = view.figures.services;
  out["smart"] = number(view.figures.smart.value);
  out["smart_services"] = std::min<size_t>(view.figures.smart.qualifying, 3);
  out["cheapest"] = number(view.figures.cheapest);
  out["cheapest_provider"] = view.figures.cheapest_provider;
  out["spread_pp"] = number(view.figures.spread);
  out["trend"] = trend_json(view);
  return out.dump(2) + "\n";
}

std::string
render_series_json(const datasets::CorridorView& view)
{
  Json out;
  out["corridor"] = view.corridor.to_string();
  out["sender"] = {{"code", view.corridor.sender}, {"name", view.sender_name}};
  out["receiver"] = {{"code", view.corridor.receiver}, {"name", view.receiver_name}};
  out["amount_usd"] = view.amount_usd;
  out["series"] = trend_json(view);
  return out.dump(2) + "\n";
}

} // namespace rw::web
