#include "web/query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rw::web {

util::Expected<std::optional<corridors::Quarter>>
quarter_parameter(const Request& request)
{
  const auto it = request.query.find("quarter");
  if (it == request.query.end()) {
    return std::optional<corridors::Quarter>();
  }
  auto quarter = corridors::Quarter::parse(it->second);
  if (!quarter) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("quarter={}: {}", it->second, quarter.error().message));
  }
  return std::optional(*quarter);
}

util::Expected<int>
amount_parameter(const Request& request)
{
  const auto it = request.query.find("amount");
  if (it == request.query.end()) {
    return 200;
  }
  if (it->second != "200" && it->second != "500") {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("amount={}: the standard amounts are 200 and 500 (USD); say amount=200 "
                                        "or amount=500",
                                        it->second));
  }
  return it->second == "200" ? 200 : 500;
}

util::Expected<Format>
format_parameter(const Request& request)
{
  const auto it = request.query.find("format");
  if (it == request.query.end() || it->second == "json") {
    return Format::json;
  }
  if (it->second == "csv") {
    return Format::csv;
  }
  return util::make_error(util::ErrorKind::invalid_argument,
                          fmt::format("format={}: not a format of this answer; say format=json (the default) or "
                                      "format=csv",
                                      it->second));
}

util::Expected<std::optional<std::string>>
country_parameter(const Request& request, const std::string& name, const corridors::Catalogue& catalogue)
{
  const auto it = request.query.find(name);
  if (it == request.query.end()) {
    return std::optional<std::string>();
  }
  std::string code = it->second;
  std::ranges::transform(code, code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (catalogue.find_country(code) == nullptr) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{}={}: not a country in the catalogue (ISO 3166-1 alpha-3, e.g. KEN)", name,
                                        it->second));
  }
  return std::optional(code);
}

} // namespace rw::web
