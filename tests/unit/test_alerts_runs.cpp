// Alerts a person can act on (issue #18, items 9 and 10): a first run on
// history fires for the latest quarter only, quote rises only between
// collections, digests, delivery settings checked up front, names instead of
// keys, rule corridors checked, scope.

#include "alerts/deliver.hpp"
#include "alerts/evaluate.hpp"
#include "alerts/fire.hpp"
#include "alerts/rules.hpp"
#include "alerts/words.hpp"
#include "collector/importer.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/alerts_support.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

namespace {

using rw::corridors::Quarter;

// Eight quarters, 2010Q1 to 2011Q4, of one service in KEN-UGA and one in
// USA-MEX, USD 200, rate = benchmark, so total % = fee / 2: KEN-UGA costs
// 5, 6, …, 12 % (+1 pp every quarter), USA-MEX 3, 3.5, …, 6.5 % (+0.5 pp).
// A ninth quarter (2012Q1) when asked: KEN-UGA 14 %, USA-MEX 7 %.
std::string
history(bool ninth)
{
  std::string rows = "corridor,provider,firm_type,payment_instrument,receiving_method,speed,amount,currency,fee,rate,"
                     "benchmark,benchmark_source,received,collected_at,transparent,accessible,amount_usd\n";
  const int quarters = ninth ? 9 : 8;
  for (int i = 0; i < quarters; ++i) {
    const Quarter quarter(2010 + i / 4, 1 + i % 4);
    const std::string when = fmt::format("{}-{:02}-15T10:00:00Z", quarter.year(), 3 * quarter.quarter() - 1);
    const double ken = i == 8 ? 28.0 : 10.0 + 2.0 * i;
    const double mex = i == 8 ? 14.0 : 6.0 + 1.0 * i;
    rows += fmt::format("KEN-UGA,KCB,Bank,Bank account,Cash pick-up,Same day,200,USD,{},20,20,test,,{},yes,yes,200\n",
                        ken, when);
    rows += fmt::format("USA-MEX,MTO B,Money Transfer Operator,cash,cash,Same day,200,USD,{},20,20,test,,{},yes,yes,"
                        "200\n",
                        mex, when);
  }
  return rows;
}

struct RunsFixture
{
  rw::test::TempDir dir;
  std::optional<rw::store::Database> db;

  RunsFixture()
  {
    auto opened = rw::store::Database::open(rw::test::store_at(dir.path() / "alerts.db"));
    REQUIRE(opened);
    db.emplace(std::move(*opened));
    import(false);
  }

  void import(bool ninth)
  {
    const auto path = dir.path() / (ninth ? "nine.csv" : "eight.csv");
    std::ofstream(path, std::ios::binary) << history(ninth);
    auto imported = rw::collector::import_file(*db, rw::collector::ImportKind::survey, path,
                                               rw::test::builtin_catalogue(), "2012-03-20T00:00:00Z");
    REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().message));
  }

  std::vector<rw::alerts::Alert> evaluate(const rw::alerts::RuleSet& rules, rw::alerts::EvaluateOptions options = {})
  {
    options.now = "2012-03-20T00:00:00Z";
    auto alerts = rw::alerts::evaluate(*db, rw::test::builtin_catalogue(), rules, options);
    REQUIRE_MESSAGE(alerts, (alerts ? "" : alerts.error().message));
    return *alerts;
  }

  // Records and delivers (stdout into a file), as a run without --dry-run does.
  rw::alerts::FireSummary fire(const rw::alerts::RuleSet& rules, const std::vector<rw::alerts::Alert>& alerts,
                               rw::alerts::DeliveryOptions options = {})
  {
    std::FILE* out = std::fopen((dir.path() / "stdout.txt").c_str(), "a");
    REQUIRE(out != nullptr);
    options.out = out;
    auto summary = rw::alerts::fire(*db, alerts, rules, options, "2012-03-20T00:00:00Z");
    std::fclose(out);
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    return *summary;
  }
};

