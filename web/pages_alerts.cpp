// The alerts recorded in the store: what fired, when, and where each went.

#include "reports/render.hpp"
#include "store/alerts.hpp"
#include "web/page_layout.hpp"
#include "web/pages.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rw::web {

namespace {

using reports::escape_html;

constexpr std::int64_t k_shown = 200; // newest alerts on the page; the API has them all

// A string field of the alert's JSON payload, or "".
std::string
payload_text(const store::AlertEvent& event, const char* field)
{
  const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
  if (payload.is_discarded() || !payload.is_object() || !payload.contains(field) || !payload[field].is_string()) {
    return "";
  }
  return payload[field].get<std::string>();
}

std::string
scope_html(const PageRequest& request, const corridors::Catalogue& catalogue, const store::AlertEvent& event)
{
  const std::string corridor = payload_text(event, "corridor");
  auto key = corridors::CorridorKey::parse(corridor.empty() ? event.scope : corridor);
  if (!key || catalogue.find_country(key->sender) == nullptr) {
    return escape_html(event.scope);
  }
  return fmt::format(R"(<a class="code" href="{}">{}</a><span class="names">{} → {}</span>)",
                     href(request, "/corridors/" + key->to_string()), escape_html(key->to_string()),
                     escape_html(country_name(catalogue, key->sender)), escape_html(country_name(catalogue, key->receiver)));
}

std::string
deliveries_html(const store::RecordedAlert& alert)
{
  if (alert.deliveries.empty()) {
    return "<span class=\"muted\">no channel</span>";
  }
  std::vector<std::string> parts;
  for (const auto& d : alert.deliveries) {
    if (d.delivered_at) {
      parts.push_back(fmt::format("{}: delivered {}", escape_html(d.channel), escape_html(*d.delivered_at)));
    } else {
      parts.push_back(fmt::format("<span class=\"up\">{}: pending after {} attempt{}{}</span>", escape_html(d.channel),
                                  d.attempts, d.attempts == 1 ? "" : "s",
                                  d.last_error ? " (" + escape_html(*d.last_error) + ")" : ""));
    }
  }
  return fmt::format("{}", fmt::join(parts, "<br>"));
}

std::string
alerts_table(const PageRequest& request, const corridors::Catalogue& catalogue,
             const std::vector<store::RecordedAlert>& alerts)
{
  std::string out = R"(<div class="table-wrap"><table class="data" id="alerts-table"><thead><tr>)"
                    R"(<th scope="col">Fired</th><th scope="col">Rule</th><th scope="col">Corridor or scope</th>)"
                    R"(<th scope="col">Period</th><th scope="col">What</th><th scope="col">Delivered</th>)"
                    "</tr></thead><tbody>\n";
  for (const auto& alert : alerts) {
    const auto& e = alert.event;
    const std::string message = payload_text(e, "message");
    out += fmt::format(R"(<tr class="alert"><td class="code">{}</td><td class="code">{}</td><td>{}</td>)"
                       R"(<td class="code">{}</td><td class="wrap">{}</td><td class="wrap">{}</td></tr>)"
                       "\n",
                       escape_html(e.fired_at), escape_html(e.rule_id), scope_html(request, catalogue, e),
                       escape_html(e.period), escape_html(message.empty() ? e.rule_id : message),
                       deliveries_html(alert));
  }
  return out + "</tbody></table></div>\n";
}

} // namespace

util::Expected<std::string>
alerts_page(store::Database& database, const corridors::Catalogue& catalogue, const PageRequest& request)
{
  auto alerts = store::recent_alerts(database, k_shown);
  auto count = store::alert_count(database);
  if (!alerts || !count) {
    return std::unexpected(!alerts ? alerts.error() : count.error());
  }
  std::string body;
  if (alerts->empty()) {
    body = "<p class=\"muted\">No alert has fired in this database. <code>remitwatch alerts --rules FILE</code> "
           "evaluates the rules and records what fires.</p>\n";
  } else {
    body = fmt::format("<p>{} alert{} recorded{}, newest first; each is delivered once to every channel of its "
                       "rule.</p>\n",
                       *count, *count == 1 ? "" : "s",
                       *count > k_shown ? fmt::format(" (the newest {} shown)", k_shown) : std::string());
    body += alerts_table(request, catalogue, *alerts);
  }
  PageParts parts{.title = "Alerts",
                  .active = NavItem::alerts,
                  .body = std::move(body),
                  .data = {{"JSON", "/api/v1/alerts"}, {"CSV", "/api/v1/alerts?format=csv"}},
                  .script = {},
                  .report_quarter = std::nullopt};
  return render_page(database, request, parts);
}

} // namespace rw::web
