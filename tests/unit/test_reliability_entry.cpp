// Issue #21, item 1 and part of item 9: no input (a survey or RPW file, an
// ECB file, a Wise answer) stores a row that breaks the reads after it, and
// a bad row planted in the database by hand is left out and named, not a
// failure of every read command.

#include "collector/collect.hpp"
#include "collector/config.hpp"
#include "corridors/quarter.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/store_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "readers/ecb.hpp"
#include "readers/rpw.hpp"
#include "readers/survey.hpp"

using rw::test::ChildOptions;
using rw::test::run_remitwatch;

using rw::test::dump_of;
using rw::test::joined;
using rw::test::read_commands;

namespace {

const std::string k_survey_header =
    "corridor,provider,firm_type,payment_instrument,receiving_method,speed,amount,currency,fee,"
    "rate,"
    "benchmark,received,collected_at,transparent,accessible,amount_usd\n";

// A valid survey row (USA-MEX, fee 3.99 on 200: 2 %; rate 19.70 on 20: 1.5 %)
// with its collection time and fee replaced.
std::string
survey_row(const std::string &collected_at, const std::string &fee = "3.99",
           const std::string &provider = "Bluebird")
{
  return fmt::format("USA-MEX,{},Money Transfer Operator,online,bank account,Same "
                     "day,200,USD,{},19.70,20,,{},yes,yes,"
                     "200\n",
                     provider, fee, collected_at);
}

struct Output
{
  int status = 0;
  std::string err;
};

Output
run_with_stderr(const std::vector<std::string> &args, const std::filesystem::path &dir)
{
  const auto err = dir / "stderr.txt";
  ChildOptions options;
  options.stderr_path = err.string();
  Output out;
  out.status = run_remitwatch(args, options);
  out.err = rw::test::file_text(err.string());
  return out;
}


// ECB rates of 2025-05-09: USD 1.10 and MXN 22.0 per EUR (mid 20 MXN per USD).
std::string
ecb_day_xml(const std::string &day = "2025-05-09")
{
  return fmt::format(
      "<?xml version='1.0' encoding='UTF-8'?>\n<gesmes:Envelope "
      "xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" "
      "xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n"
      "  <Cube>\n    <Cube time='{}'>\n      <Cube currency='USD' rate='1.10'/>\n"
      "      <Cube currency='MXN' rate='22.0'/>\n    </Cube>\n  </Cube>\n</gesmes:Envelope>\n",
      day);
}

// A Wise answer for USD→MXN: Wise itself at the mid rate 20, and one other
// provider's quotes as given (JSON objects).
std::string
wise_json(double amount, const std::vector<std::string> &other_quotes)
{
  std::string quotes;
  for (const auto &q : other_quotes) {
    quotes += (quotes.empty() ? "" : ",") + q;
  }
  return fmt::format(
      R"({{"sourceCurrency":"USD","targetCurrency":"MXN","amount":{},"amountType":"SEND","providers":[)"
      R"({{"alias":"wise","name":"Wise","type":"moneyTransferProvider","quotes":[{{"rate":20,"fee":1.5,)"
      R"("receivedAmount":3970,"dateCollected":"2025-05-10T06:00:00Z"}}]}},)"
      R"({{"alias":"other","name":"Other Remit","type":"moneyTransferProvider","quotes":[{}]}}]}})",
      amount, quotes);
}

std::string
other_quote(double fee, const std::string &date, double received = 3900)
{
  return fmt::format(R"({{"rate":19.8,"fee":{},"receivedAmount":{},"dateCollected":"{}"}})", fee,
                     received, date);
}

struct CollectedRun
{
  std::vector<std::string> skipped;     // the log's "skipped" details
  std::int64_t other_quotes = 0;        // Other Remit's stored quotes
  std::int64_t flagged_as_conflict = 0; // of them, flagged for a second, different quote (fee 7)
};

// One collection run (ECB and Wise, USA-MEX, USD 200) against a local server
// whose Wise answer is `wise`; then what was stored of "Other Remit".
CollectedRun
collect_with(const std::filesystem::path &dir, const std::string &wise)
{
  rw::test::HttpTestServer server([&](const rw::test::TestRequest &r) -> rw::test::TestReply {
    if (r.target.starts_with("/ecb/")) {
      return {200, {}, ecb_day_xml()};
    }
    return {200, {}, wise};
  });
  auto db = rw::store::Database::open(rw::test::store_at(dir / "c.db"));
  REQUIRE(db);
  REQUIRE(rw::store::migrate(*db));
  rw::collector::CollectConfig config;
  config.corridors = {"USA-MEX"};
  config.amounts = {200};
  config.sources = {"ecb", "wise"};
  config.ecb_url = server.url("/ecb/daily.xml");
  config.wise_base_url = server.url("/wise");
  config.min_interval = std::chrono::milliseconds(0);
  config.origin = "test";
  CollectedRun out;
  rw::collector::CollectOptions options;
  options.now = "2025-05-10T12:00:00Z";
  options.log = [&](const rw::collector::LogEvent &e) {
    if (e.event == "skipped") {
      out.skipped.push_back(e.detail);
    }
  };
  auto summary =
      rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir / "archive", options);
  REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
  const std::string other =
      "FROM quotes q JOIN services s ON s.id = q.service_id JOIN providers p ON p.id = "
      "s.provider_id WHERE p.name = 'Other Remit'";
  auto count = db->query_int("SELECT count(*) " + other);
  REQUIRE(count);
  out.other_quotes = *count;
  auto flagged = db->query_int(
      "SELECT count(*) " + other
      + " AND q.flagged = 1 AND q.flag_reason LIKE '%a second quote for this service and "
        "time (fee 7%'");
  REQUIRE(flagged);
  out.flagged_as_conflict = *flagged;
  return out;
}

} // namespace

