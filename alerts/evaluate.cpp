#include "alerts/evaluate.hpp"

#include "alerts/quarter_figures.hpp"
#include "alerts/rule_parts.hpp"
#include "alerts/words.hpp"
#include "calculator/aggregates.hpp"
#include "store/queries.hpp"
#include "store/alerts.hpp"
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

} // namespace

bool
corridor_in_scope(const Rule& rule, const EvaluateOptions& options, const corridors::CorridorKey& corridor)
{
  return options.scope.contains(corridor)
         && (rule.corridors.empty()
             || std::ranges::any_of(rule.corridors, [&](const auto& pattern) { return pattern.matches(corridor); }));
}

namespace {

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

} // namespace

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

std::string
pct(double value)
{
  return fmt::format("{:.2f} %", value);
}

namespace {

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
  util::Expected<QuarterHistory*> at(int amount)
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

// As the report's corridor table names where an average came from.
std::string
source_of(const CorridorFigure& figure)
{
  return figure.computed != nullptr ? "services" : "databank";
}

void
corridor_rise(const RuleContext& context, const Rule& rule, const QuarterHistory& history, std::vector<Alert>& alerts)
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
    if (!corridor_in_scope(rule, context.options, corridor) || before == then.corridors.end()) {
      continue;
    }
    const double change = figure.average - before->second.average;
    if (!rose_by(change, rule.threshold_pp)) {
      continue;
    }
    alerts.push_back(make_alert(
      rule, key, quarter,
      fmt::format("{}: average total cost of sending {} rose {:.2f} pp, from {} in {} to {} in {} (rule {}: at least "
                  "{:.2f} pp)",
                  corridor_in_words(context.catalogue, corridor), amount_in_words(rule.amount), change,
                  pct(before->second.average), base->to_string(), pct(figure.average), quarter, rule.id,
                  rule.threshold_pp),
      {{"corridor", key},
       {"quarter", quarter},
       {"compared_with", base->to_string()},
       {"previous", before->second.average},
       {"current", figure.average},
       {"change_pp", change},
       {"source", source_of(figure)},
       {"services", figure.computed != nullptr ? figure.computed->services : 0}}));
  }
}

void
corridor_above(const RuleContext& context, const Rule& rule, const QuarterHistory& history, std::vector<Alert>& alerts)
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
    if (!corridor_in_scope(rule, context.options, corridor) || before == then.corridors.end()) {
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
      fmt::format("{}: {} of sending {} crossed above {:g} %: {} in {}, {} in {} (rule {})",
                  corridor_in_words(context.catalogue, corridor), smart ? "SmaRT" : "average total cost",
                  amount_in_words(rule.amount), rule.level, pct(*earlier), history.previous->to_string(), pct(*now),
                  quarter, rule.id),
      {{"corridor", key},
       {"quarter", quarter},
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
      fmt::format("{} (sending {}): rose {:.2f} pp, from {} in {} to {} in {} (rule {}: at least {:.2f} pp)", label,
                  amount_in_words(rule.amount), *change, pct(before), compared->to_string(), pct(*figure.now.value),
                  quarter, rule.id, rule.threshold_pp),
      {{"quarter", quarter},
       {"compared_with", compared->to_string()},
       {"previous", before},
       {"current", *figure.now.value},
       {"change_pp", *change},
       {"services", figure.now.count}}));
  }
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

// The quarters a quarter rule looks at, oldest first: from --since's quarter,
// else (no --quarter asked) from the quarter of the rule's newest recorded
// alert, to the current quarter (--quarter, or the latest with data). A rule
// that never fired in this database (its first run) looks at the current
// quarter only, so that a first run on years of history is not an alert per
// quarter.
util::Expected<std::vector<Quarter>>
quarters_for(const RuleContext& context, const Rule& rule, const QuarterHistory& history)
{
  const Quarter last = history.quarters.rbegin()->first;
  Quarter from = last;
  if (context.options.since_quarter) {
    from = *context.options.since_quarter;
  } else if (!context.options.quarter) {
    auto recorded = store::latest_alert_period(context.database, rule.id);
    if (!recorded) {
      return std::unexpected(recorded.error());
    }
    if (*recorded) {
      if (auto quarter = Quarter::parse(**recorded)) {
        from = std::min(*quarter, last);
      }
    }
  }
  std::vector<Quarter> quarters;
  for (const auto& [quarter, figures] : history.quarters) {
    if (quarter >= from) {
      quarters.push_back(quarter);
    }
  }
  return quarters;
}

util::Expected<void>
quarter_rule(const RuleContext& context, const Rule& rule, Histories& histories, std::vector<Alert>& alerts)
{
  if (rule.kind == RuleKind::average_rise && !context.options.scope.global()) {
    return {}; // the global and channel averages are not figures of the scope's corridors
  }
  auto history = histories.at(rule.amount);
  if (!history) {
    return std::unexpected(history.error());
  }
  if (*history == nullptr) {
    return {}; // no data yet
  }
  QuarterHistory& h = **history;
  auto quarters = quarters_for(context, rule, h);
  if (!quarters) {
    return std::unexpected(quarters.error());
  }
  for (const Quarter quarter : *quarters) {
    h.focus(quarter);
    if (rule.kind == RuleKind::corridor_rise) {
      corridor_rise(context, rule, h, alerts);
    } else if (rule.kind == RuleKind::corridor_above) {
      corridor_above(context, rule, h, alerts);
    } else {
      average_rise(rule, h, alerts);
    }
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
  const RuleContext context{database, catalogue, options};
  std::vector<Alert> alerts;
  for (const Rule& rule : rules.rules) {
    util::Expected<void> ok;
    switch (rule.kind) {
    case RuleKind::corridor_rise:
    case RuleKind::corridor_above:
    case RuleKind::average_rise: ok = quarter_rule(context, rule, histories, alerts); break;
    case RuleKind::quote_rise: ok = quote_rise(context, rule, alerts); break;
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
