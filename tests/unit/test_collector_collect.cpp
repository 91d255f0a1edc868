#include "collector/archive.hpp"
#include "collector/collect.hpp"
#include "collector/config.hpp"
#include "collector/ecb_rates.hpp"
#include "calculator/cost.hpp"
#include "readers/quote_feed.hpp"
#include "readers/wise.hpp"
#include "store/records.hpp"
#include "store/collect_records.hpp"
#include "store/database.hpp"
#include "store/dump.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/postgres_support.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <random>
#include <fstream>
#include <set>
#include <thread>

using namespace std::chrono_literals;
using rw::test::TestReply;
using rw::test::TestRequest;

namespace {

// ECB rates written for the tests: units per EUR on 2025-05-09.
const std::map<std::string, double> k_rates = {{"USD", 1.10}, {"GBP", 0.85}, {"MXN", 22.0}, {"INR", 95.0},
                                               {"PHP", 62.0}, {"CNY", 8.0},  {"TRY", 43.0}, {"CAD", 1.5},
                                               {"AUD", 1.7},  {"CHF", 0.95}, {"JPY", 165.0}};

std::string
ecb_xml()
{
  std::string cubes;
  for (const auto& [currency, rate] : k_rates) {
    if (currency != "EUR") {
      cubes += fmt::format("      <Cube currency='{}' rate='{}'/>\n", currency, rate);
    }
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" "
                     "xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n"
                     "  <gesmes:subject>Reference rates</gesmes:subject>\n  <Cube>\n    <Cube time='2025-05-09'>\n{}"
                     "    </Cube>\n  </Cube>\n</gesmes:Envelope>\n",
                     cubes);
}

struct WiseProvider
{
  std::string name, alias, type;
  double rate_factor = 1; // of the mid rate
  double fee = 0;
};

// A Wise v4 comparison in the real shape: Wise itself at the mid rate, a bank
// and an MTO; the mid rate from the test's ECB rates.
std::string
wise_json(const std::string& from, const std::string& to, double amount, double fee_override = -1,
          double rate_override = -1)
{
  const auto per_eur = [](const std::string& c) { return c == "EUR" ? 1.0 : k_rates.at(c); };
  const double mid = per_eur(to) / per_eur(from);
  const std::vector<WiseProvider> providers = {{"Wise", "wise", "moneyTransferProvider", 1.0, 1.5},
                                               {"Example Bank", "example-bank", "bank", 0.97, 5.0},
                                               {"Swift Remit", "swift-remit", "moneyTransferProvider", 0.99, 2.0}};
  std::string items;
  for (size_t i = 0; i < providers.size(); ++i) {
    const auto& p = providers[i];
    const double rate = rate_override >= 0 && i == 1 ? rate_override : mid * p.rate_factor;
    const double fee = fee_override != -1 && i == 2 ? fee_override : p.fee;
    items += fmt::format(
      R"({}{{"id":{},"alias":"{}","name":"{}","type":"{}","quotes":[{{"rate":{},"fee":{},"markup":{},)"
      R"("receivedAmount":{:.2f},"dateCollected":"2025-05-10T06:00:00Z",)"
      R"("deliveryEstimation":{{"duration":{{"min":null,"max":"PT{}H"}}}}}}]}})",
      i > 0 ? "," : "", i + 1, p.alias, p.name, p.type, rate, fee, (1 - p.rate_factor) * 100, (amount - fee) * rate,
      i == 1 ? 48 : 1);
  }
  return fmt::format(R"({{"sourceCurrency":"{}","targetCurrency":"{}","amount":{},"amountType":"SEND","providers":[{}]}})",
                     from, to, amount, items);
}

std::string
query_value(const std::string& target, const std::string& key)
{
  const auto at = target.find(key + "=");
  if (at == std::string::npos) {
    return "";
  }
  const auto start = at + key.size() + 1;
  return target.substr(start, target.find('&', start) - start);
}

const char* k_worldbank_xml = R"(<?xml version="1.0" encoding="utf-8"?>
<wb:data page="1" pages="1" per_page="20000" total="2" sourceid="2" lastupdated="2025-04-15" xmlns:wb="http://www.worldbank.org">
  <wb:data>
    <wb:indicator id="SI.RMT.COST.IB.ZS">Average transaction cost of sending remittances to a specific country (%)</wb:indicator>
    <wb:country id="MX">Mexico</wb:country>
    <wb:countryiso3code>MEX</wb:countryiso3code>
    <wb:date>2023</wb:date>
    <wb:value>4.5</wb:value>
  </wb:data>
  <wb:data>
    <wb:indicator id="SI.RMT.COST.IB.ZS">Average transaction cost of sending remittances to a specific country (%)</wb:indicator>
    <wb:country id="IN">India</wb:country>
    <wb:countryiso3code>IND</wb:countryiso3code>
    <wb:date>2023</wb:date>
    <wb:value />
  </wb:data>
</wb:data>
)";

