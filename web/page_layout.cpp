#include "web/page_layout.hpp"

#include "reports/html_parts.hpp"
#include "reports/render.hpp"
#include "store/queries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace rw::web {

namespace {

// The pages' own rules on top of the report's style sheet.
constexpr const char* k_page_style = R"(
nav.site{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;align-items:baseline;border-bottom:1px solid #d0d7de;padding:.3rem 0;margin-bottom:.6rem}
nav.site a{color:#0969da;text-decoration:none}nav.site a[aria-current=page]{color:#1b1f24;font-weight:600}
nav.site .brand{font-weight:700;margin-right:.8rem;color:#1b1f24}
.data-links{font-size:.85rem;color:#57606a}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:.6rem 0}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:#57606a}
form.filters select,form.filters input[type=search]{max-width:14rem}
form.filters label.check{flex-direction:row;gap:.3rem;align-items:center}
tr[hidden]{display:none}table.sortable th a{color:inherit}
)";

struct NavEntry
{
  NavItem item;
  const char* label;
};

constexpr std::array<NavEntry, 5> k_nav = {{{NavItem::overview, "Overview"},
                                            {NavItem::corridors, "Corridors"},
                                            {NavItem::report, "Report"},
                                            {NavItem::alerts, "Alerts"},
                                            {NavItem::status, "Data status"}}};

std::string
nav_path(NavItem item, const std::optional<corridors::Quarter>& quarter)
{
  switch (item) {
  case NavItem::overview:
    return "/";
  case NavItem::corridors:
    return "/corridors";
  case NavItem::report:
    return quarter ? "/report/" + quarter->to_string() : "/report";
  case NavItem::alerts:
    return "/alerts";
  case NavItem::status:
    return "/status";
  }
  return "/";
}

std::string
nav_html(const PageRequest& request, NavItem active, const std::optional<corridors::Quarter>& quarter)
{
  std::string out = fmt::format(R"(<nav class="site" aria-label="Site"><a class="brand" href="{}">remitwatch</a>)",
                                href(request, "/"));
  for (const auto& entry : k_nav) {
    out += fmt::format(R"(<a href="{}"{}>{}</a>)", href(request, nav_path(entry.item, quarter)),
                       entry.item == active ? R"( aria-current="page")" : "", entry.label);
  }
  return out + "</nav>\n";
}

std::string
data_links_html(const PageRequest& request, const std::vector<DataLink>& links)
{
  if (links.empty()) {
    return "";
  }
  std::vector<std::string> parts;
  parts.reserve(links.size());
  for (const auto& link : links) {
    parts.push_back(fmt::format(R"(<a href="{}">{}</a>)", href(request, link.path), reports::escape_html(link.label)));
  }
  return fmt::format("<p class=\"data-links\">This page as data: {}</p>\n", fmt::join(parts, " · "));
}

std::optional<corridors::Quarter>
later(std::optional<corridors::Quarter> a, const std::string& period)
{
  auto parsed = corridors::Quarter::parse(period);
  if (!parsed) {
    return a;
  }
  return a && *a > *parsed ? a : std::optional(*parsed);
}

} // namespace

std::string
href(const PageRequest& request, std::string_view path)
{
  return reports::escape_html(request.base_path + std::string(path));
}

std::string
query_string(const std::vector<std::pair<std::string, std::string>>& parameters)
{
  std::string out;
  for (const auto& [name, value] : parameters) {
    out += out.empty() ? "?" : "&";
    out += name + "=";
    for (const char c : value) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
        out += c;
      } else {
        out += fmt::format("%{:02X}", u);
      }
    }
  }
  return out;
}

std::optional<std::string>
parameter(const PageRequest& request, const std::string& name)
{
  const auto found = request.query.find(name);
  if (found == request.query.end() || found->second.empty()) {
    return std::nullopt;
  }
  return found->second;
}

util::Expected<std::optional<corridors::Quarter>>
quarter_parameter(const PageRequest& request)
{
  const auto text = parameter(request, "quarter");
  if (!text) {
    return std::optional<corridors::Quarter>();
  }
  auto quarter = corridors::Quarter::parse(*text);
  if (!quarter) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("?quarter={}: {} (a quarter such as 2012Q3)", *text, quarter.error().message));
  }
  return std::optional(*quarter);
}

util::Expected<int>
amount_parameter(const PageRequest& request)
{
  const auto text = parameter(request, "amount");
  if (!text || *text == "200") {
    return 200;
  }
  if (*text == "500") {
    return 500;
  }
  return util::make_error(util::ErrorKind::invalid_argument,
                          fmt::format("?amount={}: the standard amounts are 200 and 500 (USD)", *text));
}

util::Expected<std::optional<std::string>>
country_parameter(const PageRequest& request, const corridors::Catalogue& catalogue, const std::string& name)
{
  auto text = parameter(request, name);
  if (!text) {
    return std::optional<std::string>();
  }
  std::string code = *text;
  std::ranges::transform(code, code.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
  if (catalogue.find_country(code) == nullptr) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("?{}={}: {} is not a country in the catalogue (ISO 3166-1 alpha-3, e.g. KEN)",
                                        name, *text, *text));
  }
  return std::optional(code);
}

util::Expected<std::optional<corridors::Quarter>>
latest_quarter(store::Database& database)
{
  auto quotes = store::quote_periods(database);
  auto series = store::series_periods(database);
  if (!quotes || !series) {
    return std::unexpected(!quotes ? quotes.error() : series.error());
  }
  return later(later(std::nullopt, quotes->last), series->last);
}

std::string
country_name(const corridors::Catalogue& catalogue, std::string_view iso3)
{
  const auto* country = catalogue.find_country(iso3);
  return country != nullptr ? country->name : std::string(iso3);
}

util::Error
without_path(store::Database& database, util::Error error)
{
  const std::string prefix = database.path() + ": ";
  if (error.message.starts_with(prefix)) {
    error.message.erase(0, prefix.size());
  }
  if (error.message.find("no data") != std::string::npos) {
    error.kind = util::ErrorKind::not_found;
  }
  return error;
}

util::Expected<std::string>
render_page(store::Database& database, const PageRequest& request, const PageParts& parts)
{
  auto quarter = parts.report_quarter;
  if (!quarter) {
    auto latest = latest_quarter(database);
    if (!latest) {
      return std::unexpected(latest.error());
    }
    quarter = *latest;
  }
  std::string out =
    fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>{} · remitwatch</title>\n<style>{}{}</style>\n</head>\n<body>\n<header>\n",
                reports::escape_html(parts.title), reports::k_report_style, k_page_style);
  out += nav_html(request, parts.active, quarter);
  out += fmt::format("<h1>{}</h1>\n", reports::escape_html(parts.title));
  out += data_links_html(request, parts.data) + "</header>\n<main>\n" + parts.body + "</main>\n";
  if (!parts.script.empty()) {
    out += fmt::format("<script>{}</script>\n", parts.script);
  }
  return out + "</body>\n</html>\n";
}

} // namespace rw::web
