// Wise's comparison API (v4): every provider's quote for one corridor and
// amount, priced in the sending currency from the ECB rates.

#include "collector/collected_quote.hpp"
#include "collector/importer.hpp"
#include "collector/source.hpp"
#include "collector/sources/registry.hpp"
#include "collector/url.hpp"
#include "readers/wise.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <map>

namespace rw::collector {

namespace {

constexpr const char* k_wise = "wise";

// The bearer token from the variable `wise_api_key_env` names, if any.
std::vector<std::string>
auth_headers(const Run& run, const CollectConfig& config)
{
  std::vector<std::string> headers;
  if (!config.wise_api_key_env.empty()) {
    if (auto key = run.environment(config.wise_api_key_env)) {
      headers.push_back("Authorization: Bearer " + *key);
    }
  }
  return headers;
}

// The answer must be for the pair and amount asked; empty when it is.
std::string
mismatch(const readers::WiseComparison& comparison, const Target& target)
{
  if (comparison.source_currency != target.send_currency || comparison.target_currency != target.receive_currency
      || std::abs(comparison.send_amount - *target.amount) > 1e-6 * *target.amount) {
    return fmt::format("the answer is for {} {}→{}, the request for {:g} {}→{}", comparison.send_amount,
                       comparison.source_currency, comparison.target_currency, *target.amount, target.send_currency,
                       target.receive_currency);
  }
  return "";
}


// A second quote for a service and time already in the answer (the same
// natural key) would overwrite the first when stored. The same figures again
// are one quote; different ones are a conflict: the first is kept, flagged
// with both sets of figures, and the second dropped — a reader of the
// flagged row sees the answer was inconsistent, and no figure is silently
// replaced.
void
keep_or_flag(std::vector<store::QuoteRecord>& records, std::map<std::string, size_t, std::less<>>& seen,
             store::QuoteRecord record)
{
  const auto [at, added] = seen.try_emplace(record.natural_key, records.size());
  if (added) {
    records.push_back(std::move(record));
    return;
  }
  store::QuoteRecord& first = records[at->second];
  if (first.fee == record.fee && first.rate == record.rate && first.received == record.received) {
    return;
  }
  first.flagged = true;
  first.flag_reason += fmt::format("{}the answer has a second quote for this service and time (fee {}, rate {}) "
                                   "besides this one (fee {}, rate {}): the second was dropped",
                                   first.flag_reason.empty() ? "" : "; ", record.fee, record.rate, first.fee,
                                   first.rate);
}

// The answer's quotes as records; a quote outside readers::check_plausible's
// bounds is left out and its reason added to `left_out`.
std::vector<store::QuoteRecord>
records_of(const readers::WiseComparison& comparison, const Target& target, const std::string& sha,
           std::vector<std::string>& left_out)
{
  std::vector<store::QuoteRecord> records;
  std::map<std::string, size_t, std::less<>> seen; // natural key → index in records
  for (const auto& w : comparison.quotes) {
    corridors::Service service;
    service.provider = w.provider;
    service.firm_type = w.firm_type;
    service.speed = w.speed;
    auto quote = imported({.corridor = target.corridor,
                           .service = std::move(service),
                           .send_currency = target.send_currency,
                           .receive_currency = target.receive_currency,
                           .amount = comparison.send_amount,
                           .fee = w.fee,
                           .rate = w.rate,
                           .received = w.received,
                           .benchmark = comparison.mid_rate,
                           .benchmark_source = "wise-mid",
                           .collected_at = w.collected_at,
                           .usd = target.usd,
                           .source = k_wise,
                           .source_ref = w.alias});
    if (!quote) {
      left_out.push_back(quote.error().message);
      continue;
    }
    auto record = to_record(*quote);
    record.raw_ref = sha;
    keep_or_flag(records, seen, std::move(record));
  }
  return records;
}

// One response: recorded as failed with its reason, or its quotes stored.
util::Expected<void>
take_response(Run& run, const Target& target, const std::string& url,
              const util::Expected<net::HttpResponse>& response)
{
  const std::string corridor = target.corridor.to_string();
  if (!response) {
    return run.fail(k_wise, corridor, target.usd, response.error().message);
  }
  if (response->status != 200) {
    return run.reject(k_wise, corridor, target.usd, url, *response, fmt::format("HTTP {}", response->status));
  }
  auto comparison = readers::parse_wise_comparison(response->body, net::redact_url(url));
  if (!comparison) {
    return run.reject(k_wise, corridor, target.usd, url, *response, comparison.error().message);
  }
  if (auto wrong = mismatch(*comparison, target); !wrong.empty()) {
    return run.reject(k_wise, corridor, target.usd, url, *response, wrong);
  }
  auto sha = run.archive().put(response->body);
  if (!sha) {
    return run.fail(k_wise, corridor, target.usd, sha.error().message);
  }
  std::vector<std::string> left_out;
  const auto records = records_of(*comparison, target, *sha, left_out);
  for (const auto& reason : left_out) {
    run.log({"warning", k_wise, corridor, target.usd, "skipped", reason});
  }
  const std::string note =
    left_out.empty() ? "" : fmt::format("{} quotes left out: {}", left_out.size(), fmt::join(left_out, "; "));
  return run.accept(k_wise, corridor, target.usd, url, *response, *sha, [&] { return run.store_quotes(records); },
                    note);
}

class WiseSource final : public Source
{
public:
  std::string_view name() const override { return k_wise; }
  size_t planned(const Scope& scope) const override { return scope.targets.size(); }

  std::vector<std::string> plan(const Scope& scope) const override
  {
    std::vector<std::string> lines;
    lines.reserve(scope.targets.size());
    for (const auto& t : scope.targets) {
      lines.push_back(fmt::format("wise: {} USD {} in {} → {}: GET {}/v4/comparisons/?sourceCurrency={}&"
                                  "targetCurrency={}&sendAmount=…",
                                  t.corridor.to_string(), t.usd, t.send_currency, t.receive_currency,
                                  net::redact_url(trim_slash(scope.config.wise_base_url)), t.send_currency,
                                  t.receive_currency));
    }
    return lines;
  }

  util::Expected<void> run(Run& run, net::HttpClient& client, const Scope& scope) const override
  {
    std::vector<net::HttpRequest> requests;
    std::vector<const Target*> of_request;
    const auto headers = auth_headers(run, scope.config);
    for (const auto& target : scope.targets) {
      if (!target.amount) {
        if (auto ok = run.fail(k_wise, target.corridor.to_string(), target.usd, target.unpriced); !ok) {
          return ok;
        }
        continue;
      }
      net::HttpRequest request;
      request.url = fmt::format("{}/v4/comparisons/?sourceCurrency={}&targetCurrency={}&sendAmount={:g}",
                                trim_slash(scope.config.wise_base_url), url_encode(target.send_currency),
                                url_encode(target.receive_currency), *target.amount);
      request.headers = headers;
      requests.push_back(std::move(request));
      of_request.push_back(&target);
    }
    auto responses = client.fetch(requests);
    for (size_t i = 0; i < responses.size(); ++i) {
      if (auto ok = take_response(run, *of_request[i], requests[i].url, responses[i]); !ok) {
        return ok;
      }
    }
    return {};
  }
};

} // namespace

const Source&
wise_source()
{
  static const WiseSource source;
  return source;
}

} // namespace rw::collector