using rw::test::fired;
using rw::test::rules_from;


constexpr const char* k_corridor_rule = R"(
[[rule]]
id = "up"
kind = "corridor_rise"
threshold_pp = 0.5
)";

constexpr const char* k_quote_rule = R"(
[[rule]]
id = "quote-up"
kind = "quote_rise"
threshold_pp = 0.5
)";


// Two `alerts` runs at once on the store `name` (a file or a postgresql://
// URL), each with its own connection, and one delivery pending to a webhook
// that takes 400 ms to answer: the webhook hears it once. Before, both runs
// read it as pending and both sent it.
void
deliver_concurrently(const std::string& name)
{
  auto opened = rw::store::Database::open(name);
  REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
  REQUIRE(rw::store::migrate(*opened));
  rw::test::TempDir dir;
  std::ofstream(dir / "history.csv", std::ios::binary) << history(false);
  REQUIRE(rw::collector::import_file(*opened, rw::collector::ImportKind::survey, dir / "history.csv",
                                     rw::test::builtin_catalogue(), "2012-03-20T00:00:00Z"));
  CHECK_FALSE(opened->in_transaction());
  const auto rules = rules_from(std::string(k_corridor_rule) + "channels = [\"ops\"]\n"
                                + "[channels.ops]\ntype = \"webhook\"\nurl_env = \"HOOK\"\n");
  rw::alerts::EvaluateOptions options;
  options.now = "2012-03-20T00:00:00Z";
  const auto alerts = rw::alerts::evaluate(*opened, rw::test::builtin_catalogue(), rules, options);
  REQUIRE(alerts);
  CHECK_FALSE(opened->in_transaction());
  REQUIRE(alerts->size() == 2); // 2011Q4: both corridors rose (the first run fires for the latest quarter)
  // Recorded, and not delivered: $HOOK unset.
  rw::alerts::DeliveryOptions unset;
  unset.environment = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  const auto recorded = rw::alerts::fire(*opened, *alerts, rules, unset, "2012-03-20T00:00:00Z");
  REQUIRE_MESSAGE(recorded, (recorded ? "" : recorded.error().message));
  CHECK(recorded->delivered == 0);
  CHECK(*opened->query_int("SELECT count(*) FROM alert_deliveries WHERE delivered_at IS NULL") == 2);

  rw::test::HttpTestServer server([](const rw::test::TestRequest&) {
    return rw::test::TestReply{200, {}, "ok", std::chrono::milliseconds(400)};
  });
  size_t delivered[2] = {0, 0};
  const auto run = [&](size_t which) {
    auto db = rw::store::Database::open(name);
    REQUIRE(db);
    rw::alerts::DeliveryOptions hook;
    hook.environment = [&](const std::string&) -> std::optional<std::string> { return server.url("/hook"); };
    const auto summary = rw::alerts::fire(*db, {}, rules, hook, "2012-03-20T01:00:00Z");
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    delivered[which] = summary->delivered;
  };
  std::thread other(run, 1);
  run(0);
  other.join();
  CHECK(delivered[0] + delivered[1] == 2); // one run sent both (one request: below digest_above)
  CHECK(server.received().size() == 2);
  CHECK(*opened->query_int("SELECT count(*) FROM alert_deliveries WHERE delivered_at IS NULL") == 0);
}

} // namespace