const char* k_worldbank_json =
  R"([{"page":1,"pages":1,"per_page":20000,"total":1,"sourceid":"2","lastupdated":"2025-04-15"},)"
  R"([{"indicator":{"id":"SI.RMT.COST.OB.ZS","value":"x"},"country":{"id":"US","value":"United States"},)"
  R"("countryiso3code":"USA","date":"2023","value":5.9,"unit":"","obs_status":"","decimal":1}]])";

// The fault plan, by currency pair (the corridor it stands for in a comment).
struct Faults
{
  std::atomic<int> php_calls{0}, cny_calls{0};
  std::string feed = rw::util::read_file(rw::test::source_dir() / "tests/fixtures/collector/quote-feed.xml").value();

  TestReply answer(const TestRequest& request)
  {
    const std::string& t = request.target;
    if (t.starts_with("/ecb/")) {
      if (request.headers.contains("if-none-match") && request.headers.at("if-none-match") == "\"rates-1\"") {
        return {304, {{"ETag", "\"rates-1\""}}, ""};
      }
      return {200, {{"ETag", "\"rates-1\""}, {"Content-Type", "text/xml"}}, ecb_xml()};
    }
    if (t.starts_with("/feed/good.xml")) {
      return {200, {}, feed};
    }
    if (t.starts_with("/feed/late.xml")) { // the USA-MEX quote nine days later
      std::string late = feed;
      const auto at = late.find("2025-05-10T07:30:00Z");
      return {200, {}, late.replace(at, 20, "2025-05-19T07:30:00Z")};
    }
    if (t.starts_with("/wise-key/")
        && (!request.headers.contains("authorization") || request.headers.at("authorization") != "Bearer t0ken")) {
      return {401, {}, "unauthorized"};
    }
    if (t.starts_with("/feed/bad.xml")) {
      return {200, {}, "<quoteFeed version=\"1\" publisher=\"x\"><provider name=\"y\" type=\"mto\">"};
    }
    if (t.starts_with("/wb/")) {
      return {200, {}, t.find("OB.ZS") != std::string::npos ? k_worldbank_json : k_worldbank_xml};
    }
    const std::string from = query_value(t, "sourceCurrency"), to = query_value(t, "targetCurrency");
    const double amount = std::stod(query_value(t, "sendAmount"));
    const std::string pair = from + to;
    if (pair == "USDINR") { // USA-IND: the server is down
      return {500, {}, "internal error"};
    }
    if (pair == "USDPHP" && ++php_calls == 1) { // USA-PHL: busy once
      return {503, {{"Retry-After", "1"}}, "busy"};
    }
    if (pair == "USDCNY" && ++cny_calls == 1) { // USA-CHN: rate limited once
      return {429, {{"Retry-After", "0"}}, "slow down"};
    }
    if (pair == "GBPINR") { // GBR-IND: connection reset
      TestReply reply;
      reply.reset = true;
      return reply;
    }
    if (pair == "GBPPHP") { // GBR-PHL: a body slower than the timeout
      TestReply reply{200, {}, wise_json(from, to, amount)};
      reply.slow_body = 3000ms;
      return reply;
    }
    if (pair == "GBPCNY") { // GBR-CHN: cut short
      TestReply reply{200, {}, wise_json(from, to, amount)};
      reply.truncate = true;
      return reply;
    }
    if (pair == "EURTRY") { // FRA-TUR: malformed JSON
      return {200, {}, R"({"sourceCurrency":"EUR","providers":[{"name":)"};
    }
    if (pair == "CADINR") { // CAN-IND: far larger than the limit
      return {200, {}, std::string(400 * 1024, ' ') + wise_json(from, to, amount)};
    }
    if (pair == "AUDINR") { // AUS-IND: the answer is for another pair
      return {200, {}, wise_json("USD", "MXN", 200)};
    }
    if (pair == "CHFTRY") { // CHE-TUR: a negative fee
      return {200, {}, wise_json(from, to, amount, -2.0)};
    }
    if (pair == "JPYPHP") { // JPN-PHL: a rate of 0
      return {200, {}, wise_json(from, to, amount, -1, 0.0)};
    }
    return {200, {}, wise_json(from, to, amount)};
  }
};

rw::collector::CollectConfig
test_config(const rw::test::HttpTestServer& server, std::vector<std::string> corridors)
{
  rw::collector::CollectConfig config;
  config.corridors = std::move(corridors);
  config.amounts = {200};
  config.ecb_url = server.url("/ecb/eurofxref-daily.xml");
  config.wise_base_url = server.url("/wise/");
  config.feed_urls = {server.url("/feed/good.xml"), server.url("/feed/bad.xml?token=s3cret")};
  config.worldbank_base_url = server.url("/wb");
  config.concurrency = 8;
  config.per_host = 8;
  config.min_interval = 0ms;
  config.connect_timeout = 1000ms;
  config.timeout = 1000ms;
  config.max_attempts = 3;
  config.backoff = 10ms;
  config.max_response_bytes = 256 * 1024;
  config.origin = "test";
  return config;
}

