#include "alerts/evaluate.hpp"
#include "alerts/fire.hpp"
#include "alerts/rules.hpp"
#include "collector/importer.hpp"
#include "reports/report.hpp"
#include "store/alerts.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/alerts_support.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/smtp_test_server.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

using rw::alerts::parse_rules;

namespace {

using rw::test::k_survey_header;

// Two quarters, USD 200, rate = benchmark, so total % = fee / 2:
//
//                        2010Q3   2011Q3   change
//   USA-MEX Bank A        10.0     10.2
//   USA-MEX MTO B          6.0      6.1    corridor 8.00 → 8.15  (+0.15)
//   KEN-UGA Bank C        12.0     12.0
//   KEN-UGA Mobile D       4.9      4.9    corridor 8.45 → 8.45  (0)
//   GBR-NGA MTO E         16.5     17.4    corridor +0.9
//   ARE-IND MTO F          4.0      5.2    corridor +1.2, crosses 5 %
//   global  53.4 / 6 = 8.9 → 55.8 / 6 = 9.3  (+0.4: the seed case)
//   banks   (10 + 12) / 2 = 11 → (10.2 + 12) / 2 = 11.1  (+0.1)
//   MTOs    26.5 / 3 = 8.833 → 28.7 / 3 = 9.567  (+0.733)
//   mobile  4.9 → 4.9
// And USA-MEX MTO B at USD 500: 3.0 (2011-08-15), 3.6 (2011-09-15, +0.6),
// 3.4 (2011-10-15, a fall).
std::string
survey()
{
  std::string rows = k_survey_header;
  const auto add = [&](const char* corridor, const char* provider, const char* type, const char* instrument,
                       double fee, const char* when, int amount) {
    rows += fmt::format("{},{},{},{},cash,Same day,{},USD,{},20,20,test,,{},yes,yes,{}\n", corridor, provider, type,
                        instrument, amount, fee, when, amount);
  };
  for (const auto& [when, bank_a, mto_b, mto_e, mto_f] :
       {std::tuple{"2010-08-15T10:00:00Z", 20.0, 12.0, 33.0, 8.0},
        std::tuple{"2011-08-15T10:00:00Z", 20.4, 12.2, 34.8, 10.4}}) {
    add("USA-MEX", "Bank A", "Bank", "account", bank_a, when, 200);
    add("USA-MEX", "MTO B", "Money Transfer Operator", "cash", mto_b, when, 200);
    add("KEN-UGA", "Bank C", "Bank", "account", 24.0, when, 200);
    add("KEN-UGA", "Mobile D", "Mobile Operator", "mobile", 9.8, when, 200);
    add("GBR-NGA", "MTO E", "Money Transfer Operator", "cash", mto_e, when, 200);
    add("ARE-IND", "MTO F", "Money Transfer Operator", "cash", mto_f, when, 200);
  }
  add("USA-MEX", "MTO B", "Money Transfer Operator", "cash", 15.0, "2011-08-15T10:00:00Z", 500);
  add("USA-MEX", "MTO B", "Money Transfer Operator", "cash", 18.0, "2011-09-15T10:00:00Z", 500);
  add("USA-MEX", "MTO B", "Money Transfer Operator", "cash", 17.0, "2011-10-15T10:00:00Z", 500);
  return rows;
}

struct AlertsFixture
{
  rw::test::TempDir dir;
  std::optional<rw::store::Database> db;

