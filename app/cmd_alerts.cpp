#include "alerts/evaluate.hpp"
#include "alerts/fire.hpp"
#include "alerts/rules.hpp"
#include "app/command.hpp"
#include "app/choice.hpp"
#include "app/common.hpp"
#include "app/run.hpp"
#include "datasets/flows.hpp"
#include "store/alerts.hpp"
#include "util/file.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <memory>

namespace rw::app {

namespace {

struct AlertsOptions
{
  std::optional<std::string> database;
  std::optional<std::string> rules;
  std::optional<std::string> quarter;
  std::optional<std::string> since;
  bool dry_run = false;
  std::string format = "text";
  ScopeOptions scope;
};

// The rules file asked for, or the built-in rules.
util::Expected<alerts::RuleSet>
load_rules(const std::optional<std::string>& path, const corridors::Catalogue& catalogue)
{
  if (!path) {
    return alerts::default_rules();
  }
  auto text = util::read_file(*path);
  if (!text) {
    return std::unexpected(text.error());
  }
  return alerts::parse_rules(*text, *path, catalogue);
}

// --since: a quarter ("2024Q3": every quarter from it, and events in it or
// later) or a time (events after it, and quarters from its quarter).
util::Expected<void>
since_option(const std::string& text, alerts::EvaluateOptions& options)
{
  if (auto quarter = corridors::Quarter::parse(text)) {
    options.since_quarter = *quarter;
    return {};
  }
  auto since = util::parse_timestamp(text);
  if (!since) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--since: '{}' is neither a quarter (2024Q3) nor a time (2024-07-01T00:00:00Z)",
                                        text));
  }
  options.since = util::format_timestamp(*since);
  options.since_quarter = corridors::Quarter::from_time(*since);
  return {};
}

util::Expected<alerts::EvaluateOptions>
evaluate_options_of(const AlertsOptions& options, const corridors::Catalogue& catalogue)
{
  alerts::EvaluateOptions evaluate_options;
  evaluate_options.now = now_timestamp();
  auto quarter = quarter_option(options.quarter, "--quarter");
  if (!quarter) {
    return std::unexpected(quarter.error());
  }
  evaluate_options.quarter = *quarter;
  if (options.since) {
    if (auto ok = since_option(*options.since, evaluate_options); !ok) {
      return std::unexpected(ok.error());
    }
  }
  auto scope = scope_option(options.scope, catalogue);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  evaluate_options.scope = std::move(*scope);
  return evaluate_options;
}

// The channels the new alerts would reach as a digest (more than
// digest_above of them; a real run adds earlier failed deliveries to it).
std::map<std::string, size_t>
digests(const alerts::RuleSet& rules, const std::vector<alerts::Alert>& fresh)
{
  std::map<std::string, size_t> counts;
  for (const auto& alert : fresh) {
    for (const auto& channel : alert.channels) {
      if (channel != "stdout") {
        ++counts[channel];
      }
    }
  }
  std::erase_if(counts, [&](const auto& entry) { return entry.second <= rules.digest_above; });
  return counts;
}

// --dry-run: prints what would fire; writes and delivers nothing.
util::Expected<int>
dry_run(store::Database& database,
        const alerts::RuleSet& rules,
        const std::vector<alerts::Alert>& found,
        const std::string& now,
        bool json)
{
  auto fresh = alerts::unrecorded(database, found);
  if (!fresh) {
    return std::unexpected(fresh.error());
  }
  for (const auto& alert : *fresh) {
    const store::AlertEvent event{alert.rule_id, alert.scope, alert.period, now, alert.payload};
    const std::string channels = util::escape_controls(fmt::format("{}", fmt::join(alert.channels, ", ")));
    if (json) {
      // The webhook body, with what a dry run adds.
      auto body = nlohmann::ordered_json::parse(alerts::webhook_body(event));
      body["dry_run"] = true;
      body["channels"] = alert.channels;
      std::printf("%s\n", alerts::json_text(body).c_str());
    } else {
      std::printf("WOULD FIRE %s (channels: %s)\n", alerts::text_line(event).substr(6).c_str(), channels.c_str());
    }
  }
  auto pending = store::pending_deliveries(database);
  if (!pending) {
    return std::unexpected(pending.error());
  }
  std::fprintf(stderr, "dry run (%s): %zu alerts would fire, %zu already recorded, %zu deliveries pending; "
                       "nothing written or delivered\n",
               rules.source.c_str(), fresh->size(), found.size() - fresh->size(), pending->size());
  for (const auto& [channel, count] : digests(rules, *fresh)) {
    std::fprintf(stderr, "dry run: %s would get one digest of %zu alerts\n",
                 util::escape_controls(channel).c_str(), count);
  }
  return fresh->empty() ? k_exit_ok : k_exit_alerts;
}

