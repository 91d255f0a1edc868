#pragma once

#include "alerts/rules.hpp"
#include "net/http.hpp"
#include "store/alerts.hpp"

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

// The webhook body (docs/alerts.md): one JSON object.
std::string webhook_body(const store::AlertEvent& event);
// One line for people: "ALERT <rule> <scope> <period>: <message>".
std::string text_line(const store::AlertEvent& event);

} // namespace rw::alerts
