// ECB reference rates (eurofxref-daily.xml), with a conditional GET: the
// benchmark the other sources price from.

#include "collector/source.hpp"
#include "collector/sources/registry.hpp"
#include "collector/url.hpp"
#include "readers/ecb.hpp"
#include "store/collect_records.hpp"

#include <date/date.h>
#include <fmt/format.h>

namespace rw::collector {

namespace {

constexpr const char* k_ecb = "ecb";

// Stores the rates and the response's validators for the next conditional GET.
util::Expected<std::int64_t>
store_rates(Run& run, const CollectConfig& config, const net::HttpResponse& response,
            const std::vector<readers::EcbRate>& rates, const std::string& sha)
{
  auto& db = run.database();
  std::vector<store::Rate> records;
  records.reserve(rates.size());
  for (const auto& rate : rates) {
    records.push_back({date::format("%F", date::sys_days(rate.day)), rate.currency, rate.rate});
  }
  auto changed = store::upsert_rates(db, "ECB", "EUR", records, run.summary().run_id);
  if (!changed) {
    return std::unexpected(changed.error());
  }
  run.summary().rates_changed += *changed;
  if (auto ok = store::save_validators(db, net::redact_url(config.ecb_url),
                                       {header(response, "etag"), header(response, "last-modified"), sha});
      !ok) {
    return std::unexpected(ok.error());
  }
  return static_cast<std::int64_t>(records.size());
}

class EcbSource final : public Source
{
public:
  std::string_view name() const override { return k_ecb; }
  bool benchmark() const override { return true; }
  size_t planned(const Scope&) const override { return 1; }

  std::vector<std::string> plan(const Scope& scope) const override
  {
    return {fmt::format("ecb: GET {}", net::redact_url(scope.config.ecb_url))};
  }

  util::Expected<void> run(Run& run, net::HttpClient& client, const Scope& scope) const override
  {
    const CollectConfig& config = scope.config;
    auto answer = conditional_get(run, client, net::HttpRequest{config.ecb_url});
    if (!answer) {
      return std::unexpected(answer.error());
    }
    auto& response = answer->response;
    if (!response) {
      return run.fail(k_ecb, "*", std::nullopt, response.error().message);
    }
    if (answer->not_modified()) {
      return run.not_modified(k_ecb, "*", config.ecb_url, answer->validators->sha256, "not modified",
                              "the rates have not changed since the last fetch");
    }
    if (response->status != 200) {
      return run.reject(k_ecb, "*", std::nullopt, config.ecb_url, *response, fmt::format("HTTP {}", response->status));
    }
    auto rates = readers::parse_ecb_xml(response->body, net::redact_url(config.ecb_url));
    if (!rates) {
      return run.reject(k_ecb, "*", std::nullopt, config.ecb_url, *response, rates.error().message);
    }
    auto sha = run.archive().put(response->body);
    if (!sha) {
      return run.fail(k_ecb, "*", std::nullopt, sha.error().message);
    }
    return run.accept(k_ecb, "*", std::nullopt, config.ecb_url, *response, *sha,
                      [&] { return store_rates(run, config, *response, *rates, *sha); });
  }
};

} // namespace

const Source&
ecb_source()
{
  static const EcbSource source;
  return source;
}

} // namespace rw::collector
