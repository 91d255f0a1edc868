#pragma once

// What every page of the web monitor shares: the document around its body
// (the report's style, the navigation bar, the links to its data), links
// under the base path, and the query parameters every page reads.

#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "util/error.hpp"
#include "web/pages.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rw::web {

enum class NavItem { overview, corridors, report, alerts, status };

struct DataLink
{
  std::string label; // "JSON", "CSV"
  std::string path;  // under the base path: "/api/v1/corridors?sender=KEN"
};

struct PageParts
{
  std::string title;  // <title> and <h1>, plain text
  NavItem active = NavItem::overview;
  std::string body;   // markup, every name from the data escaped
  std::vector<DataLink> data; // this page's content as data
  std::string script; // one inline script, or empty
  std::optional<corridors::Quarter> report_quarter; // the "Report" link's; empty: the store's latest
};

// The whole document. Reads the store only for the Report link's quarter
// when `parts.report_quarter` is empty.
util::Expected<std::string> render_page(store::Database& database, const PageRequest& request, const PageParts& parts);

// base_path + path, escaped for an attribute.
std::string href(const PageRequest& request, std::string_view path);

// A query string ("?a=1&b=x%20y"; "" when empty), values percent-encoded.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& parameters);

// A parameter's value; empty when absent or empty.
std::optional<std::string> parameter(const PageRequest& request, const std::string& name);

// ?quarter=: empty when absent; invalid_argument when malformed.
util::Expected<std::optional<corridors::Quarter>> quarter_parameter(const PageRequest& request);

// ?amount=: 200 when absent; invalid_argument unless 200 or 500.
util::Expected<int> amount_parameter(const PageRequest& request);

// ?<name>= as an ISO3 code of the catalogue (any case): empty when absent,
// not_found naming it when the catalogue has no such country.
util::Expected<std::optional<std::string>> country_parameter(const PageRequest& request,
                                                             const corridors::Catalogue& catalogue,
                                                             const std::string& name);

// The latest quarter with quotes or published series; empty for an empty store.
util::Expected<std::optional<corridors::Quarter>> latest_quarter(store::Database& database);

// "Kenya", or the code itself when the catalogue does not know it.
std::string country_name(const corridors::Catalogue& catalogue, std::string_view iso3);

// A not_found error for a quarter without data, the store's path left out
// of the message (pages never show server paths).
util::Error without_path(store::Database& database, util::Error error);

} // namespace rw::web
