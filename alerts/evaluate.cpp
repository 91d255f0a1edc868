#include "alerts/evaluate.hpp"

#include "calculator/aggregates.hpp"
#include "datasets/stored_costs.hpp"
#include "reports/report.hpp"
#include "store/queries.hpp"
#include "store/records.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

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

// The reports a quarter rule compares, per standard amount.
struct QuarterView
{
  reports::Report current;
  std::optional<reports::Report> previous; // the latest earlier quarter with data
  std::optional<reports::Report> year_ago;
};

class Views
{
public:
  Views(store::Database& database, const corridors::Catalogue& catalogue, const EvaluateOptions& options)
    : m_database(database)
    , m_catalogue(catalogue)
    , m_options(options)
  {
  }

  // Empty when the database holds nothing for the amount and no quarter was asked for.
  util::Expected<const QuarterView*> at(int amount)
  {
    if (auto it = m_views.find(amount); it != m_views.end()) {
      return it->second ? &*it->second : nullptr;
    }
    auto current = build(amount, m_options.quarter);
    if (!current) {
      if (!m_options.quarter && current.error().kind == util::ErrorKind::invalid_argument) {
        m_views[amount] = std::nullopt; // nothing to compare yet: quarter rules are silent
        return nullptr;
      }
      return std::unexpected(current.error());
    }
    QuarterView view{std::move(*current), std::nullopt, std::nullopt};
    if (view.current.headline.previous) {
      if (auto previous = build(amount, view.current.headline.previous)) {
        view.previous = std::move(*previous);
      }
    }
    if (view.current.headline.year_ago) {
      if (auto year_ago = build(amount, view.current.headline.year_ago)) {
        view.year_ago = std::move(*year_ago);
      }
    }
    m_views[amount] = std::move(view);
    return &*m_views[amount];
  }

private:
  util::Expected<reports::Report> build(int amount, std::optional<Quarter> quarter)
  {
    reports::ReportOptions options;
    options.quarter = quarter;
    options.amount = amount;
    options.generated_at = m_options.now;
    return reports::build_report(m_database, m_catalogue, options);
  }

  store::Database& m_database;
  const corridors::Catalogue& m_catalogue;
  const EvaluateOptions& m_options;
  std::map<int, std::optional<QuarterView>> m_views;
};

const reports::CorridorRow*
find_corridor(const reports::Report& report, const std::string& key)
{
  auto it = std::ranges::find_if(report.corridors.all,
                                 [&](const reports::CorridorRow& row) { return row.corridor.to_string() == key; });
  return it != report.corridors.all.end() ? &*it : nullptr;
}

std::string
pct(double value)
{
  return fmt::format("{:.2f} %", value);
}

void
corridor_rise(const Rule& rule, const QuarterView& view, std::vector<Alert>& alerts)
{
  const reports::Report* base = rule.compare == Compare::previous ? (view.previous ? &*view.previous : nullptr)
                                                                   : (view.year_ago ? &*view.year_ago : nullptr);
  if (base == nullptr) {
    return;
  }
  for (const auto& row : view.current.corridors.all) {
    const std::string key = row.corridor.to_string();
    const reports::CorridorRow* before = find_corridor(*base, key);
    if (!in_scope(rule.corridors, key) || before == nullptr) {
      continue;
    }
    const double change = row.average - before->average;
    if (!rose_by(change, rule.threshold_pp)) {
      continue;
    }
    alerts.push_back(make_alert(
      rule, key, view.current.quarter.to_string(),
      fmt::format("{}: average total cost rose {:.2f} pp, from {} in {} to {} in {} (rule {}: at least {:.2f} pp)", key,
                  change, pct(before->average), base->quarter.to_string(), pct(row.average),
                  view.current.quarter.to_string(), rule.id, rule.threshold_pp),
      {{"quarter", view.current.quarter.to_string()},
       {"compared_with", base->quarter.to_string()},
       {"previous", before->average},
       {"current", row.average},
       {"change_pp", change},
       {"source", row.source},
       {"services", row.services}}));
  }
}

void
corridor_above(const Rule& rule, const QuarterView& view, std::vector<Alert>& alerts)
{
  if (!view.previous) {
    return; // crossing needs a value before
  }
  const bool smart = rule.measure == "smart";
  const auto value_of = [&](const reports::CorridorRow& row) -> std::optional<double> {
    return smart ? row.smart : std::optional(row.average);
  };
  for (const auto& row : view.current.corridors.all) {
    const std::string key = row.corridor.to_string();
    const reports::CorridorRow* before = find_corridor(*view.previous, key);
    if (!in_scope(rule.corridors, key) || before == nullptr) {
      continue;
    }
    const auto now = value_of(row);
    const auto then = value_of(*before);
    if (!now || !then || calculator::within_band(*now, rule.level) || !calculator::within_band(*then, rule.level)) {
      continue;
    }
    alerts.push_back(make_alert(
      rule, key, view.current.quarter.to_string(),
      fmt::format("{}: {} crossed above {:g} %: {} in {}, {} in {} (rule {})", key,
                  smart ? "SmaRT" : "average total cost", rule.level, pct(*then),
                  view.previous->quarter.to_string(), pct(*now), view.current.quarter.to_string(), rule.id),
      {{"quarter", view.current.quarter.to_string()},
       {"compared_with", view.previous->quarter.to_string()},
       {"previous", *then},
       {"current", *now},
       {"source", row.source}}));
  }
}

void
average_rise(const Rule& rule, const QuarterView& view, std::vector<Alert>& alerts)
{
  const auto& report = view.current;
  const auto compared = rule.compare == Compare::previous ? report.headline.previous : report.headline.year_ago;
  if (!compared) {
    return;
  }
  std::vector<std::tuple<std::string, std::string, reports::Figure>> figures = {
    {"global", "global average", report.headline.global}};
  for (const auto& row : report.by_firm_type) {
    figures.emplace_back(row.id, row.label, row.figure);
  }
  for (const auto& [id, label, figure] : figures) {
    const auto change = rule.compare == Compare::previous ? figure.change_previous_pp : figure.change_year_ago_pp;
    if (!in_scope(rule.groups, id) || !figure.value || !change || !rose_by(*change, rule.threshold_pp)) {
      continue;
    }
    const double before = *figure.value - *change;
    alerts.push_back(make_alert(
      rule, id, report.quarter.to_string(),
      fmt::format("{}: rose {:.2f} pp, from {} in {} to {} in {} (rule {}: at least {:.2f} pp)", label, *change,
                  pct(before), compared->to_string(), pct(*figure.value), report.quarter.to_string(), rule.id,
                  rule.threshold_pp),
      {{"quarter", report.quarter.to_string()},
       {"compared_with", compared->to_string()},
       {"previous", before},
       {"current", *figure.value},
       {"change_pp", *change},
       {"services", figure.count}}));
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
  Views views(database, catalogue, options);
  std::vector<Alert> alerts;
  for (const Rule& rule : rules.rules) {
    util::Expected<void> ok;
    switch (rule.kind) {
    case RuleKind::corridor_rise:
    case RuleKind::corridor_above:
    case RuleKind::average_rise: {
      auto view = views.at(rule.amount);
      if (!view) {
        return std::unexpected(view.error());
      }
      if (*view == nullptr) {
        break;
      }
      if (rule.kind == RuleKind::corridor_rise) {
        corridor_rise(rule, **view, alerts);
      } else if (rule.kind == RuleKind::corridor_above) {
        corridor_above(rule, **view, alerts);
      } else {
        average_rise(rule, **view, alerts);
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
