#include "alerts/rule_parts.hpp"
#include "alerts/words.hpp"
#include "calculator/aggregates.hpp"
#include "datasets/stored_costs.hpp"
#include "store/alerts.hpp"
#include "store/records.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace rw::alerts {

namespace {

struct Seen
{
  std::string collected_at;
  std::string period; // "2024Q3"
  double total = 0;
  store::QuoteRecord record;
};

using Collections = std::map<std::string, std::vector<Seen>>; // by "KEN-UGA/<service key>/<amount>"

// The collected quotes the rule watches, transparent ones only, by service and amount.
util::Expected<Collections>
collections(const RuleContext& context, const Rule& rule)
{
  auto keys = store::collected_quote_keys(context.database);
  if (!keys) {
    return std::unexpected(keys.error());
  }
  const std::set<std::pair<std::string, std::string>> collected(keys->begin(), keys->end());
  Collections by_service;
  if (collected.empty()) {
    return by_service; // nothing collected yet: imported rounds are not collections
  }
  for (const int amount : {200, 500}) {
    std::optional<util::Error> failure;
    auto ok = store::for_each_quote(context.database, amount, "", "", [&](const store::QuoteRecord& record) {
      const corridors::CorridorKey corridor{record.sender, record.receiver};
      if (failure || !record.transparent || !corridor_in_scope(rule, context.options, corridor)
          || !collected.contains({record.source, record.natural_key})) {
        return;
      }
      auto cost = datasets::service_cost(record);
      if (!cost) {
        failure = cost.error();
        return;
      }
      by_service[fmt::format("{}/{}/{}", corridor.to_string(), record.service_key, amount)].push_back(
        {record.collected_at, record.period, cost->total_pct, record});
    });
    if (!ok || failure) {
      return std::unexpected(!ok ? ok.error() : *failure);
    }
  }
  for (auto& [scope, seen] : by_service) {
    std::ranges::stable_sort(seen, {}, &Seen::collected_at);
  }
  return by_service;
}

// The first quarter whose rises fire: --since's, else the quarter of the
// rule's newest recorded alert (a later run), else the latest quarter
// collected (a first run). "" with --since TIMESTAMP: the time decides.
util::Expected<std::string>
first_period(const RuleContext& context, const Rule& rule, const Collections& by_service)
{
  if (context.options.since) {
    return std::string();
  }
  if (context.options.since_quarter) {
    return context.options.since_quarter->to_string();
  }
  auto recorded = store::latest_alert_period(context.database, rule.id);
  if (!recorded) {
    return std::unexpected(recorded.error());
  }
  if (*recorded) {
    if (auto time = util::parse_timestamp(**recorded)) {
      return corridors::Quarter::from_time(*time).to_string();
    }
  }
  std::string latest;
  for (const auto& [scope, seen] : by_service) {
    latest = std::max(latest, seen.back().period);
  }
  return latest;
}

Alert
quote_alert(const RuleContext& context, const Rule& rule, const std::string& scope, const Seen& before,
            const Seen& now)
{
  const store::QuoteRecord& r = now.record;
  const corridors::CorridorKey corridor{r.sender, r.receiver};
  const double change = now.total - before.total;
  const std::string service = service_in_words(
    {.provider = r.provider, .payment_instrument = r.payment_instrument, .receiving_method = r.receiving_method,
     .service_key = r.service_key});
  return make_alert(
    rule, scope, now.collected_at,
    fmt::format("{}, {}, {}: total cost rose {:.2f} pp between collections, from {} at {} to {} at {} "
                "(rule {}: at least {:.2f} pp)",
                service, corridor_in_words(context.catalogue, corridor), amount_in_words(r.standard_amount_usd),
                change, pct(before.total), before.collected_at, pct(now.total), now.collected_at, rule.id,
                rule.threshold_pp),
    {{"corridor", corridor.to_string()},
     {"provider", r.provider},
     {"service_key", r.service_key},
     {"payment_instrument", r.payment_instrument},
     {"receiving_method", r.receiving_method},
     {"amount_usd", r.standard_amount_usd},
     {"previous_collected_at", before.collected_at},
     {"collected_at", now.collected_at},
     {"previous", before.total},
     {"current", now.total},
     {"change_pp", change}});
}

} // namespace

util::Expected<void>
quote_rise(const RuleContext& context, const Rule& rule, std::vector<Alert>& alerts)
{
  auto by_service = collections(context, rule);
  if (!by_service) {
    return std::unexpected(by_service.error());
  }
  auto from = first_period(context, rule, *by_service);
  if (!from) {
    return std::unexpected(from.error());
  }
  const auto& since = context.options.since;
  for (const auto& [scope, seen] : *by_service) {
    for (size_t i = 1; i < seen.size(); ++i) {
      const Seen& before = seen[i - 1];
      const Seen& now = seen[i];
      if (now.collected_at == before.collected_at || now.period < *from
          || (since && now.collected_at <= *since)
          || !calculator::at_least_pp(now.total - before.total, rule.threshold_pp)) {
        continue;
      }
      alerts.push_back(quote_alert(context, rule, scope, before, now));
    }
  }
  return {};
}

} // namespace rw::alerts