const std::vector<std::string> k_fault_corridors = {"USA-MEX", "USA-IND", "USA-PHL", "USA-CHN", "GBR-IND", "GBR-PHL",
                                                    "GBR-CHN", "FRA-TUR", "CAN-IND", "AUS-IND", "CHE-TUR", "JPN-PHL"};

std::map<std::string, std::string>
failures_by_corridor(const rw::collector::CollectSummary& summary)
{
  std::map<std::string, std::string> out;
  for (const auto& failure : summary.failures) {
    const auto space = failure.find(' ');
    const auto second = failure.find(' ', space + 1);
    out[failure.substr(space + 1, second - space - 1)] = failure;
  }
  return out;
}

// A new database with the current schema.
rw::util::Expected<rw::store::Database>
fresh_database(const std::filesystem::path& path)
{
  auto db = rw::store::Database::open(path);
  REQUIRE(db);
  REQUIRE(rw::store::migrate(*db));
  return db;
}

rw::collector::CollectOptions
quiet(const std::string& now)
{
  rw::collector::CollectOptions options;
  options.now = now;
  return options;
}

} // namespace

TEST_SUITE("collector::collect")
{
  TEST_CASE("standard amounts: USD 200 and 500 in the sending currency, three significant figures"
            * rw::test::no_store())
  {
    using rw::collector::standard_amount;
    CHECK(standard_amount(200, "USD", k_rates) == 200);
    CHECK(standard_amount(200, "GBP", k_rates) == doctest::Approx(155)); // 200 × 0.85 / 1.10 = 154.5
    CHECK(standard_amount(200, "EUR", k_rates) == doctest::Approx(182)); // 200 / 1.10 = 181.8
    CHECK(standard_amount(500, "MXN", k_rates) == doctest::Approx(10000)); // 500 × 22 / 1.1 = 10000
    CHECK(standard_amount(200, "JPY", k_rates) == doctest::Approx(30000)); // 200 × 165 / 1.1
    CHECK(standard_amount(200, "INR", k_rates) == doctest::Approx(17300)); // 17,272.7
    CHECK_FALSE(standard_amount(200, "KES", k_rates)); // no ECB rate
  }

  TEST_CASE("every fault: the run finishes, each failure is recorded with its reason, nothing valid is lost")
  {
    Faults faults;
    rw::test::HttpTestServer server([&](const TestRequest& r) { return faults.answer(r); });
    rw::test::TempDir dir;
    auto db = fresh_database(rw::test::store_at(dir.path() / "c.db"));
    const auto archive_dir = dir.path() / "archive";
    const auto config = test_config(server, k_fault_corridors);
    auto summary = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, archive_dir,
                                          quiet("2025-05-10T12:00:00Z"));
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    // 1 ECB + 12 Wise + 2 feeds + 2 World Bank indicators.
    CHECK(summary->requested == 17);
    CHECK(summary->succeeded == 7); // ECB, USA-MEX, USA-PHL, USA-CHN, the good feed, both indicators
    CHECK(summary->failed == 10);
    CHECK(summary->coverage == doctest::Approx(700.0 / 17));
    CHECK_FALSE(summary->benchmark_stale); // rates of 2025-05-09, a day old
    const auto failures = failures_by_corridor(*summary);
    const std::map<std::string, std::string> reasons = {
      {"USA-IND", "HTTP 500"},
      {"GBR-IND", ""},            // a reset: curl's words for it vary
      {"GBR-PHL", "imeout"},      // "Timeout was reached"
      {"GBR-CHN", ""},            // cut short: "transfer closed with … bytes remaining"
      {"FRA-TUR", "JSON"},        // not well-formed
      {"CAN-IND", "larger than"}, // the size limit
      {"AUS-IND", "the answer is for 200 USD→MXN, the request for 309 AUD→INR"},
      {"CHE-TUR", "'fee' is missing or negative"},
      {"JPN-PHL", "rate"},
    };
    for (const auto& [corridor, reason] : reasons) {
      REQUIRE_MESSAGE(failures.contains(corridor), corridor);
      CHECK_MESSAGE(failures.at(corridor).find(reason) != std::string::npos, failures.at(corridor));
    }
    const auto bad_feed = std::ranges::find_if(summary->failures, [](const auto& f) { return f.starts_with("feed"); });
    REQUIRE(bad_feed != summary->failures.end());
    CHECK(bad_feed->find("not well-formed XML") != std::string::npos);
    CHECK(bad_feed->find("s3cret") == std::string::npos); // the token is redacted

    // Stored: 3 providers each for USA-MEX, USA-PHL and USA-CHN; 2 feed quotes
    // (DEU-TUR is not collected); nothing from a failed response.
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 11);
    CHECK(*db->query_int("SELECT count(*) FROM quotes q JOIN services s ON s.id = q.service_id "
                         "JOIN corridors c ON c.id = s.corridor_id WHERE c.sender || '-' || c.receiver "
                         "IN ('USA-IND','GBR-PHL','GBR-CHN','FRA-TUR','CAN-IND','AUS-IND','CHE-TUR','JPN-PHL')")
          == 0);
    CHECK(*db->query_int("SELECT count(*) FROM benchmark_rates") == static_cast<long long>(k_rates.size()));
    CHECK(*db->query_int("SELECT count(*) FROM reference_values") == 3);
    CHECK(*db->query_int("SELECT count(*) FROM reference_values WHERE value IS NULL") == 1); // India: no value
    // The feed's USA-MEX quote is costed against the ECB cross rate 22 / 1.1 = 20.
    CHECK(*db->query_int("SELECT count(*) FROM quotes WHERE source = 'feed' AND abs(benchmark - 20.0) < 1e-9") == 1);
    CHECK(*db->query_int("SELECT count(*) FROM quotes WHERE source = 'feed' AND benchmark_source = 'portal mid 07:00'")
          == 1);
    // Failed responses with a body keep it, with the reason: malformed JSON,
    // wrong pair, negative fee, rate 0, the bad feed.
    CHECK(*db->query_int("SELECT count(*) FROM responses WHERE parse_status = 'failed'") == 5);
    const rw::collector::Archive archive(archive_dir);
    auto stored = archive.stored();
    REQUIRE(stored);
    auto referenced = rw::store::archived_hashes(*db);
    REQUIRE(referenced);
    CHECK(*stored == std::set<std::string>(referenced->begin(), referenced->end()));
    CHECK(*db->query_int("SELECT count(*) FROM responses WHERE url LIKE '%s3cret%'") == 0);
    // The run and its items.
    CHECK(*db->query_int("SELECT count(*) FROM run_items WHERE status = 'failed'") == 10);
    CHECK(*db->query_int("SELECT status = 'partial' FROM runs WHERE id = 1") == 1);

    // Again: nothing stored twice; the ECB answers 304 to the conditional GET.
    auto again = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, archive_dir,
                                        quiet("2025-05-10T13:00:00Z"));
    REQUIRE(again);
    CHECK(again->quotes_new == 0);
    CHECK(again->quotes_unchanged == 11);
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 11);
    CHECK(*db->query_int("SELECT count(*) FROM responses WHERE parse_status = 'not_modified'") == 1);
    CHECK(again->rates_changed == 0);
    // No foreign key broken (SQLite's foreign_key_check; PostgreSQL checks as it writes).
    const auto integrity = rw::store::integrity_check(*db);
    REQUIRE(integrity);
    CHECK_MESSAGE(*integrity == "ok", *integrity);
  }

  TEST_CASE("a stale benchmark is flagged; a second collector on the same archive is refused")
  {
    Faults faults;
    rw::test::HttpTestServer server([&](const TestRequest& r) { return faults.answer(r); });
    rw::test::TempDir dir;
    auto db = fresh_database(rw::test::store_at(dir.path() / "c.db"));
    auto config = test_config(server, {"USA-MEX"});
    config.sources = {"ecb", "feed"};
    config.feed_urls = {server.url("/feed/good.xml"), server.url("/feed/late.xml")};
    REQUIRE(config.max_benchmark_age_days == rw::calculator::k_default_benchmark_max_age_days);
    // Ten days after the rates' day: the run's benchmark is stale (older than 3 days).
    auto summary = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir.path() / "archive",
                                          quiet("2025-05-19T12:00:00Z"));
    REQUIRE(summary);
    CHECK(summary->benchmark_stale);
    // Both feeds' USA-MEX quotes are costed against the ECB rates of 2025-05-09.
    // good.xml's was collected 2025-05-10T07:30, 1.3 days after them: not
    // flagged. late.xml's was collected 2025-05-19T07:30, 10 days 7.5 hours
    // = 10.3125 days after them (more than 3): flagged, with the age.
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 2);
    CHECK(*db->query_int("SELECT count(*) FROM quotes WHERE flagged = 0 AND collected_at = '2025-05-10T07:30:00Z'")
          == 1);
    auto flagged = db->prepare("SELECT collected_at, flag_reason FROM quotes WHERE flagged = 1");
    REQUIRE(flagged);
    REQUIRE(*flagged->step());
    CHECK(flagged->column_text(0) == "2025-05-19T07:30:00Z");
    CHECK(flagged->column_text(1) == "stale benchmark: ECB rates of 2025-05-09, 10.3 days before the quote");
    CHECK_FALSE(*flagged->step());
    // The feed's run item says how many of its quotes were flagged.
    CHECK(*db->query_int("SELECT count(*) FROM run_items WHERE source = 'feed' AND reason = '1 quotes flagged: stale "
                         "benchmark'")
          == 1);

    // Hold the lock as a running collector would.
    const int fd = ::open((dir.path() / "archive/.lock").c_str(), O_RDWR);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    auto refused = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir.path() / "archive",
                                          quiet("2025-05-19T12:00:00Z"));
    ::close(fd);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("another remitwatch collect is running") != std::string::npos);
  }

  TEST_CASE("a stored ECB rate that is not positive: the request or quote it would price is left out, with the "
            "reason")
  {
    // Standard amounts: USD 200 in GBP needs 0.85 / 1.10; a GBP rate of 0 is refused by the calculator.
    const std::map<std::string, double> zero_gbp = {{"USD", 1.10}, {"GBP", 0.0}};
    auto amount = rw::collector::standard_amount(200, "GBP", zero_gbp);
    REQUIRE_FALSE(amount);
    CHECK(amount.error().message
          == "cannot turn USD 200 into GBP: ECB rate of the receiving currency must be positive (got 0)");
    CHECK(rw::collector::standard_amount(200, "KES", zero_gbp).error().message
          == "no ECB rate to turn USD 200 into KES");

    // A feed quote without a benchmark of its own, on a day whose stored MXN rate is 0.
    Faults faults;
    rw::test::HttpTestServer server([&](const TestRequest& r) { return faults.answer(r); });
    rw::test::TempDir dir;
    auto db = fresh_database(rw::test::store_at(dir.path() / "c.db"));
    // The schema refuses such a rate (CHECK rate > 0); planted past the check
    // as a damaged database could hold it (on PostgreSQL, the check dropped).
    const std::string plant = "INSERT INTO benchmark_rates (source, day, base, currency, rate) VALUES "
                              "('ECB', '2025-05-09', 'EUR', 'USD', 1.10), ('ECB', '2025-05-09', 'EUR', 'MXN', 0);";
    REQUIRE(db->exec(db->is_postgres()
                       ? "ALTER TABLE benchmark_rates DROP CONSTRAINT benchmark_rates_rate_check; " + plant
                       : "PRAGMA ignore_check_constraints = ON; " + plant + " PRAGMA ignore_check_constraints = OFF;"));
    auto config = test_config(server, {"USA-MEX"});
    config.sources = {"feed"};
    config.feed_urls = {server.url("/feed/good.xml")};
    std::vector<rw::collector::LogEvent> events;
    auto options = quiet("2025-05-10T12:00:00Z");
    options.log = [&](const rw::collector::LogEvent& e) { events.push_back(e); };
    auto summary = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir.path() / "archive", options);
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    CHECK(summary->succeeded == 1); // the feed itself was read
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 0);
    const auto skipped = std::ranges::find_if(events, [](const auto& e) { return e.event == "skipped"; });
    REQUIRE(skipped != events.end());
    CHECK(skipped->level == "warning");
    CHECK(skipped->corridor == "USA-MEX");
    CHECK(skipped->detail
          == "no benchmark USD→MXN from the ECB rates of 2025-05-09: ECB rate of the receiving currency must be "
             "positive (got 0)");
    CHECK(*db->query_int("SELECT count(*) FROM run_items WHERE source = 'feed' AND reason = '1 quotes left out: a "
                         "stored ECB rate is not positive'")
          == 1);
  }

  TEST_CASE("the run reads the clock and the environment it is given, not the process's")
  {
    Faults faults;
    rw::test::HttpTestServer server([&](const TestRequest& r) { return faults.answer(r); });
    rw::test::TempDir dir;
    auto db = fresh_database(rw::test::store_at(dir.path() / "c.db"));
    auto config = test_config(server, {"USA-MEX"});
    config.sources = {"wise"};
    config.wise_base_url = server.url("/wise-key/");
    // Set in no real environment: only the injected one knows it.
    config.wise_api_key_env = "REMITWATCH_TEST_INJECTED_WISE_KEY";
    REQUIRE(std::getenv(config.wise_api_key_env.c_str()) == nullptr);
    auto options = quiet("2025-05-10T12:00:00Z");
    std::vector<std::string> asked;
    options.environment = [&](const std::string& name) -> std::optional<std::string> {
      asked.push_back(name);
      return name == "REMITWATCH_TEST_INJECTED_WISE_KEY" ? std::optional<std::string>("t0ken") : std::nullopt;
    };
    options.clock = [] { return rw::util::parse_timestamp("2030-01-02T03:04:05Z").value(); };
    auto summary = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir.path() / "archive", options);
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    CHECK(asked == std::vector<std::string>{"REMITWATCH_TEST_INJECTED_WISE_KEY"});
    // The server answers 401 to any other bearer token.
    CHECK(summary->succeeded == 1);
    CHECK(summary->failed == 0);
    auto run = db->prepare("SELECT started_at, finished_at FROM runs WHERE id = ?1");
    REQUIRE(run);
    run->bind(1, summary->run_id);
    REQUIRE(*run->step());
    CHECK(run->column_text(0) == "2025-05-10T12:00:00Z"); // options.now
    CHECK(run->column_text(1) == "2030-01-02T03:04:05Z"); // the injected clock
  }

  TEST_CASE("configuration: file keys checked with their line; environment over file"
            * rw::test::no_store())
  {
    auto config = rw::collector::parse_collect_config(R"(
[collect]
corridors = ["USA-MEX"]
amounts = [200]
min_coverage = 90

[http]
timeout_s = 5

[sources.ecb]
url = "http://127.0.0.1:9/ecb.xml"
)",
                                                      "remitwatch.toml");
    REQUIRE_MESSAGE(config, (config ? "" : config.error().message));
    CHECK(config->corridors == std::vector<std::string>{"USA-MEX"});
    CHECK(config->min_coverage == 90);
    CHECK(config->timeout == 5000ms);
    CHECK(config->ecb_url == "http://127.0.0.1:9/ecb.xml");
    CHECK(config->wise_base_url == "https://api.wise.com"); // default kept

    auto typo = rw::collector::parse_collect_config("[collect]\nmin_coverge = 90\n", "remitwatch.toml");
    REQUIRE_FALSE(typo);
    CHECK(typo.error().message == "remitwatch.toml:2: unknown key 'collect.min_coverge'");
    auto secret = rw::collector::parse_collect_config("[sources.wise]\napi_key = \"abc\"\n", "remitwatch.toml");
    REQUIRE_FALSE(secret);
    CHECK(secret.error().message.find("name an environment variable with 'api_key_env'") != std::string::npos);
    auto amounts = rw::collector::parse_collect_config("[collect]\namounts = [300]\n", "remitwatch.toml");
    REQUIRE_FALSE(amounts);
    CHECK(amounts.error().message == "remitwatch.toml:2: 'collect.amounts' must be an array of 200 and/or 500");

    const std::map<std::string, std::string> env = {{"REMITWATCH_CORRIDORS", "KEN-UGA, TZA-KEN"},
                                                    {"REMITWATCH_ECB_URL", "http://127.0.0.1:10/x.xml"}};
    auto applied = rw::collector::apply_environment(*config, [&](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      return it != env.end() ? std::optional(it->second) : std::nullopt;
    });
    REQUIRE(applied);
    CHECK(applied->corridors == std::vector<std::string>{"KEN-UGA", "TZA-KEN"});
    CHECK(applied->ecb_url == "http://127.0.0.1:10/x.xml");
    CHECK(applied->min_coverage == 90); // the file's, not overridden

    auto text = rw::util::read_file(rw::test::source_dir() / "examples/remitwatch.toml");
    REQUIRE(text);
    CHECK(rw::collector::parse_collect_config(*text, "examples/remitwatch.toml"));
  }

  TEST_CASE("quote feeds: the fixture parses; impossible values refuse the feed with their line"
            * rw::test::no_store())
  {
    auto text = rw::util::read_file(rw::test::source_dir() / "tests/fixtures/collector/quote-feed.xml");
    REQUIRE(text);
    auto feed = rw::readers::parse_quote_feed(*text, "quote-feed.xml");
    REQUIRE_MESSAGE(feed, (feed ? "" : feed.error().message));
    CHECK(feed->publisher == "Example Conduct Authority reporting portal");
    REQUIRE(feed->quotes.size() == 3);
    CHECK(feed->quotes[0].corridor.to_string() == "USA-MEX");
    CHECK(feed->quotes[0].fee == doctest::Approx(3.0));
    CHECK_FALSE(feed->quotes[0].benchmark);
    CHECK(feed->quotes[1].benchmark == doctest::Approx(111.20));
    CHECK(feed->quotes[1].received == doctest::Approx(16744.40));

    const auto error_of = [](const std::string& quote) {
      auto parsed = rw::readers::parse_quote_feed(
        "<quoteFeed version=\"1\" publisher=\"p\">\n<provider name=\"x\" type=\"bank\">\n"
        "<service corridor=\"USA-MEX\" speed=\"Same day\">\n"
          + quote + "\n</service></provider></quoteFeed>",
        "feed.xml");
      REQUIRE_FALSE(parsed);
      return parsed.error().message;
    };
    const std::string ok_attrs = "standardAmountUsd=\"200\" amount=\"200\" currency=\"USD\" receiveCurrency=\"MXN\" "
                                 "collected=\"2025-05-10T00:00:00Z\"";
    CHECK(error_of("<quote " + ok_attrs + " fee=\"-1\" rate=\"19\"/>") == "feed.xml:4: fee -1 must be zero or more");
    CHECK(error_of("<quote " + ok_attrs + " fee=\"1\" rate=\"0\"/>") == "feed.xml:4: rate 0 must be positive");
    CHECK(error_of("<quote " + ok_attrs + " fee=\"1\"/>") == "feed.xml:4: <quote> needs the attribute 'rate'");
    CHECK(rw::readers::parse_quote_feed("<quoteFeed version=\"2\" publisher=\"p\"/>", "f.xml").error().message
          == "f.xml:1: only quote feed version=\"1\" is known");
    // A DTD's entity is never expanded: the text stays as written.
    auto entity = rw::readers::parse_quote_feed(
      "<!DOCTYPE x [<!ENTITY e \"boom\">]><quoteFeed version=\"1\" publisher=\"&e;\"/>", "f.xml");
    REQUIRE(entity);
    CHECK(entity->publisher == "&e;");
  }
}

