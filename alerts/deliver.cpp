#include "alerts/deliver.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace rw::alerts {

// As in rule_parts.hpp: the same alias in the same namespace, so that the two
// files can share a unity batch (an alias in the anonymous namespace would
// shadow it there).
using Json = nlohmann::ordered_json;

namespace {

Json
payload_of(const store::AlertEvent& event)
{
  Json payload = Json::parse(event.payload, nullptr, false);
  return payload.is_discarded() ? Json::object() : payload;
}

std::string
message_of(const store::AlertEvent& event)
{
  const Json payload = payload_of(event);
  return payload.contains("message") && payload["message"].is_string() ? payload["message"].get<std::string>()
                                                                       : event.rule_id;
}

std::optional<std::string>
environment(const DeliveryOptions& options, const std::string& name)
{
  if (options.environment) {
    return options.environment(name);
  }
  const char* value = std::getenv(name.c_str());
  return value != nullptr && *value != '\0' ? std::optional<std::string>(value) : std::nullopt;
}

// A quote alert's scope is "KEN-UGA/<service key>/200": people see its corridor.
std::string
shown_scope(const store::AlertEvent& event)
{
  const Json payload = payload_of(event);
  if (event.scope.find('/') != std::string::npos && payload.contains("corridor") && payload["corridor"].is_string()) {
    return payload["corridor"].get<std::string>();
  }
  return event.scope;
}

struct Counts
{
  std::map<std::string, size_t> by_rule, by_corridor;
};

Counts
count(const std::vector<store::AlertEvent>& events)
{
  Counts counts;
  for (const auto& event : events) {
    ++counts.by_rule[event.rule_id];
    const Json payload = payload_of(event);
    if (payload.contains("corridor") && payload["corridor"].is_string()) {
      ++counts.by_corridor[payload["corridor"].get<std::string>()];
    }
  }
  return counts;
}

std::string
counted(const std::map<std::string, size_t>& counts)
{
  std::vector<std::string> parts;
  parts.reserve(counts.size());
  for (const auto& [name, n] : counts) {
    parts.push_back(fmt::format("{} {}", name, n));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// "remitwatch: 7 alerts; by rule: corridor-up 5, quote-up 2; by corridor: KEN-UGA 3, TZA-UGA 4".
std::string
summary(const std::vector<store::AlertEvent>& events)
{
  const Counts counts = count(events);
  std::string text = fmt::format("remitwatch: {} alerts; by rule: {}", events.size(), counted(counts.by_rule));
  if (!counts.by_corridor.empty()) {
    text += "; by corridor: " + counted(counts.by_corridor);
  }
  return text;
}

} // namespace

std::string
webhook_body(const store::AlertEvent& event)
{
  Json body = {{"source", "remitwatch"},
               {"rule_id", event.rule_id},
               {"scope", event.scope},
               {"period", event.period},
               {"fired_at", event.fired_at},
               {"message", message_of(event)},
               {"computed_from", payload_of(event)}};
  return json_text(body);
}

std::string
json_text(const nlohmann::ordered_json& value, int indent)
{
  return util::escape_json_controls(value.dump(indent, ' ', false, Json::error_handler_t::replace));
}

std::string
text_line(const store::AlertEvent& event)
{
  return util::escape_controls(
    fmt::format("ALERT {} {} {}: {}", event.rule_id, shown_scope(event), event.period, message_of(event)));
}

std::string
digest_body(const std::vector<store::AlertEvent>& events)
{
  const Counts counts = count(events);
  Json alerts = Json::array();
  for (const auto& event : events) {
    alerts.push_back(Json::parse(webhook_body(event)));
  }
  Json body = {{"source", "remitwatch"}, {"digest", true},           {"count", events.size()},
               {"by_rule", counts.by_rule}, {"by_corridor", counts.by_corridor}, {"message", summary(events)},
               {"alerts", alerts}};
  return json_text(body);
}

std::string
digest_text(const std::vector<store::AlertEvent>& events)
{
  std::string text = util::escape_controls(summary(events));
  for (const auto& event : events) {
    text += "\n" + text_line(event);
  }
  return text;
}

namespace {

bool
url_has_scheme(const std::string& url, std::initializer_list<std::string_view> schemes)
{
  return std::ranges::any_of(schemes, [&](std::string_view scheme) {
    return url.starts_with(scheme) && url.size() > scheme.size()
           && std::ranges::none_of(url, [](char c) { return static_cast<unsigned char>(c) <= ' '; });
  });
}

// One message to one channel: a single alert or a digest of several.
struct Batch
{
  std::vector<size_t> deliveries; // indices into deliver()'s list
  std::vector<store::AlertEvent> events;
  bool digest() const { return events.size() > 1; }
};

std::vector<Batch>
batches_of(const std::vector<store::PendingDelivery>& deliveries, const std::vector<size_t>& indices,
           size_t digest_above)
{
  std::vector<Batch> batches;
  for (const size_t i : indices) {
    if (batches.empty() || indices.size() <= digest_above) {
      batches.emplace_back();
    }
    batches.back().deliveries.push_back(i);
    batches.back().events.push_back(deliveries[i].event);
  }
  return batches;
}

net::HttpRequest
webhook_request(const Channel& channel, const std::string& url, const Batch& batch)
{
  net::HttpRequest request;
  request.url = url;
  request.method = "POST";
  request.headers = {"Content-Type: application/json"};
  if (channel.slack) {
    const std::string text = batch.digest() ? digest_text(batch.events) : text_line(batch.events.front());
    request.body = json_text({{"text", util::escape_slack(text)}});
  } else {
    request.body = batch.digest() ? digest_body(batch.events) : webhook_body(batch.events.front());
  }
  return request;
}

std::optional<std::string>
send_email(const Channel& channel, const std::string& url, const Batch& batch, const DeliveryOptions& options)
{
  net::MailMessage mail;
  mail.url = url;
  if (!channel.username_env.empty()) {
    mail.username = environment(options, channel.username_env).value_or("");
    mail.password = channel.password_env.empty() ? "" : environment(options, channel.password_env).value_or("");
  }
  mail.from = channel.from;
  mail.to = channel.to;
  const store::AlertEvent& event = batch.events.front();
  // One line each: a newline in a stored name must not start a header of its own.
  if (batch.digest()) {
    mail.subject = util::escape_controls(fmt::format("[remitwatch] {} alerts", batch.events.size()));
    mail.body = digest_text(batch.events) + "\n";
  } else {
    mail.subject =
      util::escape_controls(fmt::format("[remitwatch] {} {} {}", event.rule_id, shown_scope(event), event.period));
    mail.body = util::escape_controls(message_of(event)) + "\n\nComputed from:\n" + json_text(payload_of(event), 2)
                + "\n";
  }
  if (auto sent = net::send_mail(mail, options.mail); !sent) {
    return fmt::format("channel '{}': {}", channel.name, sent.error().message);
  }
  return std::nullopt;
}

std::optional<std::string>
to_stdout(const store::AlertEvent& event, const DeliveryOptions& options)
{
  const std::string line = options.json ? webhook_body(event) : text_line(event);
  if (std::fprintf(options.out, "%s\n", line.c_str()) < 0 || std::fflush(options.out) != 0) {
    return "cannot write to standard output";
  }
  return std::nullopt;
}

} // namespace

std::vector<std::string>
check_channels(const RuleSet& rules, const DeliveryOptions& options)
{
  std::vector<std::string> problems;
  for (const auto& [name, channel] : rules.channels) {
    const auto uses = [&](const Rule& rule) { return std::ranges::find(rule.channels, name) != rule.channels.end(); };
    if (!std::ranges::any_of(rules.rules, uses)) {
      continue; // defined, never used
    }
    const bool email = channel.type == Channel::Type::email;
    const auto url = environment(options, channel.url_env);
    if (!url) {
      problems.push_back(fmt::format("channel '{}': the environment variable {} is not set (set it to the {} URL)",
                                     name, channel.url_env, email ? "smtps:// or smtp://" : "https://"));
    } else if (email ? !url_has_scheme(*url, {"smtp://", "smtps://"})
                     : !url_has_scheme(*url, {"https://", "http://"})) {
      problems.push_back(fmt::format("channel '{}': {} holds '{}', which is not an {} URL", name, channel.url_env,
                                     util::escape_controls(net::redact_url(*url)),
                                     email ? "smtps:// or smtp://" : "https:// or http://"));
    }
    for (const auto& variable : {channel.username_env, channel.password_env}) {
      if (!variable.empty() && !environment(options, variable)) {
        problems.push_back(fmt::format("channel '{}': the environment variable {} is not set", name, variable));
      }
    }
  }
  return problems;
}

std::vector<std::optional<std::string>>
deliver(const std::vector<store::PendingDelivery>& deliveries, const RuleSet& rules, const DeliveryOptions& options)
{
  std::vector<std::optional<std::string>> results(deliveries.size());
  std::map<std::string, std::vector<size_t>> by_channel;
  for (size_t i = 0; i < deliveries.size(); ++i) {
    if (deliveries[i].channel == "stdout") {
      results[i] = to_stdout(deliveries[i].event, options);
    } else {
      by_channel[deliveries[i].channel].push_back(i);
    }
  }
  std::vector<net::HttpRequest> requests;
  std::vector<Batch> request_batches;
  const auto fail = [&](const Batch& batch, const std::string& error) {
    for (const size_t i : batch.deliveries) {
      results[i] = error;
    }
  };
  for (const auto& [name, indices] : by_channel) {
    auto channel = rules.channels.find(name);
    const auto url = channel != rules.channels.end() ? environment(options, channel->second.url_env) : std::nullopt;
    for (auto& batch : batches_of(deliveries, indices, rules.digest_above)) {
      if (channel == rules.channels.end()) {
        fail(batch, fmt::format("channel '{}' is not defined in {}", name, rules.source));
      } else if (!url) {
        fail(batch, fmt::format("channel '{}': the environment variable {} is not set", name,
                                channel->second.url_env));
      } else if (channel->second.type == Channel::Type::webhook) {
        requests.push_back(webhook_request(channel->second, *url, batch));
        request_batches.push_back(std::move(batch));
      } else if (auto error = send_email(channel->second, *url, batch, options)) {
        fail(batch, *error);
      }
    }
  }
  if (!requests.empty()) {
    net::HttpClient client(options.http);
    auto responses = client.fetch(requests);
    for (size_t r = 0; r < responses.size(); ++r) {
      const std::string& name = deliveries[request_batches[r].deliveries.front()].channel;
      if (!responses[r]) {
        fail(request_batches[r], fmt::format("channel '{}': {}", name, responses[r].error().message));
      } else if (responses[r]->status < 200 || responses[r]->status >= 300) {
        fail(request_batches[r], fmt::format("channel '{}': {} answered HTTP {} after {} attempts", name,
                                             net::redact_url(requests[r].url), responses[r]->status,
                                             responses[r]->attempts));
      }
    }
  }
  return results;
}

} // namespace rw::alerts