// Records the new alerts and delivers what is due.
util::Expected<int>
fire_and_deliver(store::Database& database,
                 const alerts::RuleSet& rules,
                 const std::vector<alerts::Alert>& found,
                 const std::string& now,
                 bool json)
{
  alerts::DeliveryOptions delivery;
  delivery.json = json;
  delivery.http.user_agent = "remitwatch/" RW_VERSION;
  auto summary = alerts::fire(database, found, rules, delivery, now);
  if (!summary) {
    return std::unexpected(summary.error());
  }
  for (const auto& failure : summary->failures) {
    std::fprintf(stderr, "remitwatch: delivery failed: %s\n", failure.c_str());
  }
  std::fprintf(stderr, "alerts (%s): %zu new, %zu already recorded; %zu deliveries made, %zu failed\n",
               rules.source.c_str(), summary->fired, summary->found - summary->fired, summary->delivered,
               summary->failures.size());
  if (!summary->failures.empty()) {
    return k_exit_delivery_failed;
  }
  return summary->delivered > 0 ? k_exit_alerts : k_exit_ok;
}

// Every channel the rules use must be ready before anything is evaluated:
// a variable left unset is one error up front, not a failure per alert.
util::Expected<void>
check_delivery(const alerts::RuleSet& rules)
{
  const auto problems = alerts::check_channels(rules, alerts::DeliveryOptions{});
  if (problems.empty()) {
    return {};
  }
  return util::make_error(util::ErrorKind::invalid_argument,
                          fmt::format("{}: the delivery settings are not ready ({} problem{}; nothing evaluated or "
                                      "sent):\n  {}",
                                      rules.source, problems.size(), problems.size() == 1 ? "" : "s",
                                      fmt::join(problems, "\n  ")));
}

util::Expected<int>
run_alerts(const AlertsOptions& options)
{
  auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    return std::unexpected(catalogue.error());
  }
  auto rules = load_rules(options.rules, *catalogue);
  if (!rules) {
    return std::unexpected(rules.error());
  }
  auto evaluate_options = evaluate_options_of(options, *catalogue);
  if (!evaluate_options) {
    return std::unexpected(evaluate_options.error());
  }
  if (auto ready = check_delivery(*rules); !ready) {
    return std::unexpected(ready.error());
  }
  auto database = open_store(database_path(options.database), false);
  if (!database) {
    return std::unexpected(database.error());
  }
  if (auto flows = datasets::apply_stored_flows(*database, *catalogue); !flows) {
    return std::unexpected(flows.error());
  }
  auto found = alerts::evaluate(*database, *catalogue, *rules, *evaluate_options);
  if (!found) {
    return std::unexpected(found.error());
  }
  const bool json = options.format == "json";
  return options.dry_run ? dry_run(*database, *rules, *found, evaluate_options->now, json)
                         : fire_and_deliver(*database, *rules, *found, evaluate_options->now, json);
}

} // namespace

void
add_alerts_command(CLI::App& parent, Action& action)
{
  auto options = std::make_shared<AlertsOptions>();
  auto* cmd = parent.add_subcommand(
    "alerts", "Evaluate the alert rules (cost rises, corridors crossing 5 %, stale benchmarks, low coverage) and "
              "deliver each new alert once: stdout, webhook, e-mail");
  add_database_option(*cmd, options->database);
  cmd->add_option("--rules", options->rules, "Rules file (TOML, docs/alerts.md); default: the built-in rules");
  cmd->add_option("--quarter", options->quarter, "Quarter for the quarter rules (default: the latest with data)");
  cmd->add_option("--since", options->since,
                  "A quarter (2024Q3: every quarter from it) or a time (ISO 8601: collections and runs after it); "
                  "default: a rule's first run looks at the latest quarter only, later runs at what is new");
  cmd->add_flag("--dry-run", options->dry_run, "Show what would fire; write and deliver nothing");
  cmd->add_option("--format", options->format, "How the stdout channel prints alerts")
    ->transform(one_of({"text", "json"}))
    ->default_val("text");
  add_scope_options(*cmd, options->scope);
  cmd->footer("Exit codes: 0 nothing new delivered (a dry run: nothing would fire), 1 a database failure,\n"
              "2 a bad option or rules file, or delivery settings not ready (checked before evaluating),\n"
              "3 alerts delivered (a dry run: alerts would fire), 5 a delivery failed (retried on the next run).");
  cmd->callback([options, &action] { action = [options] { return run_alerts(*options); }; });
}

} // namespace rw::app
