#include "alerts/deliver.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

namespace rw::alerts {

namespace {

using Json = nlohmann::ordered_json;

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
    fmt::format("ALERT {} {} {}: {}", event.rule_id, event.scope, event.period, message_of(event)));
}

std::vector<std::optional<std::string>>
deliver(const std::vector<store::PendingDelivery>& deliveries, const RuleSet& rules, const DeliveryOptions& options)
{
  std::vector<std::optional<std::string>> results(deliveries.size());
  std::vector<net::HttpRequest> requests;
  std::vector<size_t> request_of; // delivery index per request
  for (size_t i = 0; i < deliveries.size(); ++i) {
    const auto& d = deliveries[i];
    if (d.channel == "stdout") {
      const std::string line = options.json ? webhook_body(d.event) : text_line(d.event);
      if (std::fprintf(options.out, "%s\n", line.c_str()) < 0 || std::fflush(options.out) != 0) {
        results[i] = "cannot write to standard output";
      }
      continue;
    }
    auto channel = rules.channels.find(d.channel);
    if (channel == rules.channels.end()) {
      results[i] = fmt::format("channel '{}' is not defined in {}", d.channel, rules.source);
      continue;
    }
    const Channel& c = channel->second;
    auto url = environment(options, c.url_env);
    if (!url) {
      results[i] = fmt::format("channel '{}': the environment variable {} is not set", c.name, c.url_env);
      continue;
    }
    if (c.type == Channel::Type::webhook) {
      net::HttpRequest request;
      request.url = *url;
      request.method = "POST";
      request.headers = {"Content-Type: application/json"};
      request.body = c.slack ? json_text({{"text", util::escape_slack(text_line(d.event))}}) : webhook_body(d.event);
      requests.push_back(std::move(request));
      request_of.push_back(i);
      continue;
    }
    net::MailMessage mail;
    mail.url = *url;
    if (!c.username_env.empty()) {
      mail.username = environment(options, c.username_env).value_or("");
      mail.password = c.password_env.empty() ? "" : environment(options, c.password_env).value_or("");
    }
    mail.from = c.from;
    mail.to = c.to;
    // One line each: a newline in a stored name must not start a header of its own.
    mail.subject =
      util::escape_controls(fmt::format("[remitwatch] {} {} {}", d.event.rule_id, d.event.scope, d.event.period));
    mail.body = util::escape_controls(message_of(d.event)) + "\n\nComputed from:\n" + json_text(payload_of(d.event), 2)
                + "\n";
    if (auto sent = net::send_mail(mail, options.mail); !sent) {
      results[i] = fmt::format("channel '{}': {}", c.name, sent.error().message);
    }
  }
  if (!requests.empty()) {
    net::HttpClient client(options.http);
    auto responses = client.fetch(requests);
    for (size_t r = 0; r < responses.size(); ++r) {
      const size_t i = request_of[r];
      const std::string& name = deliveries[i].channel;
      if (!responses[r]) {
        results[i] = fmt::format("channel '{}': {}", name, responses[r].error().message);
      } else if (responses[r]->status < 200 || responses[r]->status >= 300) {
        results[i] = fmt::format("channel '{}': {} answered HTTP {} after {} attempts", name,
                                 net::redact_url(requests[r].url), responses[r]->status,
                                 responses[r]->attempts);
      }
    }
  }
  return results;
}

} // namespace rw::alerts
