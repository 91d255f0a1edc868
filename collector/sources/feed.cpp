// Quote feeds (docs/formats/quote-feed.md): a publisher's quotes for many
// corridors in one file; a quote without the publisher's benchmark is costed
// against the ECB cross rate of its day.

#include "collector/collected_quote.hpp"
#include "collector/ecb_rates.hpp"
#include "collector/importer.hpp"
#include "collector/source.hpp"
#include "collector/sources/registry.hpp"
#include "readers/quote_feed.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rw::collector {

namespace {

constexpr const char* k_feed = "feed";

// A quote's benchmark: the feed's own, or the ECB cross rate of its day.
struct Benchmark
{
  double rate = 0;
  std::string source;
  std::string flag; // a stale ECB rate
};

// What a feed's quotes came to, for the run item's note.
struct FeedCounts
{
  size_t without_benchmark = 0; // no ECB rate for the pair
  size_t bad_benchmark = 0;     // a stored ECB rate that is not positive
  size_t stale = 0;
  std::vector<std::string> implausible; // why each quote outside readers::check_plausible's bounds was left out
};

// Empty: the quote is left out (counted in `counts`; a bad stored rate is
// logged with the calculator's reason).
util::Expected<std::optional<Benchmark>>
benchmark_of(Run& run, const CollectConfig& config, const readers::FeedQuote& f, FeedCounts& counts)
{
  if (f.benchmark) {
    return std::optional(Benchmark{*f.benchmark, f.benchmark_source, ""});
  }
  const std::string day = date::format("%F", std::chrono::floor<date::days>(f.collected_at));
  auto cross = ecb_cross(run.database(), f.currency, f.receive_currency, day);
  if (!cross) {
    return std::unexpected(cross.error());
  }
  if (!*cross) {
    ++counts.without_benchmark;
    return std::optional<Benchmark>();
  }
  if (!(*cross)->rate) {
    ++counts.bad_benchmark;
    run.log({"warning", k_feed, f.corridor.to_string(), f.standard_amount_usd, "skipped",
             fmt::format("no benchmark {}→{} from the ECB rates of {}: {}", f.currency, f.receive_currency,
                         (*cross)->day, (*cross)->rate.error().message)});
    return std::optional<Benchmark>();
  }
  Benchmark benchmark{*(*cross)->rate, "ECB " + (*cross)->day, ""};
  auto ecb_day = util::parse_timestamp((*cross)->day + "T00:00:00Z");
  const double age = ecb_day ? std::chrono::duration<double>(f.collected_at - *ecb_day).count() / 86400 : 0;
  if (age > config.max_benchmark_age_days) {
    ++counts.stale;
    benchmark.flag = fmt::format("stale benchmark: ECB rates of {}, {:.1f} days before the quote", (*cross)->day, age);
  }
  return std::optional(benchmark);
}

// The feed's quotes for the run's corridors and amounts that have a benchmark.
util::Expected<std::vector<store::QuoteRecord>>
records_of(Run& run, const Scope& scope, const readers::QuoteFeed& feed, const std::string& sha, FeedCounts& counts)
{
  std::vector<store::QuoteRecord> records;
  for (const auto& f : feed.quotes) {
    if (!scope.corridor_names.contains(f.corridor.to_string()) || !scope.amounts.contains(f.standard_amount_usd)) {
      continue;
    }
    auto benchmark = benchmark_of(run, scope.config, f, counts);
    if (!benchmark) {
      return std::unexpected(benchmark.error());
    }
    if (!*benchmark) {
      continue;
    }
    corridors::Service service;
    service.provider = f.provider;
    service.firm_type = f.firm_type;
    service.payment_instrument = f.payment_instrument;
    service.receiving_method = f.receiving_method;
    service.speed = f.speed;
    service.accessible = f.accessible;
    auto quote = imported({.corridor = f.corridor,
                                      .service = std::move(service),
                                      .send_currency = f.currency,
                                      .receive_currency = f.receive_currency,
                                      .amount = f.amount,
                                      .fee = f.fee,
                                      .rate = f.rate,
                                      .received = f.received,
                                      .benchmark = (*benchmark)->rate,
                                      .benchmark_source = (*benchmark)->source,
                                      .collected_at = f.collected_at,
                                      .usd = f.standard_amount_usd,
                                      .source = k_feed,
                                      .source_ref = feed.publisher,
                                      .method = "feed",
                                      .flag = (*benchmark)->flag});
    if (!quote) {
      // Left out and named; the feed's other quotes are stored.
      run.log({"warning", k_feed, f.corridor.to_string(), f.standard_amount_usd, "skipped", quote.error().message});
      counts.implausible.push_back(quote.error().message);
      continue;
    }
    auto record = to_record(*quote);
    record.raw_ref = sha;
    records.push_back(std::move(record));
  }
  return records;
}

std::string
note_of(const FeedCounts& counts)
{
  std::string note;
  if (counts.without_benchmark > 0) {
    note = fmt::format("{} quotes left out: no benchmark (the feed gives none and the ECB has no rate for the pair)",
                       counts.without_benchmark);
  }
  if (counts.bad_benchmark > 0) {
    note += fmt::format("{}{} quotes left out: a stored ECB rate is not positive", note.empty() ? "" : "; ",
                        counts.bad_benchmark);
  }
  if (counts.stale > 0) {
    note += fmt::format("{}{} quotes flagged: stale benchmark", note.empty() ? "" : "; ", counts.stale);
  }
  if (!counts.implausible.empty()) {
    note += fmt::format("{}{} quotes left out: {}", note.empty() ? "" : "; ", counts.implausible.size(),
                        fmt::join(counts.implausible, "; "));
  }
  return note;
}

// One feed's response: recorded as failed with its reason, or its quotes stored.
util::Expected<void>
take_response(Run& run, const Scope& scope, const std::string& url, const util::Expected<net::HttpResponse>& response)
{
  const std::string shown = net::redact_url(url);
  if (!response) {
    return run.fail(k_feed, shown, std::nullopt, response.error().message);
  }
  if (response->status != 200) {
    return run.reject(k_feed, shown, std::nullopt, url, *response, fmt::format("HTTP {}", response->status));
  }
  auto feed = readers::parse_quote_feed(response->body, shown);
  if (!feed) {
    return run.reject(k_feed, shown, std::nullopt, url, *response, feed.error().message);
  }
  auto sha = run.archive().put(response->body);
  if (!sha) {
    return run.fail(k_feed, shown, std::nullopt, sha.error().message);
  }
  FeedCounts counts;
  auto records = records_of(run, scope, *feed, *sha, counts);
  if (!records) {
    return std::unexpected(records.error());
  }
  return run.accept(k_feed, shown, std::nullopt, url, *response, *sha, [&] { return run.store_quotes(*records); },
                    note_of(counts));
}

class FeedSource final : public Source
{
public:
  std::string_view name() const override { return k_feed; }
  size_t planned(const Scope& scope) const override { return scope.config.feed_urls.size(); }

  std::vector<std::string> plan(const Scope& scope) const override
  {
    std::vector<std::string> lines;
    lines.reserve(scope.config.feed_urls.size());
    for (const auto& url : scope.config.feed_urls) {
      lines.push_back(fmt::format("feed: GET {}", net::redact_url(url)));
    }
    return lines;
  }

  util::Expected<void> run(Run& run, net::HttpClient& client, const Scope& scope) const override
  {
    std::vector<net::HttpRequest> requests;
    requests.reserve(scope.config.feed_urls.size());
    for (const auto& url : scope.config.feed_urls) {
      requests.push_back(net::HttpRequest{url});
    }
    auto responses = client.fetch(requests);
    for (size_t i = 0; i < responses.size(); ++i) {
      if (auto ok = take_response(run, scope, requests[i].url, responses[i]); !ok) {
        return ok;
      }
    }
    return {};
  }
};

} // namespace

const Source&
feed_source()
{
  static const FeedSource source;
  return source;
}

} // namespace rw::collector
