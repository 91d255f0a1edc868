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
// Returns, per delivery, the error (empty when delivered).
std::vector<std::optional<std::string>> deliver(const std::vector<store::PendingDelivery>& deliveries,
                                                const RuleSet& rules,
                                                const DeliveryOptions& options);

// Stored names (a provider's, a source's) are data from outside: each sink
// below escapes them for what reads it (docs/alerts.md), the database keeps
// them as they came.
//
// The webhook body (docs/alerts.md): one JSON object, on one line.
std::string webhook_body(const store::AlertEvent& event);
// JSON on one line (indent -1) or indented, invalid UTF-8 replaced, and no
// byte a terminal acts on (util::escape_json_controls).
std::string json_text(const nlohmann::ordered_json& value, int indent = -1);
// One line for people: "ALERT <rule> <scope> <period>: <message>", control
// characters shown as escapes (util::escape_controls).
std::string text_line(const store::AlertEvent& event);

} // namespace rw::alerts
