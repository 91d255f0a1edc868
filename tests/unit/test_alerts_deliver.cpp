// Stored names reach every alert sink escaped for it (issue #21, item 7): a
// provider's name is data from outside, and must not forge a line on stdout,
// drive the terminal, mention @channel in Slack or add a mail header.

#include "alerts/evaluate.hpp"
#include "alerts/fire.hpp"
#include "alerts/rules.hpp"
#include "collector/importer.hpp"
#include "store/database.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/smtp_test_server.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace {

// The provider's name as a hostile feed might send it: a forged alert line,
// a colour escape, the bell, DEL, the C1 CSI (U+009B), Slack's @channel and a
// disguised link.
const std::string k_hostile = "Evil\nALERT forged x y: z\x1b[31m\x07 \x7f\xc2\x9b <!channel> "
                              "<https://x|Click here> & co";

// One service, USA-MEX at USD 500, rate = benchmark so total % = fee / 5:
// 3.0 % (2011-08-15) → 3.6 % (2011-09-15), a rise of 0.6 pp: one quote_rise
// alert. Its provider and service key are then replaced by hostile text, as
// a database written by another tool might hold them.
struct DeliverFixture
{
  rw::test::TempDir dir;
  std::optional<rw::store::Database> db;

  DeliverFixture()
  {
    const auto path = dir.path() / "survey.csv";
    std::ofstream(path, std::ios::binary)
      << "corridor,provider,firm_type,payment_instrument,receiving_method,speed,amount,currency,fee,rate,benchmark,"
         "benchmark_source,received,collected_at,transparent,accessible,amount_usd\n"
         "USA-MEX,MTO B,Money Transfer Operator,cash,cash,Same day,500,USD,15,20,20,test,,2011-08-15T10:00:00Z,"
         "yes,yes,500\n"
         "USA-MEX,MTO B,Money Transfer Operator,cash,cash,Same day,500,USD,18,20,20,test,,2011-09-15T10:00:00Z,"
         "yes,yes,500\n";
    auto opened = rw::store::Database::open(rw::test::store_at(dir.path() / "alerts.db"));
    REQUIRE(opened);
    db.emplace(std::move(*opened));
    auto imported = rw::collector::import_file(*db, rw::collector::ImportKind::survey, path,
                                               rw::test::builtin_catalogue(), "2011-09-20T00:00:00Z");
    REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().message));
    const auto replace = [&](const char* sql, const std::string& text) {
      auto statement = db->prepare(sql);
      REQUIRE(statement);
      REQUIRE(statement->bind(1, text).run());
    };
    replace("UPDATE providers SET name = ?1", k_hostile);
    // A CRLF in the service key would start a header of its own in the subject.
    replace("UPDATE services SET service_key = ?1", "mtob\r\nBcc: victim@example.org");
    // As if `collect` had stored them: quote rises are between collections only.
    REQUIRE(db->exec("UPDATE runs SET kind = 'collect'"));
  }
};

constexpr const char* k_rules = R"(
[channels.hook]
type = "webhook"
url_env = "HOOK"

[channels.slack]
type = "webhook"
url_env = "SLACK"
style = "slack"

[channels.mail]
type = "email"
url_env = "SMTP_URL"
from = "remitwatch@example.org"
to = ["analyst@example.org"]

[[rule]]
id = "quotes"
kind = "quote_rise"
threshold_pp = 0.5
channels = ["stdout", "hook", "slack", "mail"]
)";

// A byte a terminal acts on: C0 (but the line ends the caller allows), DEL,
// or the UTF-8 of a C1 control.
bool
has_control(std::string_view text, std::string_view allowed = "")
{
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && allowed.find(text[i]) == std::string_view::npos) || c == 0x7F) {
      return true;
    }
    if (c == 0xC2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xE0) == 0x80) {
      return true;
    }
  }
  return false;
}

bool
mentions(std::string_view text, std::string_view part)
{
  return text.find(part) != std::string_view::npos;
}

} // namespace