TEST_SUITE("alerts::runs")
{
  TEST_CASE("a first run on eight quarters fires for the latest only; a later run for what is new; --since for more")
  {
    RunsFixture fixture;
    const auto rules = rules_from(k_corridor_rule);
    // Both corridors rise ≥ 0.5 pp every quarter: a run over all history would fire 7 × 2.
    const auto first = fixture.evaluate(rules);
    CHECK(fired(first) == std::set<std::string>{"up KEN-UGA 2011Q4", "up USA-MEX 2011Q4"});

    rw::alerts::EvaluateOptions since;
    since.since_quarter = Quarter(2010, 3);
    CHECK(fixture.evaluate(rules, since).size() == 2 * 6); // 2010Q3 to 2011Q4, two corridors

    CHECK(fixture.fire(rules, first).fired == 2);
    // A later run: the 2011Q4 alerts are recorded, nothing older comes back.
    auto again = rw::alerts::unrecorded(*fixture.db, fixture.evaluate(rules));
    REQUIRE(again);
    CHECK(again->empty());
    // A new quarter arrives: it fires, and only it.
    fixture.import(true);
    auto later = rw::alerts::unrecorded(*fixture.db, fixture.evaluate(rules));
    REQUIRE(later);
    CHECK(fired(*later) == std::set<std::string>{"up KEN-UGA 2012Q1", "up USA-MEX 2012Q1"});
  }

  TEST_CASE("quote rises: survey rounds never fire; collections do, a first run for the latest quarter collected")
  {
    RunsFixture fixture;
    const auto rules = rules_from(k_quote_rule);
    rw::alerts::EvaluateOptions all;
    all.since_quarter = Quarter(2010, 1);
    CHECK(fixture.evaluate(rules, all).empty()); // imported rounds: not "between collections"

    REQUIRE(fixture.db->exec("UPDATE runs SET kind = 'collect'"));
    // Every consecutive pair rises (+1 and +0.5 pp): 7 per service.
    CHECK(fixture.evaluate(rules, all).size() == 14);
    const auto first = fixture.evaluate(rules);
    CHECK(fired(first) == std::set<std::string>{"quote-up KEN-UGA/kcb|bankaccount|cashpickup/200 2011-11-15T10:00:00Z",
                                                "quote-up USA-MEX/mtob|cash|cash/200 2011-11-15T10:00:00Z"});
    // The service and the corridor in words (2011Q3 fee 22 → 11 %, 2011Q4 fee 24 → 12 %); the keys as fields.
    const auto kcb = std::ranges::find_if(first, [](const auto& a) { return a.scope.starts_with("KEN-UGA"); });
    REQUIRE(kcb != first.end());
    CHECK(kcb->message.starts_with("KCB — bank account to cash pick-up, Kenya → Uganda (KEN-UGA), USD 200: total "
                                   "cost rose 1.00 pp between collections, from 11.00 % at 2011-08-15T10:00:00Z to 12.00 %"));
    const auto payload = nlohmann::json::parse(kcb->payload);
    CHECK(payload["corridor"] == "KEN-UGA");
    CHECK(payload["service_key"] == "kcb|bankaccount|cashpickup");
    CHECK(payload["provider"] == "KCB");
    CHECK(payload["amount_usd"] == 200);
  }

  TEST_CASE("fourteen alerts due to one webhook go as one digest counted by rule and corridor; stdout gets each")
  {
    RunsFixture fixture;
    std::atomic<bool> healthy{true};
    rw::test::HttpTestServer server([&](const rw::test::TestRequest&) {
      return rw::test::TestReply{healthy ? 200 : 500, {}, "ok"};
    });
    const auto rules = rules_from(std::string(k_corridor_rule) + "channels = [\"stdout\", \"ops\"]\n"
                                  + "[channels.ops]\ntype = \"webhook\"\nurl_env = \"HOOK\"\n");
    CHECK(rules.digest_above == 5); // the default
    rw::alerts::EvaluateOptions since;
    since.since_quarter = Quarter(2010, 2);
    const auto alerts = fixture.evaluate(rules, since);
    REQUIRE(alerts.size() == 14); // 2010Q2 to 2011Q4, two corridors
    rw::alerts::DeliveryOptions options;
    options.environment = [&](const std::string&) -> std::optional<std::string> { return server.url("/hook"); };
    const auto summary = fixture.fire(rules, alerts, options);
    CHECK(summary.failures.empty());
    CHECK(summary.delivered == 28); // each alert's two deliveries
    const auto received = server.received();
    REQUIRE(received.size() == 1);
    const auto body = nlohmann::json::parse(received[0].body);
    CHECK(body["digest"] == true);
    CHECK(body["count"] == 14);
    CHECK(body["by_rule"] == nlohmann::json{{"up", 14}});
    CHECK(body["by_corridor"] == nlohmann::json{{"KEN-UGA", 7}, {"USA-MEX", 7}});
    CHECK(body["alerts"].size() == 14);
    CHECK(body["message"] == "remitwatch: 14 alerts; by rule: up 14; by corridor: KEN-UGA 7, USA-MEX 7");
    CHECK(*fixture.db->query_int("SELECT count(*) FROM alert_deliveries WHERE delivered_at IS NULL") == 0);
    std::ifstream printed(fixture.dir.path() / "stdout.txt");
    CHECK(std::count(std::istreambuf_iterator<char>(printed), {}, '\n') == 14);
  }

  TEST_CASE("at most digest_above alerts go one by one")
  {
    RunsFixture fixture;
    rw::test::HttpTestServer server([](const rw::test::TestRequest&) { return rw::test::TestReply{200, {}, "ok"}; });
    const auto rules = rules_from(std::string("digest_above = 14\n") + k_corridor_rule + "channels = [\"ops\"]\n"
                                  + "[channels.ops]\ntype = \"webhook\"\nurl_env = \"HOOK\"\n");
    rw::alerts::EvaluateOptions since;
    since.since_quarter = Quarter(2010, 2);
    rw::alerts::DeliveryOptions options;
    options.environment = [&](const std::string&) -> std::optional<std::string> { return server.url("/hook"); };
    fixture.fire(rules, fixture.evaluate(rules, since), options);
    const auto received = server.received();
    CHECK(received.size() == 14);
    CHECK_FALSE(nlohmann::json::parse(received[0].body).contains("digest"));
    CHECK(rw::test::rules_error("digest_above = -1\n" + std::string(k_corridor_rule))
          == "rules.toml:1: 'digest_above' must be a whole number, 0 or more");
  }

  TEST_CASE("delivery settings: every unset or unusable variable named before anything is evaluated"
            * rw::test::no_store())
  {
    const auto rules = rules_from(std::string(k_corridor_rule) + "channels = [\"ops\", \"mail\"]\n"
                                  + "[channels.ops]\ntype = \"webhook\"\nurl_env = \"HOOK_URL\"\n"
                                  + "[channels.mail]\ntype = \"email\"\nurl_env = \"SMTP_URL\"\n"
                                  + "password_env = \"SMTP_PASSWORD\"\nfrom = \"a@example.org\"\nto = [\"b@example.org\"]\n"
                                  + "[channels.unused]\ntype = \"webhook\"\nurl_env = \"UNUSED_URL\"\n");
    std::map<std::string, std::string> env;
    rw::alerts::DeliveryOptions options;
    options.environment = [&](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      return it != env.end() ? std::optional(it->second) : std::nullopt;
    };
    auto problems = rw::alerts::check_channels(rules, options);
    REQUIRE(problems.size() == 3); // the unused channel's variable is not asked for
    CHECK(problems[0] == "channel 'mail': the environment variable SMTP_URL is not set (set it to the smtps:// or "
                         "smtp:// URL)");
    CHECK(problems[1] == "channel 'mail': the environment variable SMTP_PASSWORD is not set");
    CHECK(problems[2] == "channel 'ops': the environment variable HOOK_URL is not set (set it to the https:// URL)");

    env = {{"HOOK_URL", "ftp://hooks.example.org/x"}, {"SMTP_URL", "https://smtp.example.org"},
           {"SMTP_PASSWORD", "secret"}};
    problems = rw::alerts::check_channels(rules, options);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].find("SMTP_URL holds 'https://smtp.example.org', which is not an smtps:// or smtp:// URL")
          != std::string::npos);
    CHECK(problems[1].find("HOOK_URL holds 'ftp://hooks.example.org/x'") != std::string::npos);

    env = {{"HOOK_URL", "https://hooks.example.org/x"}, {"SMTP_URL", "smtps://smtp.example.org"},
           {"SMTP_PASSWORD", "secret"}};
    CHECK(rw::alerts::check_channels(rules, options).empty());
  }

  TEST_CASE("rule corridors: any case, KEN-* and *-KEN; names and unknown codes refused with their line")
  {
    RunsFixture fixture;
    const auto rules = rules_from(R"(
[[rule]]
id = "lower"
kind = "corridor_rise"
threshold_pp = 0.5
corridors = ["ken-uga"]

[[rule]]
id = "from-usa"
kind = "corridor_rise"
threshold_pp = 0.5
corridors = ["USA-*"]

[[rule]]
id = "to-rwa"
kind = "corridor_rise"
threshold_pp = 0.5
corridors = ["*-RWA"]
)");
    CHECK(fired(fixture.evaluate(rules)) == std::set<std::string>{"lower KEN-UGA 2011Q4", "from-usa USA-MEX 2011Q4"});
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_rise\"\nthreshold_pp = 1\ncorridors = [\"Kenya-Rwanda\"]\n")
            .starts_with("rules.toml:5: rule 'a': 'Kenya-Rwanda' is not a corridor (expected SENDER-RECEIVER, e.g. "
                         "KEN-UGA, or KEN-* / *-KEN"));
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"quote_rise\"\nthreshold_pp = 1\n\ncorridors = [\"KEN-XYZ\"]\n")
            .starts_with("rules.toml:6: rule 'a': corridor 'KEN-XYZ': 'XYZ' is not a country in the catalogue"));
  }

  TEST_CASE("scope: only the corridors asked for; the global averages are not the scope's")
  {
    RunsFixture fixture;
    const auto rules = rules_from(std::string(k_corridor_rule)
                                  + "[[rule]]\nid = \"avg\"\nkind = \"average_rise\"\nthreshold_pp = 0.5\n");
    CHECK(fired(fixture.evaluate(rules)) == std::set<std::string>{"up KEN-UGA 2011Q4", "up USA-MEX 2011Q4",
                                                                  "avg global 2011Q4", "avg bank 2011Q4",
                                                                  "avg mto 2011Q4"});
    rw::alerts::EvaluateOptions kenya;
    auto scope = rw::corridors::Scope::parse({}, {}, {"ken"}, {});
    REQUIRE(scope);
    kenya.scope = *scope;
    const auto alerts = fixture.evaluate(rules, kenya);
    CHECK(fired(alerts) == std::set<std::string>{"up KEN-UGA 2011Q4"});
    CHECK(alerts[0].message.starts_with("Kenya → Uganda (KEN-UGA): average total cost of sending USD 200 rose 1.00 pp"));
  }

  TEST_CASE("services and corridors in words" * rw::test::no_store())
  {
    using rw::alerts::service_in_words;
    CHECK(service_in_words({"KCB", "Bank account", "Cash pick-up", "kcb|bankaccount|cashpickup"})
          == "KCB — bank account to cash pick-up");
    CHECK(service_in_words({"KCB", "", "Bank Account", "kcb||bankaccount#2"}) == "KCB — to bank account (listing 2)");
    CHECK(service_in_words({"KCB", "Cash", "", "kcb|cash|"}) == "KCB — cash");
    CHECK(service_in_words({"KCB", "", "", "kcb||"}) == "KCB");
    CHECK(rw::alerts::corridor_in_words(rw::test::builtin_catalogue(), {"KEN", "UGA"}) == "Kenya → Uganda (KEN-UGA)");
    CHECK(rw::alerts::amount_in_words(500) == "USD 500");
  }
}

TEST_SUITE("alerts::runs")
{
  TEST_CASE("two alerts runs at once on one store deliver each pending alert once")
  {
    rw::test::TempDir dir;
    deliver_concurrently(rw::test::store_at(dir.path() / "alerts.db").string());
  }
}
