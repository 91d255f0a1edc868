#pragma once

#include "alerts/rules.hpp"
#include "net/http.hpp"
#include "store/alerts.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rw::alerts {

struct DeliveryOptions
{
  bool json = false;        // stdout: JSON lines instead of text
  std::FILE* out = stdout;  // where the stdout channel writes
  net::HttpOptions http;
  net::MailOptions mail;
  // Reads an environment variable (std::getenv unless a test says otherwise).
  std::function<std::optional<std::string>(const std::string&)> environment;
};

// Delivers each pending delivery through its channel: stdout, a webhook
// (HTTP POST of the documented JSON body, or Slack's {"text": …}; retried with
// backoff by the HTTP client) or e-mail (SMTP). URLs and credentials come from
// the environment variables the channel names and never appear in a message.
// More than rules.digest_above deliveries due to one webhook or e-mail
// channel go as one digest (digest_body, digest_text), whose outcome is each
// one's. Returns, per delivery, the error (empty when delivered).
std::vector<std::optional<std::string>> deliver(const std::vector<store::PendingDelivery>& deliveries,
                                                const RuleSet& rules,
                                                const DeliveryOptions& options);

// Every problem with the delivery settings of the channels the rules use, at
// once: an environment variable a channel names that is not set, a URL that
// is not one its type can use (webhook: http:// or https://; e-mail:
// smtp:// or smtps://), SMTP credentials named but not set. Empty: ready.
std::vector<std::string> check_channels(const RuleSet& rules, const DeliveryOptions& options);

// Stored names (a provider's, a source's) are data from outside: each sink
// below escapes them for what reads it (docs/alerts.md), the database keeps
// them as they came.
//
// The webhook body (docs/alerts.md): one JSON object, on one line.
std::string webhook_body(const store::AlertEvent& event);
// JSON on one line (indent -1) or indented, invalid UTF-8 replaced, and no
// byte a terminal acts on (util::escape_json_controls).
std::string json_text(const nlohmann::ordered_json& value, int indent = -1);
// A digest of several alerts: the webhook body {"source", "digest": true,
// "count", "by_rule", "by_corridor", "message", "alerts": [webhook bodies]}.
std::string digest_body(const std::vector<store::AlertEvent>& events);
// Its text: a summary line counting the alerts by rule and by corridor, then
// one text_line per alert.
std::string digest_text(const std::vector<store::AlertEvent>& events);

// One line for people: "ALERT <rule> <scope> <period>: <message>", control
// characters shown as escapes (util::escape_controls). A quote alert's scope
// is shown as its corridor (the service is named in the message).
std::string text_line(const store::AlertEvent& event);

} // namespace rw::alerts