TEST_SUITE("alerts::deliver")
{
  TEST_CASE("a hostile provider name reaches stdout, JSON, the webhook, Slack and e-mail escaped for each")
  {
    DeliverFixture fixture;
    rw::test::HttpTestServer server([](const rw::test::TestRequest&) { return rw::test::TestReply{200, {}, "ok"}; });
    rw::test::SmtpTestServer sink;
    auto rules = rw::alerts::parse_rules(k_rules, "rules.toml");
    REQUIRE(rules);
    rw::alerts::EvaluateOptions evaluate;
    evaluate.now = "2011-09-20T00:00:00Z";
    const auto alerts = rw::alerts::evaluate(*fixture.db, rw::test::builtin_catalogue(), *rules, evaluate);
    REQUIRE(alerts);
    REQUIRE(alerts->size() == 1);

    const auto out_path = fixture.dir.path() / "stdout.txt";
    std::FILE* out = std::fopen(out_path.c_str(), "w");
    REQUIRE(out != nullptr);
    rw::alerts::DeliveryOptions options;
    options.out = out;
    options.http.backoff_base = std::chrono::milliseconds(5);
    options.mail.backoff_base = std::chrono::milliseconds(5);
    options.environment = [&](const std::string& name) -> std::optional<std::string> {
      return name == "SMTP_URL" ? sink.url() : server.url("/" + name);
    };
    SUBCASE("text") {}
    SUBCASE("json (--format json)") { options.json = true; }
    auto summary = rw::alerts::fire(*fixture.db, *alerts, *rules, options, "2011-09-20T00:00:00Z");
    std::fclose(out);
    REQUIRE(summary);
    CHECK(summary->failures.empty());
    CHECK(summary->delivered == 4);

    // stdout: one line per alert, no raw control byte, the name's escapes visible.
    std::ifstream printed(out_path, std::ios::binary);
    const std::string stdout_text{std::istreambuf_iterator<char>(printed), {}};
    CAPTURE(stdout_text);
    CHECK(std::ranges::count(stdout_text, '\n') == 1);
    CHECK(stdout_text.ends_with("\n"));
    CHECK_FALSE(has_control(stdout_text, "\n"));
    if (options.json) {
      // nlohmann escapes C0; DEL and C1 are \u-escaped too, and the value is the stored name.
      CHECK(mentions(stdout_text, "\\u007f\\u009b"));
      CHECK(nlohmann::json::parse(stdout_text)["computed_from"]["provider"] == k_hostile);
    } else {
      // The line names the corridor, not the (hostile) service key; the key is in the JSON payload.
      CHECK(stdout_text.starts_with("ALERT quotes USA-MEX 2011-09-15T10:00:00Z: "
                                    "Evil\\nALERT forged x y: z\\x1b[31m\\x07 \\x7f\\u009b <!channel> "));
    }

    // The webhook: one JSON line, no raw control byte, the exact name as data.
    const auto received = server.received();
    REQUIRE(received.size() == 2);
    const auto hook = std::ranges::find(received, "/HOOK", &rw::test::TestRequest::target);
    REQUIRE(hook != received.end());
    CHECK_FALSE(has_control(hook->body));
    CHECK(nlohmann::json::parse(hook->body)["computed_from"]["provider"] == k_hostile);
    CHECK(nlohmann::json::parse(hook->body)["computed_from"]["service_key"]
          == "mtob\r\nBcc: victim@example.org");

    // Slack: & < > as Slack asks, so no mention and no disguised link.
    const auto slack = std::ranges::find(received, "/SLACK", &rw::test::TestRequest::target);
    REQUIRE(slack != received.end());
    CHECK_FALSE(has_control(slack->body));
    const auto text = nlohmann::json::parse(slack->body)["text"].get<std::string>();
    CAPTURE(text);
    CHECK_FALSE(mentions(text, "<"));
    CHECK_FALSE(mentions(text, ">"));
    CHECK(mentions(text, "Evil\\nALERT forged"));
    CHECK(mentions(text, "&lt;!channel&gt; &lt;https://x|Click here&gt; &amp; co"));

    // E-mail: the subject stays one header line; no Bcc header is added.
    const auto mail = sink.received();
    REQUIRE(mail.size() == 1);
    const std::string& data = mail[0].data;
    CAPTURE(data);
    CHECK(mentions(data, "\r\nSubject: [remitwatch] quotes USA-MEX 2011-09-15T10:00:00Z\r\n"));
    // The service key reaches the body only inside the escaped JSON.
    CHECK(mentions(data, "\"service_key\": \"mtob\\r\\nBcc: victim@example.org\""));
    CHECK_FALSE(mentions(data, "\nBcc:"));
    CHECK_FALSE(mentions(data, "\nALERT forged"));
    CHECK_FALSE(has_control(data, "\r\n"));
    CHECK(mail[0].to == std::vector<std::string>{"<analyst@example.org>"});
  }

  TEST_CASE("a failed delivery is reported on one line, whatever the stored names hold")
  {
    DeliverFixture fixture;
    auto rules = rw::alerts::parse_rules(k_rules, "rules.toml");
    REQUIRE(rules);
    rw::alerts::EvaluateOptions evaluate;
    evaluate.now = "2011-09-20T00:00:00Z";
    auto alerts = rw::alerts::evaluate(*fixture.db, rw::test::builtin_catalogue(), *rules, evaluate);
    REQUIRE(alerts);
    REQUIRE(alerts->size() == 1);
    alerts->front().channels = {"hook"};
    rw::alerts::DeliveryOptions options;
    options.environment = [](const std::string&) { return std::optional<std::string>(); }; // HOOK is not set
    auto summary = rw::alerts::fire(*fixture.db, *alerts, *rules, options, "2011-09-20T00:00:00Z");
    REQUIRE(summary);
    REQUIRE(summary->failures.size() == 1);
    CHECK(summary->failures[0]
          == "quotes USA-MEX/mtob\\r\\nBcc: victim@example.org/500 2011-09-15T10:00:00Z via hook: channel 'hook': "
             "the environment variable HOOK is not set");
  }
}
