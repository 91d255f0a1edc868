#include "alerts/evaluate.hpp"

#include "alerts/quarter_figures.hpp"
#include "calculator/aggregates.hpp"
#include "datasets/stored_costs.hpp"
#include "store/queries.hpp"
#include "store/records.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <tuple>

namespace rw::alerts {

namespace {

using Json = nlohmann::ordered_json;
using corridors::Quarter;

bool
rose_by(double change, double threshold)
{
  return calculator::at_least_pp(change, threshold);
}

bool
in_scope(const std::vector<std::string>& scope, const std::string& value)
{
  return scope.empty() || std::ranges::find(scope, value) != scope.end();
}

Json
rule_json(const Rule& rule)
{
  Json json = {{"id", rule.id}, {"kind", to_string(rule.kind)}};
  switch (rule.kind) {
  case RuleKind::corridor_rise:
  case RuleKind::average_rise:
    json["threshold_pp"] = rule.threshold_pp;
    json["compare"] = rule.compare == Compare::previous ? "previous" : "year_ago";
    json["amount_usd"] = rule.amount;
    break;
  case RuleKind::corridor_above:
    json["level"] = rule.level;
    json["measure"] = rule.measure;
    json["amount_usd"] = rule.amount;
    break;
  case RuleKind::quote_rise: json["threshold_pp"] = rule.threshold_pp; break;
  case RuleKind::benchmark_stale: json["max_age_days"] = rule.max_age_days; break;
  case RuleKind::coverage_below: json["level"] = rule.level; break;
  }
  return json;
}

Alert
make_alert(const Rule& rule, std::string scope, std::string period, std::string message, Json values)
{
  Json payload = {{"rule", rule_json(rule)}, {"scope", scope}, {"period", period}, {"message", message}};
  for (auto& [key, value] : values.items()) {
    payload[key] = value;
  }
  return {rule.id, rule.kind, std::move(scope), std::move(period), std::move(message),
          payload.dump(-1, ' ', false, Json::error_handler_t::replace), rule.channels};
}

// The quarter history of each standard amount, loaded once for all the
// quarter rules of that amount.
class Histories
{
public:
  Histories(store::Database& database, const corridors::Catalogue& catalogue, const EvaluateOptions& options)
    : m_database(database)
    , m_catalogue(catalogue)
    , m_options(options)
  {
  }