TEST_SUITE("readers::entry")
{
  TEST_CASE("one range of years: 1990 to 2099 for quarters and dates" * rw::test::no_store())
  {
    using rw::corridors::Quarter;
    CHECK(Quarter::parse("1990Q1"));
    CHECK(Quarter::parse("2099Q4"));
    for (const char *bad : {"1899Q4", "1989Q4", "2100Q1", "3000Q1", "0000Q1"}) {
      CAPTURE(bad);
      const auto q = Quarter::parse(bad);
      REQUIRE_FALSE(q);
      CHECK(q.error().message.find("outside 1990 to 2099") != std::string::npos);
    }
  }

  TEST_CASE("a survey row dated outside the range, or with an implausible fee, is rejected with "
            "FILE:LINE" * rw::test::no_store())
  {
    const auto &catalogue = rw::test::builtin_catalogue();
    const std::pair<std::string, std::string> cases[] = {
        {survey_row("1899-12-31T00:00:00Z"), "year 1899"},
        {survey_row("0000-01-01T00:00:00Z"), "year 0"},
        {survey_row("3000-01-01T00:00:00Z"), "year 3000"},
        {survey_row("2099-12-31T23:00:00-05:00"), "year 2100"}, // UTC decides, as for the quarter
        {survey_row("2024-11-15T10:05:00Z", "1e308"),
         "fee 1e+308 is not between 0 and the amount sent"},
        {survey_row("2024-11-15T10:05:00Z", "250"), "fee 250 is not between 0 and the amount sent"},
    };
    for (const auto &[row, why] : cases) {
      CAPTURE(row);
      const auto file = rw::readers::read_survey_csv(
          k_survey_header + survey_row("2024-11-15T10:05:00Z") + row, "s.csv", catalogue);
      REQUIRE(file);
      CHECK(file->quotes.size() == 1);
      REQUIRE(file->rejected.size() == 1);
      CHECK(file->rejected[0].message.starts_with("s.csv:3: "));
      CHECK(file->rejected[0].message.find(why) != std::string::npos);
    }
  }

  TEST_CASE("an RPW date whose year would wrap through 16 bits, or out of range, rejects the row"
            * rw::test::no_store())
  {
    const auto &catalogue = rw::test::builtin_catalogue();
    const std::string header =
        "id,period,source_code,destination_code,firm,firm_type,cc1 lcu amount,cc1 lcu code,"
        "cc1 lcu fee,cc1 lcu fx rate,cc1 fx margin,cc1 total cost %,inter lcu bank fx,"
        "transparent,date\n";
    const auto row = [](const std::string &date, const std::string &total = "5.49") {
      return fmt::format("1,2011_3Q,KEN,UGA,A,Bank,18000,KES,315,31.7,3.74,{},33,yes,{}\n", total,
                         date);
    };
    const std::pair<std::string, std::string> cases[] = {
        {row("01/Jan/99999"),
         "r.csv:3: date '01/Jan/99999' is in year 99999, outside 1990 to 2099"},
        {row("01/Jan/1899"), "r.csv:3: date '01/Jan/1899' is in year 1899"},
        {row("1899-12-31"), "r.csv:3: date '1899-12-31' is in year 1899"},
        {row("1"), "r.csv:3: date '1' is in year 1899"}, // an Excel serial day
        {row("257/Jan/2011"),
         "r.csv:3: date '257/Jan/2011' is not a date"}, // would wrap to the 1st
        // Another id: the same id with other values is refused as a repeat first.
        {"2" + row("06/Sep/2011", "1e300").substr(1),
         "r.csv:3: cc1: published total cost % 1e+300 is outside -100 to 100"},
    };
    for (const auto &[bad, message] : cases) {
      CAPTURE(bad);
      const auto file =
          rw::readers::read_rpw_csv(header + row("06/Sep/2011") + bad, "r.csv", catalogue);
      REQUIRE(file);
      CHECK(file->quotes.size() == 1);
      REQUIRE(file->rejected.size() == 1);
      INFO(file->rejected[0].message);
      CHECK(file->rejected[0].message.starts_with(message));
    }
  }

  TEST_CASE("ECB rates dated outside the range refuse the file, naming the line"
            * rw::test::no_store())
  {
    const auto rates = rw::readers::parse_ecb_xml(ecb_day_xml("9999-05-09"), "daily.xml");
    REQUIRE_FALSE(rates);
    CHECK_MESSAGE(rates.error().message.find("daily.xml:4: Cube time '9999-05-09' is in year 9999")
                      != std::string::npos,
                  rates.error().message);
    CHECK(rw::readers::parse_ecb_xml(ecb_day_xml(), "daily.xml"));
    const auto csv =
        rw::readers::parse_ecb_csv("Date,USD,\n2025-05-09,1.10,\n1899-12-31,1.0,\n", "h.csv");
    REQUIRE_FALSE(csv);
    CHECK(csv.error().message.find("h.csv:3: date '1899-12-31' is in year 1899")
          != std::string::npos);
  }
}

