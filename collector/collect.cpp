#include "collector/collect.hpp"

#include "collector/archive.hpp"
#include "collector/collect_lock.hpp"
#include "collector/ecb_rates.hpp"
#include "collector/run.hpp"
#include "collector/source.hpp"
#include "collector/sources/registry.hpp"
#include "store/collect_records.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::collector {

namespace {

net::HttpOptions
http_options(const CollectConfig& config, const CollectOptions& options)
{
  net::HttpOptions http;
  http.max_concurrency = config.concurrency;
  http.max_per_host = config.per_host;
  http.min_interval_per_host = config.min_interval;
  http.connect_timeout = config.connect_timeout;
  http.total_timeout = config.timeout;
  http.max_attempts = config.max_attempts;
  http.backoff_base = config.backoff;
  http.max_response_bytes = config.max_response_bytes;
  http.user_agent = options.user_agent;
  return http;
}

// The corridors (every catalogue corridor when none is configured), their
// currencies and the amounts.
util::Expected<Scope>
scope_of(const corridors::Catalogue& catalogue, const CollectConfig& config)
{
  std::vector<corridors::CorridorKey> keys;
  if (config.corridors.empty()) {
    for (const auto& info : catalogue.corridors()) {
      keys.push_back(info.key);
    }
  }
  for (const auto& text : config.corridors) {
    auto key = corridors::CorridorKey::parse(text);
    if (!key) {
      return util::make_error(util::ErrorKind::invalid_argument, fmt::format("corridor '{}': {}", text, key.error().message));
    }
    keys.push_back(*key);
  }
  Scope scope{.config = config,
              .catalogue = catalogue,
              .targets = {},
              .corridor_names = {},
              .amounts = {config.amounts.begin(), config.amounts.end()}};
  for (const auto& key : keys) {
    const auto* sender = catalogue.find_country(key.sender);
    const auto* receiver = catalogue.find_country(key.receiver);
    if (sender == nullptr || receiver == nullptr) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("corridor {}: {} is not in the catalogue, so its currency is unknown",
                                          key.to_string(), sender == nullptr ? key.sender : key.receiver));
    }
    scope.corridor_names.insert(key.to_string());
    for (const int usd : config.amounts) {
      scope.targets.push_back({key, sender->currency, receiver->currency, usd, std::nullopt, ""});
    }
  }
  return scope;
}

// The sources `collect.sources` names, in the order a run fetches them.
std::vector<const Source*>
enabled_sources(const CollectConfig& config)
{
  std::vector<const Source*> enabled;
  for (const auto* source : all_sources()) {
    if (std::ranges::find(config.sources, source->name()) != config.sources.end()) {
      enabled.push_back(source);
    }
  }
  return enabled;
}

CollectSummary
dry_run(const Scope& scope, const std::vector<const Source*>& sources)
{
  CollectSummary summary;
  for (const auto* source : sources) {
    std::ranges::move(source->plan(scope), std::back_inserter(summary.plan));
  }
  summary.requested = summary.plan.size();
  summary.coverage = 100;
  return summary;
}

// Repairs what a killed run left: its run record and any unindexed body.
util::Expected<void>
repair(store::Database& database, const Archive& archive, const CollectOptions& options)
{
  if (auto closed = store::close_interrupted_runs(database, options.now); !closed) {
    return std::unexpected(closed.error());
  }
  auto referenced = store::archived_hashes(database);
  if (!referenced) {
    return std::unexpected(referenced.error());
  }
  if (auto removed = archive.remove_unreferenced({referenced->begin(), referenced->end()}); !removed) {
    return std::unexpected(removed.error());
  }
  return {};
}

// Runs the sources of one stage (benchmark sources, or the others).
util::Expected<void>
run_sources(Run& run, net::HttpClient& client, const Scope& scope, const std::vector<const Source*>& sources,
            bool benchmark)
{
  for (const auto* source : sources) {
    if (source->benchmark() == benchmark) {
      if (auto ok = source->run(run, client, scope); !ok) {
        return ok;
      }
    }
  }
  return {};
}

// The newest stored ECB rates; older than `max_benchmark_age_days` marks the
// run's benchmark stale, with a warning.
util::Expected<std::optional<store::RateDay>>
newest_benchmark(Run& run, const CollectConfig& config)
{
  auto rates = store::latest_rates(run.database(), "ECB", "EUR");
  if (!rates || !*rates) {
    return rates;
  }
  auto day = util::parse_timestamp((*rates)->day + "T00:00:00Z");
  auto now = util::parse_timestamp(run.options().now);
  if (day && now) {
    const double age = std::chrono::duration<double>(*now - *day).count() / 86400;
    if (age > config.max_benchmark_age_days) {
      run.summary().benchmark_stale = true;
      run.log({"warning", "ecb", "*", std::nullopt, "stale",
               fmt::format("the newest ECB rates are of {}, {:.1f} days old (at most {:g})", (*rates)->day, age,
                           config.max_benchmark_age_days)});
    }
  }
  return rates;
}

// Each target's amount in its sending currency, or why there is none.
void
price(std::vector<Target>& targets, const std::optional<store::RateDay>& rates)
{
  const std::map<std::string, double> none;
  for (auto& target : targets) {
    auto amount = standard_amount(target.usd, target.send_currency, rates ? rates->rates : none);
    if (amount) {
      target.amount = *amount;
    } else {
      target.unpriced = amount.error().message;
    }
  }
}

} // namespace

util::Expected<CollectSummary>
collect(store::Database& database,
        const corridors::Catalogue& catalogue,
        const CollectConfig& config,
        const std::filesystem::path& archive_dir,
        const CollectOptions& options)
{
  auto scope = scope_of(catalogue, config);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  const auto sources = enabled_sources(config);
  if (options.dry_run) {
    return dry_run(*scope, sources);
  }

  auto lock = CollectLock::take(archive_dir);
  if (!lock) {
    return std::unexpected(lock.error());
  }
  const Archive archive(archive_dir);
  if (auto ok = repair(database, archive, options); !ok) {
    return std::unexpected(ok.error());
  }
  CollectSummary summary;
  auto id = open_run(database, config, options);
  if (!id) {
    return std::unexpected(id.error());
  }
  summary.run_id = *id;
  Run run(database, archive, options, summary);
  for (const auto* source : sources) {
    run.planned(source->planned(*scope));
  }
  net::HttpClient client(http_options(config, options));

  if (auto ok = run_sources(run, client, *scope, sources, true); !ok) {
    return std::unexpected(ok.error());
  }
  auto rates = newest_benchmark(run, config);
  if (!rates) {
    return std::unexpected(rates.error());
  }
  price(scope->targets, *rates);
  if (auto ok = run_sources(run, client, *scope, sources, false); !ok) {
    return std::unexpected(ok.error());
  }

  auto message = close_run(database, summary, options);
  if (!message) {
    return std::unexpected(message.error());
  }
  run.log({"info", "collect", "", std::nullopt, "finished", *message});
  return summary;
}

} // namespace rw::collector
