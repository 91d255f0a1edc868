// World Bank indicators (API v2, XML), page by page: reference values such
// as the average cost of sending to and from each country.

#include "collector/source.hpp"
#include "collector/sources/registry.hpp"
#include "collector/url.hpp"
#include "readers/worldbank_api.hpp"
#include "store/collect_records.hpp"

#include <fmt/format.h>

namespace rw::collector {

namespace {

constexpr const char* k_worldbank = "worldbank";

std::string
page_url(const CollectConfig& config, const std::string& indicator, int page)
{
  // XML, the API's default; one page holds every country for recent years.
  return fmt::format("{}/country/all/indicator/{}?per_page=20000&page={}", trim_slash(config.worldbank_base_url),
                     url_encode(indicator), page);
}

util::Expected<std::int64_t>
store_values(Run& run, const std::string& indicator, const readers::ReferencePage& values)
{
  std::vector<store::ReferenceRecord> records;
  for (const auto& v : values.values) {
    if (!v.country_iso3.empty()) {
      records.push_back({v.indicator.empty() ? indicator : v.indicator, v.country_iso3, v.date, v.value});
    }
  }
  auto changed = store::upsert_reference_values(run.database(), "worldbank-api", records, run.summary().run_id);
  if (!changed) {
    return std::unexpected(changed.error());
  }
  run.summary().reference_values_changed += *changed;
  return static_cast<std::int64_t>(records.size());
}

// One page of an indicator; `pages` becomes the number the answer gives.
util::Expected<void>
fetch_page(Run& run, net::HttpClient& client, const CollectConfig& config, const std::string& indicator, int page,
           int& pages)
{
  const std::string url = page_url(config, indicator, page);
  if (page > 1) {
    run.planned(1);
  }
  auto response = std::move(client.fetch({net::HttpRequest{url}}).front());
  const std::string item = fmt::format("{} page {}", indicator, page);
  if (!response) {
    return run.fail(k_worldbank, item, std::nullopt, response.error().message);
  }
  if (response->status != 200) {
    return run.reject(k_worldbank, item, std::nullopt, url, *response, fmt::format("HTTP {}", response->status));
  }
  auto values = readers::parse_worldbank(response->body, net::redact_url(url));
  if (!values) {
    return run.reject(k_worldbank, item, std::nullopt, url, *response, values.error().message);
  }
  auto sha = run.archive().put(response->body);
  if (!sha) {
    return run.fail(k_worldbank, item, std::nullopt, sha.error().message);
  }
  pages = std::max(1, values->pages);
  return run.accept(k_worldbank, item, std::nullopt, url, *response, *sha,
                    [&] { return store_values(run, indicator, *values); });
}

class WorldBankSource final : public Source
{
public:
  std::string_view name() const override { return k_worldbank; }
  size_t planned(const Scope& scope) const override { return scope.config.worldbank_indicators.size(); }

  std::vector<std::string> plan(const Scope& scope) const override
  {
    std::vector<std::string> lines;
    lines.reserve(scope.config.worldbank_indicators.size());
    for (const auto& indicator : scope.config.worldbank_indicators) {
      lines.push_back(fmt::format("worldbank: GET {}/country/all/indicator/{}?per_page=20000&page=1",
                                  net::redact_url(trim_slash(scope.config.worldbank_base_url)), indicator));
    }
    return lines;
  }

  util::Expected<void> run(Run& run, net::HttpClient& client, const Scope& scope) const override
  {
    for (const auto& indicator : scope.config.worldbank_indicators) {
      int pages = 1;
      for (int page = 1; page <= pages; ++page) {
        if (auto ok = fetch_page(run, client, scope.config, indicator, page, pages); !ok) {
          return ok;
        }
      }
    }
    return {};
  }
};

} // namespace

const Source&
worldbank_source()
{
  static const WorldBankSource source;
  return source;
}

} // namespace rw::collector