TEST_SUITE("collector::entry")
{
  TEST_CASE("a Wise quote dated 0001 or 9999, with a negative amount received or a fee of 1e308 is "
            "not stored")
  {
    const std::pair<std::string, std::string> cases[] = {
        {other_quote(2, "0001-01-01T00:00:00Z"), "year 1,"},
        {other_quote(2, "9999-12-31T23:59:59Z"), "year 9999"},
        {other_quote(2, "2025-05-10T06:00:00Z", -5), "amount received -5"},
        {other_quote(1e308, "2025-05-10T06:00:00Z"), "fee 1e+308"},
    };
    for (const auto &[quote, why] : cases) {
      CAPTURE(quote);
      rw::test::TempDir dir;
      const auto collected = collect_with(dir.path(), wise_json(200, {quote}));
      CHECK(collected.other_quotes == 0);
      REQUIRE(collected.skipped.size() == 1);
      CHECK(collected.skipped[0].starts_with("provider 'Other Remit' (USA-MEX USD 200): "));
      INFO(collected.skipped[0]);
      CHECK(collected.skipped[0].find(why) != std::string::npos);
    }
    rw::test::TempDir dir;
    const auto good =
        collect_with(dir.path(), wise_json(200, {other_quote(2, "2025-05-10T06:00:00Z")}));
    CHECK(good.other_quotes == 1);
    CHECK(good.skipped.empty());
  }

  TEST_CASE("two different quotes for one service and time in one Wise answer: the first kept and "
            "flagged")
  {
    rw::test::TempDir dir;
    const auto conflict =
        collect_with(dir.path(), wise_json(200, {other_quote(2, "2025-05-10T06:00:00Z"),
                                                 other_quote(7, "2025-05-10T06:00:00Z")}));
    CHECK(conflict.other_quotes == 1);
    CHECK(conflict.flagged_as_conflict == 1);
    rw::test::TempDir same;
    const auto twice =
        collect_with(same.path(), wise_json(200, {other_quote(2, "2025-05-10T06:00:00Z"),
                                                  other_quote(2, "2025-05-10T06:00:00Z")}));
    CHECK(twice.other_quotes == 1);
    CHECK(twice.flagged_as_conflict == 0);
  }
}