  AlertsFixture()
  {
    const auto path = dir.path() / "survey.csv";
    std::ofstream(path, std::ios::binary) << survey();
    auto opened = rw::store::Database::open(rw::test::store_at(dir.path() / "alerts.db"));
    REQUIRE(opened);
    db.emplace(std::move(*opened));
    auto imported = rw::collector::import_file(*db, rw::collector::ImportKind::survey, path,
                                               rw::test::builtin_catalogue(), "2011-09-20T00:00:00Z");
    REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().message));
    // A benchmark 10 days old at "now" (stale at 3 days), one a day old; a
    // collection run that got 6 of 10 answers (60 %).
    REQUIRE(db->exec("INSERT INTO benchmark_rates (source, day, base, currency, rate) VALUES "
                     "('ECB', '2011-09-10', 'EUR', 'USD', 1.37), ('ECB', '2011-09-10', 'EUR', 'GBP', 0.87), "
                     "('OTHER', '2011-09-19', 'USD', 'MXN', 13.1)"));
    REQUIRE(db->exec("INSERT INTO runs (kind, source, input, started_at, finished_at, status, rows_read, imported, "
                     "rejected) VALUES ('collect', 'wise', 'https://api.example.invalid', '2011-09-19T06:00:00Z', "
                     "'2011-09-19T06:01:00Z', 'partial', 10, 6, 4)"));
  }

  // Marks the survey's import a collection run: its quotes become collected ones.
  void as_collected() { REQUIRE(db->exec("UPDATE runs SET kind = 'collect' WHERE source = 'survey'")); }

  std::vector<rw::alerts::Alert> evaluate(const rw::alerts::RuleSet& rules, rw::alerts::EvaluateOptions options = {})
  {
    options.now = "2011-09-20T00:00:00Z";
    auto alerts = rw::alerts::evaluate(*db, rw::test::builtin_catalogue(), rules, options);
    REQUIRE_MESSAGE(alerts, (alerts ? "" : alerts.error().message));
    return *alerts;
  }
};

using rw::test::fired;
using rw::test::rules_from;

nlohmann::json
payload(const std::vector<rw::alerts::Alert>& alerts, const std::string& rule, const std::string& scope)
{
  auto it = std::ranges::find_if(alerts, [&](const auto& a) { return a.rule_id == rule && a.scope == scope; });
  REQUIRE(it != alerts.end());
  return nlohmann::json::parse(it->payload);
}


} // namespace