  // nullptr when the database holds nothing for the amount and no quarter was asked for.
  util::Expected<const QuarterHistory*> at(int amount)
  {
    auto it = m_histories.find(amount);
    if (it == m_histories.end()) {
      auto history = load_quarter_history(m_database, m_catalogue, amount, m_options.quarter);
      if (!history) {
        return std::unexpected(history.error());
      }
      it = m_histories.emplace(amount, std::move(*history)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

private:
  store::Database& m_database;
  const corridors::Catalogue& m_catalogue;
  const EvaluateOptions& m_options;
  std::map<int, std::optional<QuarterHistory>> m_histories;
};

std::string
pct(double value)
{
  return fmt::format("{:.2f} %", value);
}

// As the report's corridor table names where an average came from.
std::string
source_of(const CorridorFigure& figure)
{
  return figure.computed != nullptr ? "services" : "databank";
}

void
corridor_rise(const Rule& rule, const QuarterHistory& history, std::vector<Alert>& alerts)
{
  const auto base = rule.compare == Compare::previous ? history.previous : history.year_ago;
  if (!base) {
    return;
  }
  const QuarterFigures& then = history.at(*base);
  const std::string quarter = history.current.to_string();
  for (const auto& [corridor, figure] : history.now().corridors) {
    const std::string key = corridor.to_string();
    const auto before = then.corridors.find(corridor);
    if (!in_scope(rule.corridors, key) || before == then.corridors.end()) {
      continue;
    }
    const double change = figure.average - before->second.average;
    if (!rose_by(change, rule.threshold_pp)) {
      continue;
    }
    alerts.push_back(make_alert(
      rule, key, quarter,
      fmt::format("{}: average total cost rose {:.2f} pp, from {} in {} to {} in {} (rule {}: at least {:.2f} pp)", key,
                  change, pct(before->second.average), base->to_string(), pct(figure.average), quarter, rule.id,
                  rule.threshold_pp),
      {{"quarter", quarter},
       {"compared_with", base->to_string()},
       {"previous", before->second.average},
       {"current", figure.average},
       {"change_pp", change},
       {"source", source_of(figure)},
       {"services", figure.computed != nullptr ? figure.computed->services : 0}}));
  }
}

void
corridor_above(const Rule& rule, const QuarterHistory& history, std::vector<Alert>& alerts)
{
  if (!history.previous) {
    return; // crossing needs a value before
  }
  const bool smart = rule.measure == "smart";
  const auto value_of = [&](const CorridorFigure& figure) -> std::optional<double> {
    if (!smart) {
      return figure.average;
    }
    return figure.computed != nullptr ? figure.computed->smart.value : std::nullopt;
  };
  const QuarterFigures& then = history.at(*history.previous);
  const std::string quarter = history.current.to_string();
  for (const auto& [corridor, figure] : history.now().corridors) {
    const std::string key = corridor.to_string();
    const auto before = then.corridors.find(corridor);
    if (!in_scope(rule.corridors, key) || before == then.corridors.end()) {
      continue;
    }
    const auto now = value_of(figure);
    const auto earlier = value_of(before->second);
    if (!now || !earlier || calculator::within_band(*now, rule.level)
        || !calculator::within_band(*earlier, rule.level)) {
      continue;
    }
    alerts.push_back(make_alert(
      rule, key, quarter,
      fmt::format("{}: {} crossed above {:g} %: {} in {}, {} in {} (rule {})", key,
                  smart ? "SmaRT" : "average total cost", rule.level, pct(*earlier),
                  history.previous->to_string(), pct(*now), quarter, rule.id),
      {{"quarter", quarter},
       {"compared_with", history.previous->to_string()},
       {"previous", *earlier},
       {"current", *now},
       {"source", source_of(figure)}}));
  }
}

// The global average and the channel (firm type) averages, as the report's
// headline and channel table show them.
void
average_rise(const Rule& rule, const QuarterHistory& history, std::vector<Alert>& alerts)
{
  const auto compared = rule.compare == Compare::previous ? history.previous : history.year_ago;
  const QuarterFigures& now = history.now();
  if (!compared || !now.aggregates) {
    return;
  }
  const QuarterFigures& then = history.at(*compared);
  using Read = std::function<calculator::Mean(const calculator::QuarterAggregates&)>;
  std::vector<std::tuple<std::string, std::string, Read>> figures = {
    {"global", "global average", [](const calculator::QuarterAggregates& a) { return a.global; }}};
  for (const auto& [type, mean] : now.aggregates->by_firm_type) {
    figures.emplace_back(std::string(corridors::to_string(type)), std::string(corridors::display_name(type)),
                         [type](const calculator::QuarterAggregates& a) {
                           auto it = a.by_firm_type.find(type);
                           return it != a.by_firm_type.end() ? it->second : calculator::Mean{};
                         });
  }
  const std::string quarter = history.current.to_string();
  for (const auto& [id, label, read] : figures) {
    const MeanChange figure = change_of(now, then, read);
    const auto& change = figure.change_pp;
    if (!in_scope(rule.groups, id) || !figure.now.value || !change || !rose_by(*change, rule.threshold_pp)) {
      continue;
    }
    const double before = *figure.now.value - *change;
    alerts.push_back(make_alert(
      rule, id, quarter,
      fmt::format("{}: rose {:.2f} pp, from {} in {} to {} in {} (rule {}: at least {:.2f} pp)", label, *change,
                  pct(before), compared->to_string(), pct(*figure.now.value), quarter, rule.id, rule.threshold_pp),
      {{"quarter", quarter},
       {"compared_with", compared->to_string()},
       {"previous", before},
       {"current", *figure.now.value},
       {"change_pp", *change},
       {"services", figure.now.count}}));
  }
}

// Consecutive collections of each service and amount, in collection order.
util::Expected<void>
quote_rise(store::Database& database, const Rule& rule, const EvaluateOptions& options, std::vector<Alert>& alerts)
{
  struct Seen
  {
    std::string collected_at;
    double total = 0;
    std::string provider;
  };
  for (const int amount : {200, 500}) {
    std::map<std::string, std::vector<Seen>> by_service;
    std::optional<util::Error> failure;
    auto ok = store::for_each_quote(database, amount, "", "", [&](const store::QuoteRecord& record) {
      const std::string corridor = record.sender + "-" + record.receiver;
      if (failure || !record.transparent || !in_scope(rule.corridors, corridor)) {
        return;
      }
      auto cost = datasets::service_cost(record);
      if (!cost) {
        failure = cost.error();
        return;
      }
      by_service[fmt::format("{}/{}/{}", corridor, record.service_key, amount)].push_back(
        {record.collected_at, cost->total_pct, record.provider});
    });
    if (!ok || failure) {
      return std::unexpected(!ok ? ok.error() : *failure);
    }
    for (auto& [scope, seen] : by_service) {
      std::ranges::stable_sort(seen, {}, &Seen::collected_at);
      for (size_t i = 1; i < seen.size(); ++i) {
        const Seen& before = seen[i - 1];
        const Seen& now = seen[i];
        const double change = now.total - before.total;
        if (now.collected_at == before.collected_at || !rose_by(change, rule.threshold_pp)
            || (options.since && now.collected_at <= *options.since)) {
          continue;
        }
        alerts.push_back(make_alert(
          rule, scope, now.collected_at,
          fmt::format("{} ({}, USD {}): total cost rose {:.2f} pp between collections, from {} at {} to {} at {} "
                      "(rule {}: at least {:.2f} pp)",
                      now.provider, scope.substr(0, scope.find('/')), amount, change, pct(before.total),
                      before.collected_at, pct(now.total), now.collected_at, rule.id, rule.threshold_pp),
          {{"provider", now.provider},
           {"amount_usd", amount},
           {"previous_collected_at", before.collected_at},
           {"collected_at", now.collected_at},
           {"previous", before.total},
           {"current", now.total},
           {"change_pp", change}}));
      }
    }
  }
  return {};
}

util::Expected<void>
benchmark_stale(store::Database& database, const Rule& rule, const EvaluateOptions& options,
                std::vector<Alert>& alerts)
{
  auto coverage = store::benchmark_coverage(database);
  if (!coverage) {
    return std::unexpected(coverage.error());
  }
  auto now = util::parse_timestamp(options.now);
  if (!now) {
    return std::unexpected(now.error());
  }
  for (const auto& benchmark : *coverage) {
    if (!in_scope(rule.sources, benchmark.source)) {
      continue;
    }
    auto day = util::parse_timestamp(benchmark.latest_day + "T00:00:00Z");
    if (!day) {
      return std::unexpected(day.error());
    }
    const double age_days =
      std::chrono::duration<double>(*now - *day).count() / 86400.0;
    if (age_days <= rule.max_age_days) {
      continue;
    }
    const std::string scope = benchmark.source + "/" + benchmark.base;
    alerts.push_back(make_alert(
      rule, scope, benchmark.latest_day,
      fmt::format("{} benchmark rates are stale: the newest is of {}, {:.1f} days before {} (rule {}: at most {:g} days)",
                  scope, benchmark.latest_day, age_days, options.now, rule.id, rule.max_age_days),
      {{"latest_day", benchmark.latest_day}, {"age_days", age_days}, {"now", options.now}}));
  }
  return {};
}

util::Expected<void>
coverage_below(store::Database& database, const Rule& rule, const EvaluateOptions& options,
               std::vector<Alert>& alerts)
{
  auto runs = store::load_runs(database);
  if (!runs) {
    return std::unexpected(runs.error());
  }
  std::map<std::string, const store::RunSummary*> latest; // runs come newest first
  for (const auto& run : *runs) {
    latest.try_emplace(run.source, &run);
  }
  for (const auto& [source, run] : latest) {
    if (!in_scope(rule.sources, source) || (options.since && run->started_at <= *options.since)) {
      continue;
    }
    const double coverage = run->rows_read > 0 ? 100.0 * static_cast<double>(run->rows_read - run->rejected)
                                                   / static_cast<double>(run->rows_read)
                                               : 0.0;
    if (coverage >= rule.level) {
      continue;
    }
    alerts.push_back(make_alert(
      rule, source, run->started_at,
      fmt::format("{}: the {} run of {} covered {:.1f} % of what it asked for ({} of {}; rule {}: at least {:g} %)",
                  source, run->kind, run->started_at, coverage, run->rows_read - run->rejected, run->rows_read,
                  rule.id, rule.level),
      {{"run_id", run->id}, {"coverage_pct", coverage}, {"requested", run->rows_read}, {"failed", run->rejected},
       {"status", run->status}}));
  }
  return {};
}

} // namespace

util::Expected<std::vector<Alert>>
evaluate(store::Database& database,
         const corridors::Catalogue& catalogue,
         const RuleSet& rules,
         const EvaluateOptions& options)
{
  Histories histories(database, catalogue, options);
  std::vector<Alert> alerts;
  for (const Rule& rule : rules.rules) {
    util::Expected<void> ok;
    switch (rule.kind) {
    case RuleKind::corridor_rise:
    case RuleKind::corridor_above:
    case RuleKind::average_rise: {
      auto history = histories.at(rule.amount);
      if (!history) {
        return std::unexpected(history.error());
      }
      if (*history == nullptr) {
        break; // no data yet
      }
      if (rule.kind == RuleKind::corridor_rise) {
        corridor_rise(rule, **history, alerts);
      } else if (rule.kind == RuleKind::corridor_above) {
        corridor_above(rule, **history, alerts);
      } else {
        average_rise(rule, **history, alerts);
      }
      break;
    }
    case RuleKind::quote_rise: ok = quote_rise(database, rule, options, alerts); break;
    case RuleKind::benchmark_stale: ok = benchmark_stale(database, rule, options, alerts); break;
    case RuleKind::coverage_below: ok = coverage_below(database, rule, options, alerts); break;
    }
    if (!ok) {
      return std::unexpected(ok.error());
    }
  }
  return alerts;
}

} // namespace rw::alerts