namespace {

// The archive is beside a SQLite file (<db>-archive), and in the test's
// folder for a PostgreSQL URL (one per database).
std::filesystem::path
archive_of(const std::string& db, const std::filesystem::path& dir)
{
  return rw::store::postgres::is_url(db) ? dir / fmt::format("archive-{}", std::hash<std::string>{}(db))
                                         : std::filesystem::path(db + "-archive");
}

int
run_collector(const std::filesystem::path& config, const std::string& db,
              std::optional<std::chrono::milliseconds> kill_after)
{
  return rw::test::run_remitwatch({"collect", "--config", config.string(), "--db", db, "--data-dir",
                                   archive_of(db, config.parent_path()).string()},
                                  {kill_after});
}

std::set<std::string>
quote_keys(rw::store::Database& db)
{
  std::set<std::string> keys;
  auto statement = db.prepare("SELECT source || ' ' || natural_key || ' ' || fee || ' ' || rate FROM quotes");
  REQUIRE(statement);
  while (*statement->step()) {
    keys.insert(statement->column_text(0));
  }
  return keys;
}

// Runs cut short by SIGKILL at random times, then a full run, into
// `db_path`, against a clean run into `clean_db` (SQLite files or PostgreSQL
// URLs): the same quotes, no orphans, the archive consistent.
void
collect_through_kills(const std::filesystem::path& dir, const std::string& clean_db, const std::string& db_path)
{
  // Every answer takes 80 ms, so a run of 26 requests (2 at a time) outlasts every kill time.
  Faults faults; // only its ECB and feed answers: every Wise answer here is valid
  rw::test::HttpTestServer server([&](const TestRequest& r) {
    TestReply reply;
    if (r.target.starts_with("/wise/")) {
      reply.body = wise_json(query_value(r.target, "sourceCurrency"), query_value(r.target, "targetCurrency"),
                             std::stod(query_value(r.target, "sendAmount")));
    } else {
      reply = faults.answer(r);
    }
    reply.delay = 80ms;
    return reply;
  });
  std::string corridors;
  for (const char* sender : {"USA", "GBR", "FRA", "CAN", "AUS", "JPN"}) {
    for (const char* receiver : {"MEX", "PHL", "CHN", "TUR"}) {
      corridors += fmt::format("{}\"{}-{}\"", corridors.empty() ? "" : ", ", sender, receiver);
    }
  }
  const auto config = dir / "remitwatch.toml";
  std::ofstream(config) << fmt::format(
    "[collect]\ncorridors = [{}]\namounts = [200]\nsources = [\"ecb\", \"wise\", \"feed\"]\nmin_coverage = 0\n"
    "[http]\nper_host = 2\nmin_interval_ms = 0\nbackoff_ms = 10\ntimeout_s = 5\n"
    "[sources.ecb]\nurl = \"{}\"\n[sources.wise]\nbase_url = \"{}\"\n[sources.feed]\nurls = [\"{}\"]\n",
    corridors, server.url("/ecb/daily.xml"), server.url("/wise"), server.url("/feed/good.xml"));

  REQUIRE(run_collector(config, clean_db, std::nullopt) == 0);

  std::mt19937 random(20251124);
  std::uniform_int_distribution<int> when(30, 700);
  int killed = 0;
  for (int i = 0; i < 6; ++i) {
    if (run_collector(config, db_path, std::chrono::milliseconds(when(random))) == -SIGKILL) {
      ++killed;
    }
  }
  CHECK(killed >= 3); // most runs were cut short
  REQUIRE(run_collector(config, db_path, std::nullopt) == 0);

  auto clean = rw::store::Database::open(clean_db);
  auto db = rw::store::Database::open(db_path);
  REQUIRE(clean);
  REQUIRE(db);
  CHECK(quote_keys(*db) == quote_keys(*clean));
  CHECK(*db->query_int("SELECT count(*) FROM quotes") == 24 * 3 + 1); // 24 corridors × 3 providers + the feed's USA-MEX
  auto integrity = rw::store::integrity_check(*db);
  REQUIRE(integrity);
  CHECK(*integrity == "ok"); // SQLite: integrity_check and foreign_key_check; PostgreSQL checks as it writes
  CHECK(*db->query_int("SELECT count(*) FROM services WHERE id NOT IN (SELECT service_id FROM quotes)") == 0);
  CHECK(*db->query_int("SELECT count(*) FROM providers WHERE id NOT IN (SELECT provider_id FROM services)") == 0);
  CHECK(*db->query_int("SELECT count(*) FROM runs WHERE status = 'running'") == 0); // killed runs closed
  // The archive: every file has its index row and every row its file.
  const rw::collector::Archive archive(archive_of(db_path, dir));
  auto stored = archive.stored();
  auto referenced = rw::store::archived_hashes(*db);
  REQUIRE(stored);
  REQUIRE(referenced);
  CHECK(*stored == std::set<std::string>(referenced->begin(), referenced->end()));
}

} // namespace