TEST_SUITE("reliability")
{
  TEST_CASE("a stored quote dated out of range, planted by hand, is left out and named; every read "
            "goes on")
  {
    rw::test::TempDir dir;
    const auto db = rw::test::store_at(dir.path() / "e.db");
    REQUIRE(run_remitwatch({"import", "survey",
                            (rw::test::source_dir() / "examples/survey.csv").string(), "--db",
                            db.string()})
            == 0);
    for (const char *plant :
         {"UPDATE quotes SET collected_at = '1899-12-31T00:00:00Z', period = '1899Q4' "
          "WHERE id = (SELECT min(id) FROM quotes)",
          "UPDATE quotes SET collected_at = 'not a time' WHERE id = (SELECT max(id) FROM quotes)",
          "UPDATE quotes SET period = '3000Q1' WHERE id = (SELECT min(id) + 1 FROM quotes)"}) {
      auto database = rw::store::Database::open(db);
      REQUIRE(database);
      REQUIRE(database->exec(plant));
    }
    for (const auto &args : read_commands(db)) {
      CAPTURE(fmt::format("{}", fmt::join(args, " ")));
      const auto out = run_with_stderr(args, dir.path());
      CHECK_MESSAGE(out.status == 0, out.err);
      if (args[0] != "db") {
        CHECK(out.err.find("left out: ") != std::string::npos);
        CHECK(out.err.find("year 1899") != std::string::npos);
      }
    }
  }

  TEST_CASE(
      "random valid and invalid survey rows imported in random order: every read still exits 0")
  {
    rw::test::TempDir dir;
    const auto db = rw::test::store_at(dir.path() / "p.db");
    std::mt19937 random(21); // seeded: the same rows on every run
    std::uniform_int_distribution<int> year(0, 9999), month(1, 12), day(1, 28), kind(0, 5);
    std::vector<std::string> rows;
    for (int i = 0; i < 200; ++i) {
      const bool valid_year = kind(random) < 3;
      const int y = valid_year ? 2011 + year(random) % 14 : year(random);
      const std::string fees[] = {"3.99", "-5", "1e308", "250", "0", "12.5"};
      rows.push_back(
          survey_row(fmt::format("{:04}-{:02}-{:02}T10:00:00Z", y, month(random), day(random)),
                     fees[kind(random)], fmt::format("P{}", i % 7)));
    }
    for (int file = 0; file < 4; ++file) {
      std::shuffle(rows.begin(), rows.end(), random);
      std::string text = k_survey_header;
      for (size_t i = 0; i < 50; ++i) {
        text += rows[i];
      }
      const auto path = dir.path() / fmt::format("s{}.csv", file);
      std::ofstream(path) << text;
      const int status = run_remitwatch({"import", "survey", path.string(), "--db", db.string()});
      CHECK((status == 0 || status == 4)); // 4: some rows rejected
    }
    for (const auto &args : read_commands(db)) {
      CAPTURE(fmt::format("{}", fmt::join(args, " ")));
      const auto out = run_with_stderr(args, dir.path());
      CHECK_MESSAGE(out.status == 0, out.err);
      CHECK(out.err.empty());
    }
  }
}
