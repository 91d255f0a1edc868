#include "collector/collect.hpp"

#include "collector/archive.hpp"
#include "readers/ecb.hpp"
#include "net/http.hpp"
#include "collector/importer.hpp"
#include "readers/quote_feed.hpp"
#include "readers/wise.hpp"
#include "readers/worldbank_api.hpp"
#include "store/collect_records.hpp"
#include "store/figures.hpp"
#include "store/records.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <set>

namespace rw::collector {

namespace {

constexpr const char* k_ecb = "ecb";
constexpr const char* k_wise = "wise";
constexpr const char* k_feed = "feed";
constexpr const char* k_worldbank = "worldbank";

// An exclusive lock on the archive directory for the process's lifetime.
class CollectLock
{
public:
  static util::Expected<CollectLock> take(const std::filesystem::path& directory)
  {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    const auto path = directory / ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return util::make_error(util::ErrorKind::io, fmt::format("{}: cannot open the lock", path.string()));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("another remitwatch collect is running with the archive {}; try again "
                                          "when it has finished",
                                          directory.string()));
    }
    return CollectLock(fd);
  }
  CollectLock(CollectLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
  {
  }
  CollectLock& operator=(CollectLock&&) = delete;
  ~CollectLock()
  {
    if (m_fd >= 0) {
      ::close(m_fd); // releases the lock
    }
  }

private:
  explicit CollectLock(int fd)
    : m_fd(fd)
  {
  }
  int m_fd = -1;
};

std::string
header(const net::HttpResponse& response, const std::string& name)
{
  auto it = response.headers.find(name);
  return it != response.headers.end() ? it->second : std::string();
}

std::string
url_encode(const std::string& text)
{
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string
trim_slash(std::string url)
{
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  return url;
}

// The state of one run: counts, the log, the run's id.
class Run
{
public:
  Run(store::Database& database, const Archive& archive, const CollectOptions& options, CollectSummary& summary)
    : m_database(database)
    , m_archive(archive)
    , m_options(options)
    , m_summary(summary)
  {
  }

  void log(const LogEvent& event) const
  {
    if (m_options.log) {
      m_options.log(event);
    }
  }

  void planned(size_t n) { m_summary.requested += n; }

  void advance()
  {
    ++m_done;
    if (m_options.progress) {
      m_options.progress(m_done, m_summary.requested);
    }
  }

  // A request that got no usable answer: recorded with its reason.
  util::Expected<void> fail(const std::string& source, const std::string& corridor, std::optional<double> amount,
                            const std::string& reason)
  {
    ++m_summary.failed;
    m_summary.failures.push_back(fmt::format("{} {}{}: {}", source, corridor,
                                             amount ? fmt::format(" {:g}", *amount) : std::string(), reason));
    log({"error", source, corridor, amount, "failed", reason});
    advance();
    return store::add_run_item(m_database, {m_summary.run_id, source, corridor, amount, false, 0, reason});
  }

  // Archives a body and indexes a response that failed to parse (or was not
  // 200): the raw payload is kept, the reason recorded, nothing else stored.
  util::Expected<void> reject(const std::string& source, const std::string& corridor, std::optional<double> amount,
                              const std::string& url, const net::HttpResponse& response, const std::string& reason)
  {
    auto sha = m_archive.put(response.body);
    if (!sha) {
      return fail(source, corridor, amount, sha.error().message);
    }
    auto transaction = store::Transaction::begin(m_database);
    if (!transaction) {
      return std::unexpected(transaction.error());
    }
    if (auto ok = store::record_response(m_database, {m_summary.run_id, source, net::redact_url(url), m_options.now, *sha,
                                                      response.status, static_cast<std::int64_t>(response.body.size()),
                                                      "failed", reason});
        !ok) {
      return std::unexpected(ok.error());
    }
    if (auto ok = fail(source, corridor, amount, reason); !ok) {
      return ok;
    }
    return transaction->commit();
  }

  // Stores what `write` writes with the response's index row and an ok run
  // item, in one transaction.
  util::Expected<void> accept(const std::string& source, const std::string& corridor, std::optional<double> amount,
                              const std::string& url, const net::HttpResponse& response, const std::string& sha,
                              const std::function<util::Expected<std::int64_t>()>& write, const std::string& note = "")
  {
    auto transaction = store::Transaction::begin(m_database);
    if (!transaction) {
      return std::unexpected(transaction.error());
    }
    auto stored = write();
    if (!stored) {
      return std::unexpected(stored.error());
    }
    if (auto ok = store::record_response(m_database, {m_summary.run_id, source, net::redact_url(url), m_options.now, sha,
                                                      response.status, static_cast<std::int64_t>(response.body.size()),
                                                      "ok", ""});
        !ok) {
      return std::unexpected(ok.error());
    }
    if (auto ok = store::add_run_item(m_database, {m_summary.run_id, source, corridor, amount, true, *stored, note});
        !ok) {
      return std::unexpected(ok.error());
    }
    if (auto ok = transaction->commit(); !ok) {
      return ok;
    }
    ++m_summary.succeeded;
    log({"info", source, corridor, amount, "stored", fmt::format("{} rows{}", *stored, note.empty() ? "" : "; " + note)});
    advance();
    return {};
  }

  // Upserts quotes; counts them.
  util::Expected<std::int64_t> store_quotes(const std::vector<store::QuoteRecord>& quotes)
  {
    auto writer = store::Writer::create(m_database);
    if (!writer) {
      return std::unexpected(writer.error());
    }
    for (const auto& quote : quotes) {
      auto result = writer->upsert_quote(quote, m_summary.run_id);
      if (!result) {
        return std::unexpected(result.error());
      }
      switch (*result) {
      case store::Upsert::inserted: ++m_summary.quotes_new; break;
      case store::Upsert::updated: ++m_summary.quotes_updated; break;
      case store::Upsert::unchanged: ++m_summary.quotes_unchanged; break;
      }
    }
    return static_cast<std::int64_t>(quotes.size());
  }

  store::Database& database() { return m_database; }
  const Archive& archive() const { return m_archive; }
  const CollectOptions& options() const { return m_options; }
  CollectSummary& summary() { return m_summary; }

private:
  store::Database& m_database;
  const Archive& m_archive;
  const CollectOptions& m_options;
  CollectSummary& m_summary;
  size_t m_done = 0;
};

net::HttpOptions
http_options(const CollectConfig& config, const CollectOptions& options)
{
  net::HttpOptions http;
  http.max_concurrency = config.concurrency;
  http.max_per_host = config.per_host;
  http.min_interval_per_host = config.min_interval;
  http.connect_timeout = config.connect_timeout;
  http.total_timeout = config.timeout;
  http.max_attempts = config.max_attempts;
  http.backoff_base = config.backoff;
  http.max_response_bytes = config.max_response_bytes;
  http.user_agent = options.user_agent;
  return http;
}

// ECB reference rates, with a conditional GET.
util::Expected<void>
collect_ecb(Run& run, net::HttpClient& client, const CollectConfig& config)
{
  auto& db = run.database();
  net::HttpRequest request{config.ecb_url};
  auto validators = store::load_validators(db, net::redact_url(config.ecb_url));
  if (!validators) {
    return std::unexpected(validators.error());
  }
  if (*validators) {
    request.if_none_match = (*validators)->etag;
    request.if_modified_since = (*validators)->last_modified;
  }
  auto response = std::move(client.fetch({request}).front());
  if (!response) {
    return run.fail(k_ecb, "*", std::nullopt, response.error().message);
  }
  if (response->status == 304 && *validators) {
    auto transaction = store::Transaction::begin(db);
    if (!transaction) {
      return std::unexpected(transaction.error());
    }
    if (auto ok = store::record_response(db, {run.summary().run_id, k_ecb, net::redact_url(config.ecb_url),
                                              run.options().now, (*validators)->sha256, 304, 0, "not_modified", ""});
        !ok) {
      return ok;
    }
    if (auto ok = store::add_run_item(db, {run.summary().run_id, k_ecb, "*", std::nullopt, true, 0, "not modified"});
        !ok) {
      return ok;
    }
    if (auto ok = transaction->commit(); !ok) {
      return ok;
    }
    ++run.summary().succeeded;
    run.log({"info", k_ecb, "*", std::nullopt, "not_modified", "the rates have not changed since the last fetch"});
    run.advance();
    return {};
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
  return run.accept(k_ecb, "*", std::nullopt, config.ecb_url, *response, *sha, [&]() -> util::Expected<std::int64_t> {
    std::vector<store::Rate> records;
    for (const auto& rate : *rates) {
      records.push_back({date::format("%F", date::sys_days(rate.day)), rate.currency, rate.rate});
    }
    auto changed = store::upsert_rates(db, "ECB", "EUR", records, run.summary().run_id);
    if (!changed) {
      return std::unexpected(changed.error());
    }
    run.summary().rates_changed += *changed;
    if (auto ok = store::save_validators(db, net::redact_url(config.ecb_url),
                                         {header(*response, "etag"), header(*response, "last-modified"), *sha});
        !ok) {
      return std::unexpected(ok.error());
    }
    return static_cast<std::int64_t>(records.size());
  });
}

struct Target
{
  corridors::CorridorKey corridor;
  std::string send_currency, receive_currency;
  int usd = 200;
  std::optional<double> amount; // in the sending currency
};

readers::ImportedQuote
imported(const corridors::CorridorKey& corridor, corridors::Service service, const std::string& send_currency,
         const std::string& receive_currency, double amount, double fee, double rate, std::optional<double> received,
         double benchmark, const std::string& benchmark_source, std::chrono::sys_seconds collected_at, int usd,
         const std::string& source, const std::string& source_ref)
{
  corridors::Quote quote;
  quote.corridor = corridor;
  quote.service = std::move(service);
  quote.send_currency = send_currency;
  quote.receive_currency = receive_currency;
  quote.amount = amount;
  quote.fee = fee;
  quote.rate = rate;
  quote.received = received;
  quote.benchmark = benchmark;
  quote.benchmark_source = benchmark_source;
  quote.collected_at = collected_at;
  quote.source = source;
  quote.method = "api";
  quote.standard_amount_usd = usd;
  readers::ImportedQuote q = readers::observed_quote(std::move(quote));
  q.source_ref = source_ref;
  return q;
}

util::Expected<void>
collect_wise(Run& run, net::HttpClient& client, const CollectConfig& config, const std::vector<Target>& targets)
{
  std::vector<net::HttpRequest> requests;
  std::vector<const Target*> of_request;
  std::vector<std::string> headers;
  if (!config.wise_api_key_env.empty()) {
    const auto& env = run.options().environment;
    std::optional<std::string> key = env ? env(config.wise_api_key_env) : std::nullopt;
    if (!env) {
      if (const char* value = std::getenv(config.wise_api_key_env.c_str()); value != nullptr && *value != '\0') {
        key = value;
      }
    }
    if (key) {
      headers.push_back("Authorization: Bearer " + *key);
    }
  }
  for (const auto& target : targets) {
    const std::string corridor = target.corridor.to_string();
    if (!target.amount) {
      if (auto ok = run.fail(k_wise, corridor, target.usd,
                             fmt::format("no ECB rate to turn USD {} into {}", target.usd, target.send_currency));
          !ok) {
        return ok;
      }
      continue;
    }
    net::HttpRequest request;
    request.url = fmt::format("{}/v4/comparisons/?sourceCurrency={}&targetCurrency={}&sendAmount={:g}",
                              trim_slash(config.wise_base_url), url_encode(target.send_currency),
                              url_encode(target.receive_currency), *target.amount);
    request.headers = headers;
    requests.push_back(std::move(request));
    of_request.push_back(&target);
  }
  auto responses = client.fetch(requests);
  for (size_t i = 0; i < responses.size(); ++i) {
    const Target& target = *of_request[i];
    const std::string corridor = target.corridor.to_string();
    const std::string& url = requests[i].url;
    util::Expected<void> ok;
    if (!responses[i]) {
      ok = run.fail(k_wise, corridor, target.usd, responses[i].error().message);
    } else if (responses[i]->status != 200) {
      ok = run.reject(k_wise, corridor, target.usd, url, *responses[i], fmt::format("HTTP {}", responses[i]->status));
    } else if (auto comparison = readers::parse_wise_comparison(responses[i]->body, net::redact_url(url)); !comparison) {
      ok = run.reject(k_wise, corridor, target.usd, url, *responses[i], comparison.error().message);
    } else if (comparison->source_currency != target.send_currency
               || comparison->target_currency != target.receive_currency
               || std::abs(comparison->send_amount - *target.amount) > 1e-6 * *target.amount) {
      ok = run.reject(k_wise, corridor, target.usd, url, *responses[i],
                      fmt::format("the answer is for {} {}→{}, the request for {:g} {}→{}", comparison->send_amount,
                                  comparison->source_currency, comparison->target_currency, *target.amount,
                                  target.send_currency, target.receive_currency));
    } else if (auto sha = run.archive().put(responses[i]->body); !sha) {
      ok = run.fail(k_wise, corridor, target.usd, sha.error().message);
    } else {
      std::vector<store::QuoteRecord> records;
      for (const auto& w : comparison->quotes) {
        corridors::Service service;
        service.provider = w.provider;
        service.firm_type = w.firm_type;
        service.speed = w.speed;
        auto record = to_record(imported(target.corridor, service, target.send_currency, target.receive_currency,
                                         comparison->send_amount, w.fee, w.rate, w.received, comparison->mid_rate,
                                         "wise-mid", w.collected_at, target.usd, k_wise, w.alias));
        record.raw_ref = *sha;
        records.push_back(std::move(record));
      }
      ok = run.accept(k_wise, corridor, target.usd, url, *responses[i], *sha, [&] { return run.store_quotes(records); });
    }
    if (!ok) {
      return ok;
    }
  }
  return {};
}

// The ECB cross rate from → to on the newest ECB day on or before `day`.
struct CrossRate
{
  double rate = 0;
  std::string day;
};

util::Expected<std::optional<CrossRate>>
ecb_cross(store::Database& db, const std::string& from, const std::string& to, const std::string& day)
{
  auto rates = store::latest_rates(db, "ECB", "EUR", day);
  if (!rates) {
    return std::unexpected(rates.error());
  }
  if (!*rates) {
    return std::optional<CrossRate>();
  }
  const auto per_eur = [&](const std::string& currency) -> std::optional<double> {
    if (currency == "EUR") {
      return 1.0;
    }
    auto it = (*rates)->rates.find(currency);
    return it != (*rates)->rates.end() ? std::optional(it->second) : std::nullopt;
  };
  auto a = per_eur(from);
  auto b = per_eur(to);
  if (!a || !b) {
    return std::optional<CrossRate>();
  }
  return std::optional(CrossRate{*b / *a, (*rates)->day});
}

util::Expected<void>
collect_feeds(Run& run, net::HttpClient& client, const CollectConfig& config, const std::set<std::string>& corridors,
              const std::set<int>& amounts)
{
  std::vector<net::HttpRequest> requests;
  requests.reserve(config.feed_urls.size());
  for (const auto& url : config.feed_urls) {
    requests.push_back(net::HttpRequest{url});
  }
  auto responses = client.fetch(requests);
  for (size_t i = 0; i < responses.size(); ++i) {
    const std::string& url = requests[i].url;
    const std::string shown = net::redact_url(url);
    util::Expected<void> ok;
    if (!responses[i]) {
      ok = run.fail(k_feed, shown, std::nullopt, responses[i].error().message);
    } else if (responses[i]->status != 200) {
      ok = run.reject(k_feed, shown, std::nullopt, url, *responses[i], fmt::format("HTTP {}", responses[i]->status));
    } else if (auto feed = readers::parse_quote_feed(responses[i]->body, shown); !feed) {
      ok = run.reject(k_feed, shown, std::nullopt, url, *responses[i], feed.error().message);
    } else if (auto sha = run.archive().put(responses[i]->body); !sha) {
      ok = run.fail(k_feed, shown, std::nullopt, sha.error().message);
    } else {
      std::vector<store::QuoteRecord> records;
      size_t without_benchmark = 0, stale = 0;
      for (const auto& f : feed->quotes) {
        if (!corridors.contains(f.corridor.to_string()) || !amounts.contains(f.standard_amount_usd)) {
          continue;
        }
        double benchmark = 0;
        std::string benchmark_source;
        std::string flag;
        if (f.benchmark) {
          benchmark = *f.benchmark;
          benchmark_source = f.benchmark_source;
        } else {
          const std::string day = date::format("%F", std::chrono::floor<date::days>(f.collected_at));
          auto cross = ecb_cross(run.database(), f.currency, f.receive_currency, day);
          if (!cross) {
            return std::unexpected(cross.error());
          }
          if (!*cross) {
            ++without_benchmark;
            continue;
          }
          benchmark = (*cross)->rate;
          benchmark_source = "ECB " + (*cross)->day;
          auto ecb_day = util::parse_timestamp((*cross)->day + "T00:00:00Z");
          const double age = ecb_day ? std::chrono::duration<double>(f.collected_at - *ecb_day).count() / 86400 : 0;
          if (age > config.max_benchmark_age_days) {
            ++stale;
            flag = fmt::format("stale benchmark: ECB rates of {}, {:.1f} days before the quote", (*cross)->day, age);
          }
        }
        corridors::Service service;
        service.provider = f.provider;
        service.firm_type = f.firm_type;
        service.payment_instrument = f.payment_instrument;
        service.receiving_method = f.receiving_method;
        service.speed = f.speed;
        service.accessible = f.accessible;
        auto q = imported(f.corridor, service, f.currency, f.receive_currency, f.amount, f.fee, f.rate, f.received,
                          benchmark, benchmark_source, f.collected_at, f.standard_amount_usd, k_feed, feed->publisher);
        q.quote.method = "feed";
        q.flagged = !flag.empty();
        q.flag_reason = flag;
        auto record = to_record(q);
        record.raw_ref = *sha;
        records.push_back(std::move(record));
      }
      std::string note;
      if (without_benchmark > 0) {
        note = fmt::format("{} quotes left out: no benchmark (the feed gives none and the ECB has no rate for the pair)",
                           without_benchmark);
      }
      if (stale > 0) {
        note += fmt::format("{}{} quotes flagged: stale benchmark", note.empty() ? "" : "; ", stale);
      }
      ok = run.accept(k_feed, shown, std::nullopt, url, *responses[i], *sha, [&] { return run.store_quotes(records); },
                      note);
    }
    if (!ok) {
      return ok;
    }
  }
  return {};
}

util::Expected<void>
collect_worldbank(Run& run, net::HttpClient& client, const CollectConfig& config)
{
  for (const auto& indicator : config.worldbank_indicators) {
    int page = 1, pages = 1;
    while (page <= pages) {
      // XML, the API's default; one page holds every country for recent years.
      const std::string url = fmt::format("{}/country/all/indicator/{}?per_page=20000&page={}",
                                          trim_slash(config.worldbank_base_url), url_encode(indicator), page);
      if (page > 1) {
        run.planned(1);
      }
      auto response = std::move(client.fetch({net::HttpRequest{url}}).front());
      util::Expected<void> ok;
      const std::string item = fmt::format("{} page {}", indicator, page);
      if (!response) {
        ok = run.fail(k_worldbank, item, std::nullopt, response.error().message);
      } else if (response->status != 200) {
        ok = run.reject(k_worldbank, item, std::nullopt, url, *response, fmt::format("HTTP {}", response->status));
      } else if (auto values = readers::parse_worldbank(response->body, net::redact_url(url)); !values) {
        ok = run.reject(k_worldbank, item, std::nullopt, url, *response, values.error().message);
      } else if (auto sha = run.archive().put(response->body); !sha) {
        ok = run.fail(k_worldbank, item, std::nullopt, sha.error().message);
      } else {
        pages = std::max(1, values->pages);
        ok = run.accept(k_worldbank, item, std::nullopt, url, *response, *sha, [&]() -> util::Expected<std::int64_t> {
          std::vector<store::ReferenceRecord> records;
          for (const auto& v : values->values) {
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
        });
      }
      if (!ok) {
        return ok;
      }
      ++page;
    }
  }
  return {};
}

bool
enabled(const CollectConfig& config, const std::string& source)
{
  return std::ranges::find(config.sources, source) != config.sources.end();
}

} // namespace

std::optional<double>
standard_amount(int usd, const std::string& currency, const std::map<std::string, double>& rates_per_eur)
{
  if (currency == "USD") {
    return static_cast<double>(usd); // no conversion, no rate needed
  }
  const auto per_eur = [&](const std::string& c) -> std::optional<double> {
    if (c == "EUR") {
      return 1.0;
    }
    auto it = rates_per_eur.find(c);
    return it != rates_per_eur.end() && it->second > 0 ? std::optional(it->second) : std::nullopt;
  };
  auto dollar = per_eur("USD");
  auto local = per_eur(currency);
  if (!dollar || !local) {
    return std::nullopt;
  }
  const double exact = usd * *local / *dollar;
  // Three significant figures: 18,152.3 → 18,200; 182.47 → 182.
  const double magnitude = std::pow(10.0, std::floor(std::log10(exact)) - 2);
  return std::round(exact / magnitude) * magnitude;
}

util::Expected<CollectSummary>
collect(store::Database& database,
        const corridors::Catalogue& catalogue,
        const CollectConfig& config,
        const std::filesystem::path& archive_dir,
        const CollectOptions& options)
{
  CollectSummary summary;
  // The corridors and their currencies.
  std::vector<corridors::CorridorKey> keys;
  if (config.corridors.empty()) {
    for (const auto& info : catalogue.corridors()) {
      keys.push_back(info.key);
    }
  }
  for (const auto& text : config.corridors) {
    auto key = corridors::CorridorKey::parse(text);
    if (!key) {
      return util::make_error(util::ErrorKind::invalid_argument, fmt::format("corridor '{}': {}", text, key.error().message));
    }
    keys.push_back(*key);
  }
  std::vector<Target> targets;
  std::set<std::string> corridor_names;
  for (const auto& key : keys) {
    const auto* sender = catalogue.find_country(key.sender);
    const auto* receiver = catalogue.find_country(key.receiver);
    if (sender == nullptr || receiver == nullptr) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("corridor {}: {} is not in the catalogue, so its currency is unknown",
                                          key.to_string(), sender == nullptr ? key.sender : key.receiver));
    }
    corridor_names.insert(key.to_string());
    for (const int usd : config.amounts) {
      targets.push_back({key, sender->currency, receiver->currency, usd, std::nullopt});
    }
  }
  const std::set<int> amounts(config.amounts.begin(), config.amounts.end());

  const bool ecb = enabled(config, k_ecb), wise = enabled(config, k_wise), feed = enabled(config, k_feed),
             worldbank = enabled(config, k_worldbank);
  if (options.dry_run) {
    if (ecb) {
      summary.plan.push_back(fmt::format("ecb: GET {}", net::redact_url(config.ecb_url)));
    }
    if (wise) {
      for (const auto& t : targets) {
        summary.plan.push_back(fmt::format("wise: {} USD {} in {} → {}: GET {}/v4/comparisons/?sourceCurrency={}&"
                                           "targetCurrency={}&sendAmount=…",
                                           t.corridor.to_string(), t.usd, t.send_currency, t.receive_currency,
                                           net::redact_url(trim_slash(config.wise_base_url)), t.send_currency,
                                           t.receive_currency));
      }
    }
    if (feed) {
      for (const auto& url : config.feed_urls) {
        summary.plan.push_back(fmt::format("feed: GET {}", net::redact_url(url)));
      }
    }
    if (worldbank) {
      for (const auto& indicator : config.worldbank_indicators) {
        summary.plan.push_back(fmt::format("worldbank: GET {}/country/all/indicator/{}?per_page=20000&page=1",
                                           net::redact_url(trim_slash(config.worldbank_base_url)), indicator));
      }
    }
    summary.requested = summary.plan.size();
    summary.coverage = 100;
    return summary;
  }

  auto lock = CollectLock::take(archive_dir);
  if (!lock) {
    return std::unexpected(lock.error());
  }
  const Archive archive(archive_dir);
  // Repair what a killed run left: its run record and any unindexed body.
  if (auto closed = store::close_interrupted_runs(database, options.now); !closed) {
    return std::unexpected(closed.error());
  }
  auto referenced = store::archived_hashes(database);
  if (!referenced) {
    return std::unexpected(referenced.error());
  }
  if (auto removed = archive.remove_unreferenced({referenced->begin(), referenced->end()}); !removed) {
    return std::unexpected(removed.error());
  }

  {
    auto writer = store::Writer::create(database);
    if (!writer) {
      return std::unexpected(writer.error());
    }
    auto id = writer->begin_run({0, "collect", "collect", config.origin.empty() ? "defaults" : config.origin, "",
                                 options.now});
    if (!id) {
      return std::unexpected(id.error());
    }
    summary.run_id = *id;
  }
  Run run(database, archive, options, summary);
  run.planned((ecb ? 1 : 0) + (wise ? targets.size() : 0) + (feed ? config.feed_urls.size() : 0)
              + (worldbank ? config.worldbank_indicators.size() : 0));
  net::HttpClient client(http_options(config, options));

  if (ecb) {
    if (auto ok = collect_ecb(run, client, config); !ok) {
      return std::unexpected(ok.error());
    }
  }
  auto rates = store::latest_rates(database, "ECB", "EUR");
  if (!rates) {
    return std::unexpected(rates.error());
  }
  if (*rates) {
    auto day = util::parse_timestamp((*rates)->day + "T00:00:00Z");
    auto now = util::parse_timestamp(options.now);
    if (day && now) {
      const double age = std::chrono::duration<double>(*now - *day).count() / 86400;
      if (age > config.max_benchmark_age_days) {
        summary.benchmark_stale = true;
        run.log({"warning", k_ecb, "*", std::nullopt, "stale",
                 fmt::format("the newest ECB rates are of {}, {:.1f} days old (at most {:g})", (*rates)->day, age,
                             config.max_benchmark_age_days)});
      }
    }
  }
  for (auto& target : targets) {
    target.amount = standard_amount(target.usd, target.send_currency, *rates ? (*rates)->rates
                                                                             : std::map<std::string, double>());
  }
  if (wise) {
    if (auto ok = collect_wise(run, client, config, targets); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (feed) {
    if (auto ok = collect_feeds(run, client, config, corridor_names, amounts); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (worldbank) {
    if (auto ok = collect_worldbank(run, client, config); !ok) {
      return std::unexpected(ok.error());
    }
  }

  summary.coverage = summary.requested == 0 ? 100.0
                                            : 100.0 * static_cast<double>(summary.succeeded)
                                                / static_cast<double>(summary.requested);
  const std::string status = summary.failed == 0 ? "ok" : (summary.succeeded > 0 ? "partial" : "failed");
  const std::string message =
    fmt::format("coverage {:.1f} % ({} of {} requests); quotes: {} new, {} updated, {} unchanged{}", summary.coverage,
                summary.succeeded, summary.requested, summary.quotes_new, summary.quotes_updated,
                summary.quotes_unchanged, summary.benchmark_stale ? "; ECB benchmark stale" : "");
  // The quarters this run changed (each response was committed on its own)
  // are packed again for the readers, with the run's end.
  auto transaction = store::Transaction::begin(database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto packed = store::refresh_quote_figures(database); !packed) {
    return std::unexpected(packed.error());
  }
  auto writer = store::Writer::create(database);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  store::RunRecord record{summary.run_id, "collect", "collect", "", "", options.now};
  record.rows_read = static_cast<std::int64_t>(summary.requested);
  record.imported = static_cast<std::int64_t>(summary.quotes_new);
  record.updated = static_cast<std::int64_t>(summary.quotes_updated);
  record.unchanged = static_cast<std::int64_t>(summary.quotes_unchanged);
  record.rejected = static_cast<std::int64_t>(summary.failed);
  if (auto ok = writer->finish_run(record, status, message, util::format_timestamp(std::chrono::floor<std::chrono::seconds>(
                                                              std::chrono::system_clock::now())));
      !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  run.log({"info", "collect", "", std::nullopt, "finished", message});
  return summary;
}

} // namespace rw::collector