TEST_SUITE("collector::crash")
{
  TEST_CASE("SIGKILL in the middle of runs, then a full run: the same quotes as a clean run, no orphans, the archive "
            "consistent")
  {
    rw::test::TempDir dir;
    collect_through_kills(dir.path(), rw::test::store_at(dir / "clean.db").string(),
                          rw::test::store_at(dir / "killed.db").string());
  }
}

TEST_SUITE("realdata::collect")
{
  TEST_CASE("the real Wise USD→CAD 500 response served on 127.0.0.1: 14 quotes, FX margin = Wise's markup, "
            "implicit cost from receivedAmount")
  {
    const auto path = rw::test::shared_data_dir() / "wise/wise_v4_comparisons_USD-CAD_500_2024-09-24.json";
    auto body = rw::util::read_file(path);
    REQUIRE(body);
    auto expected = rw::readers::parse_wise_comparison(*body, path.string());
    REQUIRE(expected);
    Faults faults;
    std::atomic<int> wise_calls{0};
    rw::test::HttpTestServer server([&](const TestRequest& r) {
      if (r.target.starts_with("/wise/")) {
        ++wise_calls;
        CHECK(r.target == "/wise/v4/comparisons/?sourceCurrency=USD&targetCurrency=CAD&sendAmount=500");
        return TestReply{200, {}, *body};
      }
      return faults.answer(r);
    });
    rw::test::TempDir dir;
    auto db = fresh_database(rw::test::store_at(dir.path() / "c.db"));
    auto config = test_config(server, {"USA-CAN"});
    config.amounts = {500};
    config.sources = {"ecb", "wise"};
    auto summary = rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir.path() / "archive",
                                          quiet("2024-09-24T12:00:00Z"));
    REQUIRE(summary);
    CHECK(wise_calls == 1);
    CHECK(summary->failures.empty());
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == 14);
    CHECK(*db->query_int("SELECT count(*) FROM quotes q JOIN services s ON s.id = q.service_id "
                         "WHERE s.firm_type = 'bank'") == 5);
    CHECK(*db->query_int("SELECT count(*) FROM quotes q JOIN services s ON s.id = q.service_id "
                         "WHERE s.firm_type = 'mto'") == 9);
    // Every stored quote, costed by the calculator: margin = markup, implicit from receivedAmount.
    size_t checked = 0;
    auto ok = rw::store::for_each_quote(*db, 500, "", "", [&](const rw::store::QuoteRecord& record) {
      auto it = std::ranges::find_if(expected->quotes, [&](const auto& q) { return q.provider == record.provider; });
      REQUIRE(it != expected->quotes.end());
      rw::calculator::QuoteInput quote;
      quote.amount = record.amount;
      quote.fee = record.fee;
      quote.rate = record.rate;
      quote.benchmark = record.benchmark;
      quote.received = record.received;
      auto cost = rw::calculator::quote_cost(quote);
      REQUIRE(cost);
      CHECK(cost->fx_margin_pct == doctest::Approx(it->markup_pct).epsilon(1e-6));
      REQUIRE(record.received);
      CHECK(*record.received == doctest::Approx(*it->received));
      REQUIRE(cost->implicit_pct);
      CHECK(*cost->implicit_pct == doctest::Approx((1 - *it->received / (500 * expected->mid_rate)) * 100));
      ++checked;
    });
    REQUIRE(ok);
    CHECK(checked == 14);
  }
}