TEST_SUITE("alerts")
{
  TEST_CASE("default rules: global 8.9 % in 2010Q3 → 9.3 % in 2011Q3 fires, and exactly the hand-computed rest")
  {
    AlertsFixture fixture;
    const auto alerts = fixture.evaluate(rw::alerts::default_rules());
    CHECK(fired(alerts) == std::set<std::string>{
                             "corridor-up-0.5pp-qoq ARE-IND 2011Q3", // +1.2
                             "corridor-up-0.5pp-qoq GBR-NGA 2011Q3", // +0.9
                             "corridor-above-5pct ARE-IND 2011Q3",   // 4.0 → 5.2
                             "average-up-0.25pp-qoq global 2011Q3",  // +0.4
                             "average-up-0.25pp-qoq mto 2011Q3",     // +0.733
                           });
    const auto global = payload(alerts, "average-up-0.25pp-qoq", "global");
    CHECK(global["previous"].get<double>() == doctest::Approx(8.9));
    CHECK(global["current"].get<double>() == doctest::Approx(9.3));
    CHECK(global["change_pp"].get<double>() == doctest::Approx(0.4));
    CHECK(global["quarter"] == "2011Q3");
    CHECK(global["compared_with"] == "2010Q3");
    CHECK(global["rule"]["threshold_pp"].get<double>() == doctest::Approx(0.25));
    CHECK(payload(alerts, "average-up-0.25pp-qoq", "mto")["change_pp"].get<double>()
          == doctest::Approx(28.7 / 3 - 26.5 / 3));
    // The earlier quarter has nothing to compare with: silent.
    rw::alerts::EvaluateOptions first;
    first.quarter = rw::corridors::Quarter(2010, 3);
    CHECK(fixture.evaluate(rw::alerts::default_rules(), first).empty());
  }

  TEST_CASE("quarter rules read the report's figures: every alert value is the report's for the same quarter")
  {
    AlertsFixture fixture;
    // DataBank corridor values: USA-PHL has no service rows (its published
    // average is the report's), KEN-UGA has (its computed 8.45 wins over 99),
    // and 2012Q1 holds published values only (no service-level figures).
    auto writer = rw::store::Writer::create(*fixture.db);
    REQUIRE(writer);
    const auto run =
      writer->begin_run({.kind = "import", .source = "databank", .input = "d.csv", .started_at = "2011-09-20"});
    REQUIRE(run);
    for (const auto& [sender, receiver, period, value] :
         {std::tuple{"USA", "PHL", "2010Q3", 5.0}, std::tuple{"USA", "PHL", "2011Q3", 5.6},
          std::tuple{"USA", "PHL", "2012Q1", 5.9}, std::tuple{"KEN", "UGA", "2011Q3", 99.0}}) {
      REQUIRE(writer->upsert_series({"ATCR.CORR", sender, receiver, period, value}, *run));
    }
    // Threshold 0 and level 0: every corridor and group that did not fall.
    const auto rules = rules_from(R"(
[[rule]]
id = "corridors"
kind = "corridor_rise"
threshold_pp = 0

[[rule]]
id = "groups"
kind = "average_rise"
threshold_pp = 0

[[rule]]
id = "smart"
kind = "corridor_above"
measure = "smart"
level = 5
)");
    for (const auto quarter : {rw::corridors::Quarter(2011, 3), rw::corridors::Quarter(2012, 1)}) {
      CAPTURE(quarter.to_string());
      rw::alerts::EvaluateOptions options;
      options.quarter = quarter;
      const auto alerts = fixture.evaluate(rules, options);
      rw::reports::ReportOptions report_options;
      report_options.quarter = quarter;
      const auto report = rw::reports::build_report(*fixture.db, rw::test::builtin_catalogue(), report_options);
      REQUIRE_MESSAGE(report, (report ? "" : report.error().message));
      REQUIRE(report->headline.previous);

      size_t rising = 0;
      for (const auto& row : report->corridors.all) {
        if (row.change_pp && *row.change_pp >= 0) {
          ++rising;
          const auto json = payload(alerts, "corridors", row.corridor.to_string());
          CHECK(json["current"].get<double>() == row.average);
          CHECK(json["previous"].get<double>() == *row.previous);
          CHECK(json["change_pp"].get<double>() == *row.change_pp);
          CHECK(json["source"] == row.source);
          CHECK(json["services"].get<size_t>() == row.services);
          CHECK(json["compared_with"] == report->headline.previous->to_string());
        }
      }
      CHECK(std::ranges::count(alerts, std::string("corridors"), &rw::alerts::Alert::rule_id)
            == static_cast<std::ptrdiff_t>(rising));
      CHECK(std::ranges::any_of(alerts, [](const auto& a) { return a.scope == "USA-PHL"; }));

      std::vector<std::pair<std::string, rw::reports::Figure>> figures = {{"global", report->headline.global}};
      for (const auto& row : report->by_firm_type) {
        figures.emplace_back(row.id, row.figure);
      }
      size_t groups = 0;
      for (const auto& [id, figure] : figures) {
        if (figure.value && figure.change_previous_pp && *figure.change_previous_pp >= 0) {
          ++groups;
          const auto json = payload(alerts, "groups", id);
          CHECK(json["current"].get<double>() == *figure.value);
          CHECK(json["change_pp"].get<double>() == *figure.change_previous_pp);
          CHECK(json["services"].get<size_t>() == figure.count);
        }
      }
      CHECK(std::ranges::count(alerts, std::string("groups"), &rw::alerts::Alert::rule_id)
            == static_cast<std::ptrdiff_t>(groups));
      // 2011Q3: global, MTOs, banks and mobile (0); 2012Q1 has no service-level figure.
      CHECK(groups == (quarter == rw::corridors::Quarter(2011, 3) ? 4U : 0U));

      for (const auto& alert : alerts) {
        if (alert.rule_id == "smart") {
          auto row = std::ranges::find(report->corridors.all, alert.scope,
                                       [](const auto& r) { return r.corridor.to_string(); });
          REQUIRE(row != report->corridors.all.end());
          CHECK(nlohmann::json::parse(alert.payload)["current"].get<double>() == *row->smart);
        }
      }
    }
  }

  TEST_CASE("no data yet: the quarter rules are silent; a quarter asked for without data is an error")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir.path() / "empty.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    rw::alerts::EvaluateOptions options;
    options.now = "2011-09-20T00:00:00Z";
    auto none = rw::alerts::evaluate(*db, rw::test::builtin_catalogue(), rw::alerts::default_rules(), options);
    REQUIRE_MESSAGE(none, (none ? "" : none.error().message));
    CHECK(none->empty());
    options.quarter = rw::corridors::Quarter(2011, 3);
    auto asked = rw::alerts::evaluate(*db, rw::test::builtin_catalogue(), rw::alerts::default_rules(), options);
    REQUIRE_FALSE(asked);
    CHECK(asked.error().kind == rw::util::ErrorKind::invalid_argument);
    CHECK(asked.error().message.find("no data for 2011Q3 at USD 200") != std::string::npos);
  }

  TEST_CASE("every rule kind fires exactly where the hand computation says, and nowhere else")
  {
    AlertsFixture fixture;
    const auto rules = rules_from(R"(
[[rule]]
id = "yoy-1pp"
kind = "corridor_rise"
compare = "year_ago"
threshold_pp = 1.0          # ARE-IND +1.2 only; GBR-NGA +0.9 is below

[[rule]]
id = "smart-above"
kind = "corridor_above"
measure = "smart"
level = 5                   # ARE-IND's only service: 4.0 -> 5.2

[[rule]]
id = "banks"
kind = "average_rise"
groups = ["bank", "mobile_operator"]
threshold_pp = 0.1          # banks +0.1 (binary: 0.0999...), mobile 0

[[rule]]
id = "quotes"
kind = "quote_rise"
threshold_pp = 0.5
corridors = ["USA-MEX", "GBR-NGA"]

[[rule]]
id = "stale"
kind = "benchmark_stale"
max_age_days = 3

[[rule]]
id = "coverage"
kind = "coverage_below"
level = 80
)");
    // The survey's rounds as if `collect` had stored them, and every quarter
    // from the first (a first run would look at the latest quarter only).
    fixture.as_collected();
    rw::alerts::EvaluateOptions all;
    all.since_quarter = rw::corridors::Quarter(2010, 3);
    const auto alerts = fixture.evaluate(rules, all);
    CHECK(fired(alerts) == std::set<std::string>{
                             "yoy-1pp ARE-IND 2011Q3",
                             "smart-above ARE-IND 2011Q3",
                             "banks bank 2011Q3",
                             // Consecutive collections: GBR-NGA 16.5 → 17.4 at USD 200; USA-MEX
                             // MTO B 3.0 → 3.6 at USD 500 (its 200 quote rose 0.1 only; 3.6 →
                             // 3.4 is a fall). ARE-IND is out of the rule's scope.
                             "quotes GBR-NGA/mtoe|cash|cash/200 2011-08-15T10:00:00Z",
                             "quotes USA-MEX/mtob|cash|cash/500 2011-09-15T10:00:00Z",
                             "stale ECB/EUR 2011-09-10", // 10 days before now; OTHER is a day old
                             "coverage wise 2011-09-19T06:00:00Z", // 60 % < 80 %; the survey import: 100 %
                           });
    CHECK(payload(alerts, "coverage", "wise")["coverage_pct"].get<double>() == doctest::Approx(60.0));
    CHECK(payload(alerts, "stale", "ECB/EUR")["age_days"].get<double>() == doctest::Approx(10.0));

    // --since: only the later collection.
    rw::alerts::EvaluateOptions since;
    since.since = "2011-09-01T00:00:00Z";
    std::set<std::string> quotes;
    for (const auto& line : fired(fixture.evaluate(rules, since))) {
      if (line.starts_with("quotes")) {
        quotes.insert(line);
      }
    }
    CHECK(quotes == std::set<std::string>{"quotes USA-MEX/mtob|cash|cash/500 2011-09-15T10:00:00Z"});
  }

  TEST_CASE("re-running is silent; a failed delivery is retried on the next run until delivered")
  {
    AlertsFixture fixture;
    std::atomic<bool> healthy{false};
    rw::test::HttpTestServer server([&](const rw::test::TestRequest&) {
      return rw::test::TestReply{healthy ? 200 : 500, {}, "{}"};
    });
    const auto rules = rules_from(R"(
[channels.ops]
type = "webhook"
url_env = "TEST_WEBHOOK_URL"

[[rule]]
id = "global"
kind = "average_rise"
groups = ["global"]
threshold_pp = 0.25
channels = ["stdout", "ops"]
)");
    const auto alerts = fixture.evaluate(rules);
    REQUIRE(alerts.size() == 1);
    rw::test::TempDir dir;
    const auto out_path = dir.path() / "stdout.txt";
    std::FILE* out = std::fopen(out_path.c_str(), "w");
    REQUIRE(out != nullptr);
    rw::alerts::DeliveryOptions options;
    options.out = out;
    options.http.max_attempts = 2;
    options.http.backoff_base = std::chrono::milliseconds(5);
    options.environment = [&](const std::string& name) -> std::optional<std::string> {
      return name == "TEST_WEBHOOK_URL" ? std::optional(server.url("/hook")) : std::nullopt;
    };

    auto first = rw::alerts::fire(*fixture.db, alerts, rules, options, "2011-09-20T00:00:00Z");
    REQUIRE(first);
    CHECK(first->fired == 1);
    CHECK(first->delivered == 1); // stdout
    REQUIRE(first->failures.size() == 1);
    CHECK_MESSAGE(first->failures[0].find("HTTP 500 (after 2 attempts)") != std::string::npos, first->failures[0]);
    CHECK(*fixture.db->query_int("SELECT count(*) FROM alerts WHERE delivered_at IS NULL") == 1);

    healthy = true;
    auto second = rw::alerts::fire(*fixture.db, alerts, rules, options, "2011-09-21T00:00:00Z");
    REQUIRE(second);
    CHECK(second->fired == 0);     // recorded once
    CHECK(second->delivered == 1); // the webhook, now
    CHECK(second->failures.empty());
    CHECK(*fixture.db->query_int("SELECT count(*) FROM alerts WHERE delivered_at IS NOT NULL") == 1);
    CHECK(*fixture.db->query_int("SELECT attempts FROM alert_deliveries WHERE channel = 'ops'") == 2);

    auto third = rw::alerts::fire(*fixture.db, alerts, rules, options, "2011-09-22T00:00:00Z");
    REQUIRE(third);
    CHECK(third->fired == 0);
    CHECK(third->delivered == 0);
    std::fclose(out);
    // stdout got the alert once, in three runs.
    std::ifstream printed(out_path);
    std::string line;
    int lines = 0;
    while (std::getline(printed, line)) {
      ++lines;
      CHECK(line.starts_with("ALERT global global 2011Q3: global average (sending USD 200): rose 0.40 pp"));
    }
    CHECK(lines == 1);
    CHECK(*fixture.db->query_int("SELECT count(*) FROM alerts") == 1);
  }

  TEST_CASE("webhook: a receiver answering 500 twice, then 200, gets the documented body in one run")
  {
    AlertsFixture fixture;
    std::atomic<int> calls{0};
    rw::test::HttpTestServer server([&](const rw::test::TestRequest&) {
      return rw::test::TestReply{++calls <= 2 ? 500 : 200, {}, "ok"};
    });
    const auto rules = rules_from(R"(
[channels.hook]
type = "webhook"
url_env = "HOOK"

[channels.slack]
type = "webhook"
url_env = "SLACK"
style = "slack"

[[rule]]
id = "global"
kind = "average_rise"
groups = ["global"]
threshold_pp = 0.25
channels = ["hook"]

[[rule]]
id = "crossing"
kind = "corridor_above"
channels = ["slack"]
)");
    rw::alerts::DeliveryOptions options;
    options.http.backoff_base = std::chrono::milliseconds(5);
    options.http.max_per_host = 1; // one at a time, so the first two calls are the same alert's
    options.environment = [&](const std::string& name) -> std::optional<std::string> {
      return server.url(name == "HOOK" ? "/hook?token=abc" : "/slack");
    };
    auto summary = rw::alerts::fire(*fixture.db, fixture.evaluate(rules), rules, options, "2011-09-20T00:00:00Z");
    REQUIRE(summary);
    CHECK(summary->failures.empty());
    CHECK(summary->delivered == 2);
    const auto received = server.received();
    REQUIRE(received.size() == 4); // 500, 500, 200 for one; 200 for the other
    for (const auto& request : received) {
      CHECK(request.method == "POST");
      CHECK(request.headers.at("content-type") == "application/json");
    }
    const auto hook = std::ranges::find_if(received, [](const auto& r) { return r.target.starts_with("/hook"); });
    REQUIRE(hook != received.end());
    const auto body = nlohmann::json::parse(hook->body);
    CHECK(body["source"] == "remitwatch");
    CHECK(body["rule_id"] == "global");
    CHECK(body["scope"] == "global");
    CHECK(body["period"] == "2011Q3");
    CHECK(body["computed_from"]["current"].get<double>() == doctest::Approx(9.3));
    const auto slack = std::ranges::find_if(received, [](const auto& r) { return r.target == "/slack"; });
    REQUIRE(slack != received.end());
    CHECK(nlohmann::json::parse(slack->body)["text"].get<std::string>().starts_with("ALERT crossing ARE-IND 2011Q3"));
    // The token in the webhook URL never reaches the database.
    CHECK(*fixture.db->query_int("SELECT count(*) FROM alerts WHERE payload LIKE '%abc%'") == 0);
  }

  TEST_CASE("e-mail over SMTP to a sink on 127.0.0.1: credentials from the environment, never in messages")
  {
    AlertsFixture fixture;
    rw::test::SmtpTestServer sink("alerts", "s3cret-pass");
    const auto rules = rules_from(R"(
[channels.mail]
type = "email"
url_env = "SMTP_URL"
username_env = "SMTP_USER"
password_env = "SMTP_PASSWORD"
from = "remitwatch@example.org"
to = ["analyst@example.org", "desk@example.org"]

[[rule]]
id = "global"
kind = "average_rise"
groups = ["global"]
threshold_pp = 0.25
channels = ["mail"]
)");
    std::string password = "wrong-pass";
    rw::alerts::DeliveryOptions options;
    options.mail.backoff_base = std::chrono::milliseconds(5);
    options.environment = [&](const std::string& name) -> std::optional<std::string> {
      if (name == "SMTP_URL") {
        return sink.url();
      }
      return name == "SMTP_USER" ? std::optional<std::string>("alerts") : std::optional(password);
    };
    const auto alerts = fixture.evaluate(rules);

    auto refused = rw::alerts::fire(*fixture.db, alerts, rules, options, "2011-09-20T00:00:00Z");
    REQUIRE(refused);
    REQUIRE(refused->failures.size() == 1);
    CHECK(refused->failures[0].find("wrong-pass") == std::string::npos);
    CHECK(refused->failures[0].find("smtp://127.0.0.1") != std::string::npos);
    CHECK(*fixture.db->query_int("SELECT count(*) FROM alert_deliveries WHERE last_error LIKE '%pass%'") == 0);

    password = "s3cret-pass";
    sink.refuse_next(1); // a temporary refusal is retried within the run
    auto sent = rw::alerts::fire(*fixture.db, alerts, rules, options, "2011-09-21T00:00:00Z");
    REQUIRE(sent);
    CHECK(sent->failures.empty());
    CHECK(sent->delivered == 1);
    const auto mail = sink.received();
    REQUIRE(mail.size() == 1);
    CHECK(mail[0].from == "<remitwatch@example.org>");
    CHECK(mail[0].to == std::vector<std::string>{"<analyst@example.org>", "<desk@example.org>"});
    CHECK(mail[0].auth == std::string("\0alerts\0s3cret-pass", 19));
    CHECK(mail[0].data.find("Subject: [remitwatch] global global 2011Q3") != std::string::npos);
    CHECK(mail[0].data.find("global average (sending USD 200): rose 0.40 pp") != std::string::npos);
    CHECK(mail[0].data.find("s3cret") == std::string::npos);
  }

  TEST_CASE("rule files: a typo or a wrong value is refused with its line" * rw::test::no_store())
  {
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_rise\"\ntreshold_pp = 0.5\n")
          == "rules.toml:4: unknown key 'treshold_pp' in rule 'a' (a corridor_rise rule takes: threshold_pp, compare, "
             "corridors, amount, channels)");
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_rize\"\nthreshold_pp = 0.5\n")
            .starts_with("rules.toml:3: unknown kind 'corridor_rize'"));
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_rise\"\n")
          == "rules.toml:1: rule 'a': a corridor_rise rule needs 'threshold_pp'");
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_rise\"\nthreshold_pp = \"half\"\n")
          == "rules.toml:4: 'threshold_pp' must be a number");
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"average_rise\"\nthreshold_pp = 1\ngroups = [\"banks\"]\n")
            .starts_with("rules.toml:5: unknown group 'banks'"));
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_above\"\nchannels = [\"pager\"]\n")
            .starts_with("rules.toml:1: rule 'a' names the channel 'pager', which is not defined"));
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = \"corridor_above\"\n[[rule]]\nid = \"a\"\nkind = \"corridor_above\"\n")
          == "rules.toml:4: duplicate rule id 'a'");
    CHECK(rw::test::rules_error("[channels.x]\ntype = \"webhook\"\nurl = \"https://hooks.example/abc\"\n")
            .find("rules.toml:3: unknown key 'url' in channel 'x'") != std::string::npos);
    CHECK(rw::test::rules_error("[channels.x]\ntype = \"webhook\"\nurl = \"https://hooks.example/abc\"\n")
            .find("name an environment variable with 'url_env'") != std::string::npos);
    CHECK(rw::test::rules_error("[[rule]]\nid = \"a\"\nkind = = 3\n").starts_with("rules.toml:3: "));
    CHECK(rw::test::rules_error("# nothing\n") == "rules.toml: no [[rule]] in the file");
    CHECK(rw::test::rules_error("[rules]\n").starts_with("rules.toml:1: unknown key 'rules'"));
    // A line break in an address would add a header (Bcc:) to every alert mail.
    const std::string mail = "[[rule]]\nid = \"a\"\nkind = \"benchmark_stale\"\nchannels = [\"m\"]\n"
                             "[channels.m]\ntype = \"email\"\nurl_env = \"U\"\n";
    CHECK(rw::test::rules_error(mail + "from = \"a@example.org\\r\\nBcc: x@example.org\"\nto = [\"b@example.org\"]\n")
          == "rules.toml:5: channel 'm': 'a@example.org\\r\\nBcc: x@example.org' is not a plain address (no spaces, "
             "line breaks, <, > or commas)");
    CHECK(rw::test::rules_error(mail + "from = \"a@example.org\"\nto = [\"b@example.org>, <c@example.org\"]\n")
            .find("'b@example.org>, <c@example.org' is not a plain address") != std::string::npos);
  }

  TEST_CASE("the example rules file parses" * rw::test::no_store())
  {
    auto text = rw::util::read_file(rw::test::source_dir() / "examples/alerts.toml");
    REQUIRE(text);
    auto rules = parse_rules(*text, "examples/alerts.toml");
    REQUIRE_MESSAGE(rules, (rules ? "" : rules.error().message));
    CHECK(rules->rules.size() >= 6);
    CHECK(rules->channels.size() == 3);
  }
}
