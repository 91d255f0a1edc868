#include "web/corridor_json.hpp"

#include "corridors/speed.hpp"
#include "reports/render.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace rw::web {

namespace {

using Json = nlohmann::ordered_json;

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
                     {"average", json_number(point.average)},
                     {"cheapest", json_number(point.cheapest)},
                     {"smart", json_number(point.smart)},
                     {"databank", json_number(point.databank)}});
  }
  return trend;
}

} // namespace

nlohmann::ordered_json
json_number(std::optional<double> value)
{
  return value ? Json(*value) : Json(nullptr);
}

util::Cell
table_cell(std::optional<double> value)
{
  return value ? util::Cell(*value) : util::Cell();
}

std::string
speed_words(const std::optional<corridors::SpeedClass>& speed)
{
  return speed ? std::string(corridors::display_name(*speed)) : "unknown";
}

util::Table
services_table(const datasets::CorridorView& view,
               const std::vector<datasets::ServiceRow>& rows,
               bool with_rank,
               bool with_corridor)
{
  util::Table table{{"provider", "firm_type", "fee_pct", "fx_margin_pct", "total_cost_pct", "speed", "transparent"},
                    {}};
  if (with_rank) {
    table.columns.insert(table.columns.begin(), "rank");
  }
  if (with_corridor) {
    table.columns.insert(table.columns.begin(), {"corridor", "quarter", "amount_usd"});
  }
  for (const auto& row : rows) {
    std::vector<util::Cell> cells = {row.label,
                                     std::string(datasets::firm_type_words(row.firm_type)),
                                     row.fee_pct,
                                     row.fx_margin_pct,
                                     row.total_cost_pct,
                                     speed_words(row.speed),
                                     std::string(row.transparent ? "yes" : "no")};
    if (with_rank) {
      cells.insert(cells.begin(), row.rank > 0 ? util::Cell(static_cast<long long>(row.rank)) : util::Cell());
    }
    if (with_corridor) {
      cells.insert(cells.begin(),
                   {view.corridor.to_string(), view.quarter.to_string(), static_cast<long long>(view.amount_usd)});
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

std::string
render_data_csv(util::Table table)
{
  for (auto& cells : table.rows) {
    for (auto& c : cells) {
      if (auto* text = std::get_if<std::string>(&c)) {
        *text = reports::neutralise_formula(std::move(*text)); // names come from the data
      }
    }
  }
  return util::render_csv(table);
}

std::string
render_corridor_csv(const datasets::CorridorView& view)
{
  auto rows = view.ranked; // copies: a corridor has a few dozen services at most
  rows.insert(rows.end(), view.non_transparent.begin(), view.non_transparent.end());
  return render_data_csv(services_table(view, rows, true, true));
}

std::string
render_series_csv(const datasets::CorridorView& view)
{
  util::Table table{{"corridor", "amount_usd", "quarter", "average", "cheapest", "smart", "databank"}, {}};
  for (const auto& point : view.trend) {
    table.rows.push_back({view.corridor.to_string(), static_cast<long long>(view.amount_usd),
                          point.quarter.to_string(), table_cell(point.average), table_cell(point.cheapest), table_cell(point.smart),
                          table_cell(point.databank)});
  }
  return render_data_csv(std::move(table));
}

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
  out["average"] = json_number(view.figures.average);
  out["services"] = view.figures.services;
  out["smart"] = json_number(view.figures.smart.value);
  out["smart_services"] = std::min<size_t>(view.figures.smart.qualifying, 3);
  out["cheapest"] = json_number(view.figures.cheapest);
  out["cheapest_provider"] = view.figures.cheapest_provider;
  out["spread_pp"] = json_number(view.figures.spread);
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
