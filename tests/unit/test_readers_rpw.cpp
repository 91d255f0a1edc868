#include "readers/rpw.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

using rw::readers::read_rpw_csv;

namespace {

// A catalogue written for these tests.
rw::corridors::Catalogue
rpw_catalogue()
{
  auto catalogue = rw::corridors::Catalogue::load(
    "iso3,name,currency,region,income_group,g20\n"
    "KEN,Kenya,KES,ssa,lower_middle,no\n"
    "TZA,Tanzania,TZS,ssa,lower_middle,no\n"
    "UGA,Uganda,UGX,ssa,low,no\n",
    "countries.csv",
    "sender,receiver,flow_usd,flow_year,flow_source\n",
    "corridors.csv");
  REQUIRE(catalogue);
  return std::move(*catalogue);
}

// The columns RPW's export has (a subset, in the export's names), values invented.
const std::string k_rpw_header =
  "id,period,source_code,destination_code,firm,firm_type,speed actual,cc1 lcu amount,"
  "cc1 denomination amount,cc1 lcu code,cc1 lcu fee,cc1 lcu fx rate,cc1 fx margin,"
  "cc1 total cost %,cc2 lcu amount,cc2 denomination amount,cc2 lcu code,cc2 lcu fee,"
  "cc2 lcu fx rate,cc2 fx margin,cc2 total cost %,inter lcu bank fx,transparent,pickup method,"
  "date,corridor,payment instrument\n";

} // namespace

TEST_SUITE("collector::rpw")
{
  TEST_CASE("a row gives a USD 200 and a USD 500 quote with the source's figures")
  {
    const auto catalogue = rpw_catalogue();
    // fee % = 315 / 18000 × 100 = 1.75; total 5.49 = 1.75 + 3.74: not flagged.
    // cc2: 450 / 45000 × 100 = 1.0; 1.0 + 3.74 = 4.74.
    const auto file = read_rpw_csv(
      k_rpw_header
        + "101,2011_3Q,KEN,UGA,Alpha Money,Money Transfer Operator,Less than one hour,18000.0,200.0,"
          "KES,315.0,31.7658,3.74,5.49,45000.0,500.0,KES,450.0,31.7658,3.74,4.74,33.0,yes,Cash,"
          "06/Sep/2011,KENUGA,\n",
      "r.csv",
      catalogue);
    REQUIRE(file);
    CHECK(file->rejected.empty());
    CHECK(file->rows == 1);
    REQUIRE(file->quotes.size() == 2);
    const auto& cc1 = file->quotes[0];
    CHECK(cc1.period == rw::corridors::Quarter(2011, 3));
    CHECK(cc1.quote.corridor.to_string() == "KEN-UGA");
    CHECK(cc1.quote.service.provider == "Alpha Money");
    CHECK(cc1.quote.service.firm_type == rw::corridors::FirmType::mto);
    CHECK(cc1.quote.service.speed == rw::corridors::SpeedClass::less_than_one_hour);
    CHECK(cc1.quote.service.receiving_method == "Cash");
    CHECK(cc1.quote.standard_amount_usd == 200);
    CHECK(cc1.quote.amount == 18000.0);
    CHECK(cc1.quote.fee == 315.0);
    CHECK(cc1.quote.rate == 31.7658);
    CHECK(cc1.quote.benchmark == 33.0);
    CHECK(cc1.quote.send_currency == "KES");
    CHECK(cc1.quote.receive_currency == "UGX");
    CHECK(cc1.reported_fx_margin_pct == 3.74);
    CHECK(cc1.reported_total_cost_pct == 5.49);
    CHECK_FALSE(cc1.flagged);
    CHECK(cc1.source_ref == "101");
    CHECK(rw::util::format_timestamp(cc1.quote.collected_at) == "2011-09-06T00:00:00Z");
    const auto& cc2 = file->quotes[1];
    CHECK(cc2.quote.standard_amount_usd == 500);
    CHECK(cc2.reported_total_cost_pct == 4.74);
    CHECK(cc1.natural_key != cc2.natural_key);
  }

  TEST_CASE("a total that disagrees with fee % + margin by more than 0.01 pp is flagged")
  {
    const auto catalogue = rpw_catalogue();
    // fee % = 1.75, margin 3.74: 5.49 expected. 5.50 is 0.01 off (within), 5.52 is 0.03 off.
    const std::string row = "1,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,{},,,,,,,,33,yes,,,,\n";
    SUBCASE("within the tolerance")
    {
      const auto file = read_rpw_csv(k_rpw_header + fmt::format(fmt::runtime(row), "5.495"), "r.csv", catalogue);
      REQUIRE(file);
      REQUIRE(file->quotes.size() == 1);
      CHECK_FALSE(file->quotes[0].flagged);
    }
    SUBCASE("beyond it")
    {
      const auto file = read_rpw_csv(k_rpw_header + fmt::format(fmt::runtime(row), "5.52"), "r.csv", catalogue);
      REQUIRE(file);
      REQUIRE(file->quotes.size() == 1);
      CHECK(file->quotes[0].flagged);
      CHECK(file->quotes[0].reported_total_cost_pct == 5.52); // kept as published
      CHECK(file->quotes[0].flag_reason.find("0.0300 pp") != std::string::npos);
    }
  }

  TEST_CASE("columns are found by name in any order; optional ones may be missing")
  {
    const auto catalogue = rpw_catalogue();
    const auto file = read_rpw_csv(
      "transparent,cc1 total cost %,cc1 fx margin,cc1 lcu fee,cc1 lcu amount,firm_type,firm,"
      "destination_code,source_code,period\n"
      "no,8.33,0.0,1500,18000,Bank,Beta Bank,UGA,KEN,2011_3Q\n",
      "subset.csv",
      catalogue);
    REQUIRE(file);
    REQUIRE(file->quotes.size() == 1);
    CHECK_FALSE(file->quotes[0].quote.transparent);
    CHECK(file->quotes[0].reported_total_cost_pct == 8.33);
    CHECK_FALSE(file->quotes[0].quote.service.speed.has_value());
    // No date column: the first day of the period.
    CHECK(rw::util::format_timestamp(file->quotes[0].quote.collected_at) == "2011-07-01T00:00:00Z");
  }

  TEST_CASE("both layouts: 'product' and 'sending location' (up to 2016Q1), 'payment instrument' and 'access point' (from 2016Q2)")
  {
    const auto catalogue = rpw_catalogue();
    const std::string costs = "cc1 lcu amount,cc1 lcu fee,cc1 fx margin,cc1 total cost %";
    const auto old_layout = read_rpw_csv(
      "id,period,source_code,destination_code,firm,firm_type,product,sending location,transparent," + costs
        + "\n1,2015_4Q,KEN,UGA,Alpha,Bank,Account to account,Nairobi,yes,18000,900,2.0,7.0\n",
      "old.csv",
      catalogue);
    REQUIRE(old_layout);
    REQUIRE(old_layout->quotes.size() == 1);
    CHECK(old_layout->quotes[0].quote.service.payment_instrument == "Account to account");
    CHECK(old_layout->quotes[0].natural_key.find("nairobi") != std::string::npos);
    const auto new_layout = read_rpw_csv(
      "id,period,source_code,destination_code,firm,firm_type,payment instrument,access point,transparent," + costs
        + "\n2,2016_2Q,KEN,UGA,Alpha,Bank,Bank account,Online,yes,18000,900,2.0,7.0\n",
      "new.csv",
      catalogue);
    REQUIRE(new_layout);
    REQUIRE(new_layout->quotes.size() == 1);
    CHECK(new_layout->quotes[0].quote.service.payment_instrument == "Bank account");
    CHECK(new_layout->quotes[0].natural_key.find("online") != std::string::npos);
    CHECK(new_layout->quotes[0].period == rw::corridors::Quarter(2016, 2));
  }

  TEST_CASE("a missing required column refuses the file, naming every one")
  {
    const auto catalogue = rpw_catalogue();
    const auto file = read_rpw_csv("id,period,firm,cc1 lcu amount\n1,2011_3Q,A,18000\n", "bad.csv", catalogue);
    REQUIRE_FALSE(file);
    CHECK(file.error().message
          == "bad.csv:1: not an RPW dataset: missing columns source_code, destination_code, "
             "firm_type, transparent, cc1 lcu fee, cc1 fx margin, cc1 total cost %");
  }

  TEST_CASE("a row reads the same with the parse memo as without it, rejections included")
  {
    const auto catalogue = rpw_catalogue();
    std::vector<std::string> names;
    rw::util::CsvReader header(k_rpw_header, "m.csv");
    REQUIRE(header.next(names));
    auto reader = rw::readers::RpwReader::create(names, "m.csv", catalogue);
    REQUIRE(reader);
    // Labels that repeat, change back and forth and are spelled many ways
    // (more speeds than the memo keeps, so kept ones are replaced), with bad
    // rows between good ones that share their other fields.
    const char* const speeds[] = {"2 days", "Next day", "next day", "1 day", "Same day", " Same day",
                                  "3-5 days", "35 days", "6 days or more", "less than 1 hour", "", "n/a"};
    const char* const types[] = {"Bank", "Money Transfer Operator", "bank", "MTO", "Post office"};
    std::string text;
    for (int i = 0; i < 60; ++i) {
      const std::string period = i % 7 == 3 ? "2011_9Q" : (i % 2 == 0 ? "2011_3Q" : "2011_4Q");
      const std::string sender = i % 5 == 4 ? "XYZ" : (i % 3 == 0 ? "ken" : "KEN");
      const std::string transparent = i % 11 == 5 ? "maybe" : (i % 4 == 0 ? "no" : "Yes");
      text += fmt::format("{},{},{},UGA,A,{},{},18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,{},,,,\n", i, period,
                          sender, types[i % 5], speeds[i % 12], transparent);
    }
    rw::util::CsvReader rows(text, "m.csv");
    std::vector<std::string_view> fields;
    rw::readers::RpwParseMemo memo;
    size_t good = 0;
    size_t bad = 0;
    while (*rows.next(fields)) {
      CAPTURE(rows.line());
      const auto with = reader->parse(fields, 0, &memo);
      const auto without = reader->parse(fields, 0, nullptr);
      REQUIRE(with.has_value() == without.has_value());
      if (!with) {
        CHECK(with.error().message == without.error().message);
        ++bad;
        continue;
      }
      ++good;
      CHECK(with->period == without->period);
      CHECK(with->collected_at == without->collected_at);
      CHECK(with->sender == without->sender);
      CHECK(with->receiver == without->receiver);
      CHECK(with->firm_type == without->firm_type);
      CHECK(with->speed == without->speed);
      CHECK(with->transparent == without->transparent);
      CHECK(with->amounts[0].total_pct == without->amounts[0].total_pct);
    }
    // Rows 3, 10, 17, ... have a bad period, 4, 9, 14, ... a bad sender, 5,
    // 16, 27, ... a bad answer: both kinds are there.
    CHECK(good > 20);
    CHECK(bad > 20);
  }

  TEST_CASE("bad rows are rejected with their line")
  {
    const auto catalogue = rpw_catalogue();
    const std::string good =
      "1,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,,,\n";
    const std::pair<const char*, const char*> cases[] = {
      {"2,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,abc,31.7,3.74,5.49,,,,,,,,33,yes,,,,\n",
       "r.csv:3: cc1 lcu fee 'abc' is not a number"},
      {"2,2011_3Q,KEN,XYZ,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,,,\n",
       "r.csv:3: unknown country code 'XYZ'"},
      {"2,2011_7Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,,,\n",
       "r.csv:3: '2011_7Q' is not a quarter"},
      {"2,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,maybe,,,,\n",
       "r.csv:3: transparent 'maybe' is not yes or no"},
      {"2,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,,,,,,,,,33,yes,,,,\n",
       "r.csv:3: no cost figures"},
      {"2,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,,\n",
       "r.csv:3: 26 fields, the header names 27 columns"},
      {"2,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,"
       "yesterday,,\n",
       "r.csv:3: date 'yesterday' is not a date like 24/Jan/2011"},
      {"2,2011_3Q,KEN,UGA,,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,,,\n",
       "r.csv:3: firm is empty"},
      // The survey refuses such a corridor too.
      {"2,2011_3Q,KEN,KEN,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,yes,,,,\n",
       "r.csv:3: corridor KEN-KEN: sender and receiver are the same"},
    };
    for (const auto& [row, message] : cases) {
      CAPTURE(row);
      const auto file = read_rpw_csv(k_rpw_header + good + row, "r.csv", catalogue);
      REQUIRE(file);
      CHECK(file->quotes.size() == 1);
      REQUIRE(file->rejected.size() == 1);
      CHECK(file->rejected[0].line == 3);
      CHECK(file->rejected[0].message.starts_with(message));
    }
  }

  TEST_CASE("transparent: the survey's yes/no answers; a blank or anything else rejects the row")
  {
    const auto catalogue = rpw_catalogue();
    const auto row = [](std::string_view answer) {
      return fmt::format("1,2011_3Q,KEN,UGA,A,Bank,2 days,18000,200,KES,315,31.7,3.74,5.49,,,,,,,,33,{},,,,\n", answer);
    };
    // RPW's own values ("yes", "no"; "Yes"/"No" in the workbook) and the
    // other spellings util::parse_yes_no takes.
    for (const auto& [answer, transparent] : {std::pair{"yes", true}, std::pair{"Yes", true}, std::pair{"Y", true},
                                              std::pair{"true", true}, std::pair{"1", true}, std::pair{"no", false},
                                              std::pair{"No", false}, std::pair{"n", false},
                                              std::pair{"FALSE", false}, std::pair{"0", false}}) {
      CAPTURE(answer);
      const auto file = read_rpw_csv(k_rpw_header + row(answer), "t.csv", catalogue);
      REQUIRE(file);
      REQUIRE(file->quotes.size() == 1);
      CHECK(file->quotes[0].quote.transparent == transparent);
    }
    for (const auto& [answer, message] : {std::pair{"", "t.csv:2: transparent '' is not yes or no"},
                                          std::pair{" ", "t.csv:2: transparent '' is not yes or no"},
                                          std::pair{"maybe", "t.csv:2: transparent 'maybe' is not yes or no"},
                                          std::pair{"2", "t.csv:2: transparent '2' is not yes or no"}}) {
      CAPTURE(answer);
      const auto file = read_rpw_csv(k_rpw_header + row(answer), "t.csv", catalogue);
      REQUIRE(file);
      CHECK(file->quotes.empty());
      REQUIRE(file->rejected.size() == 1);
      CHECK(file->rejected[0].message == message);
    }
  }

  TEST_CASE("a provider listed twice in a corridor and period stays two services")
  {
    const auto catalogue = rpw_catalogue();
    const auto file = read_rpw_csv(
      k_rpw_header
        + "12,2011_1Q,TZA,KEN,Gamma,Bank,2 days,295000,200,TZS,29500,0.00065,1.0,11.0,,,,,,,,0.00066,yes,,,,\n"
          "11,2011_1Q,TZA,KEN,Gamma,Bank,2 days,295000,200,TZS,20650,0.00065,1.0,8.0,,,,,,,,0.00066,yes,,,,\n"
          "13,2011_3Q,TZA,KEN,Gamma,Bank,2 days,295000,200,TZS,20650,0.00065,1.0,8.0,,,,,,,,0.00066,yes,,,,\n",
      "r.csv",
      catalogue);
    REQUIRE(file);
    REQUIRE(file->quotes.size() == 3);
    // In file order: id 12 (first) keeps the plain key, id 11 becomes "#2";
    // id 13 is another period and keeps the plain key.
    CHECK(file->quotes[0].service_key == file->quotes[2].service_key);
    CHECK(file->quotes[1].service_key == file->quotes[0].service_key + "#2");
  }

  TEST_CASE("a row id repeated with other values is rejected; repeated with the same values it is kept once")
  {
    const auto catalogue = rpw_catalogue();
    const std::string first =
      "7,2011_1Q,TZA,KEN,Gamma,Bank,2 days,295000,200,TZS,29500,0.00065,1.0,11.0,,,,,,,,0.00066,yes,,,,\n";
    // The same id, service and period with another fee: one of the two would
    // silently overwrite the other in the store (the same natural key).
    const std::string conflicting =
      "7,2011_1Q,TZA,KEN,Gamma,Bank,2 days,295000,200,TZS,20650,0.00065,1.0,8.0,,,,,,,,0.00066,yes,,,,\n";
    const auto file = read_rpw_csv(k_rpw_header + first + conflicting, "r.csv", catalogue);
    REQUIRE(file);
    REQUIRE(file->quotes.size() == 1);
    CHECK(file->quotes[0].quote.fee == 29500);
    REQUIRE(file->rejected.size() == 1);
    CHECK(file->rejected[0].line == 3);
    CHECK(file->rejected[0].message == "r.csv:3: row id '7' repeats an earlier row with other values (line 2)");

    // An exact repeat changes nothing in the store: kept once, not refused.
    const auto repeated = read_rpw_csv(k_rpw_header + first + first, "r.csv", catalogue);
    REQUIRE(repeated);
    CHECK(repeated->rejected.empty());
    CHECK(repeated->quotes.size() == 1);
  }

  TEST_CASE("a file cut in the middle of a quoted field is refused")
  {
    const auto catalogue = rpw_catalogue();
    const auto file = read_rpw_csv(k_rpw_header + "1,2011_3Q,KEN,UGA,\"Cut", "cut.csv", catalogue);
    REQUIRE_FALSE(file);
    CHECK(file.error().message.find("cut.csv:2") != std::string::npos);
  }

  TEST_CASE("streamed in chunks of 1 MiB, remembering one period and corridor: what the whole text gives")
  {
    // About 3 MB: records cross the chunks' ends wherever they fall, among
    // them quoted names with "" escapes and line breaks, CRLF line ends and
    // rejected rows. The same quotes (keys, "#2" services, figures) and the
    // same rejections, line for line, as read_rpw_csv over the whole text.
    const auto catalogue = rpw_catalogue();
    std::string text = k_rpw_header;
    for (int period = 0; period < 2; ++period) {
      int group = 0; // ids unique in the file: a repeat across corridors is not what this tests
      for (const char* corridor : {"KEN,UGA", "TZA,KEN", "TZA,UGA"}) {
        ++group;
        for (int i = 0; i < 3000; ++i) {
          const std::string firm = i % 7 == 0 ? "\"Bank \"\"One\"\",\nLtd\"" : fmt::format("Firm {}", i % 1000);
          const std::string fee = i % 101 == 0 ? "abc" : "540.0";
          text += fmt::format("{},{},{},{},Bank,Next day,18000,200,KES,{},0.0306,1.5,4.5,,,,,,,,0.0311,yes,Cash,"
                              "01/Feb/2012,X,Cash{}",
                              period * 100000 + group * 10000 + i, period == 0 ? "2011_3Q" : "2012_1Q", corridor, firm, fee,
                              i % 3 == 0 ? "\r\n" : "\n");
        }
      }
    }
    REQUIRE(text.size() > 2 * rw::util::TextStream::k_chunk);
    rw::test::TempDir dir;
    const auto path = dir / "r.csv";
    std::ofstream(path, std::ios::binary) << text;

    const auto whole = read_rpw_csv(text, path.string(), catalogue);
    auto stream = rw::util::TextStream::open(path);
    REQUIRE(stream);
    auto rows = rw::readers::open_rpw_csv(std::move(*stream));
    REQUIRE(rows);
    const auto streamed =
      rw::readers::read_rpw_csv(std::move(*rows), catalogue, {}, rw::readers::RpwMemory::current_group);
    REQUIRE(whole);
    REQUIRE_MESSAGE(streamed, streamed.error().message);
    CHECK(streamed->rows == whole->rows);
    REQUIRE(streamed->quotes.size() == whole->quotes.size());
    for (size_t i = 0; i < whole->quotes.size(); ++i) {
      CHECK(streamed->quotes[i].natural_key == whole->quotes[i].natural_key);
      CHECK(streamed->quotes[i].service_key == whole->quotes[i].service_key);
      CHECK(streamed->quotes[i].line == whole->quotes[i].line);
      CHECK(streamed->quotes[i].quote.service.provider == whole->quotes[i].quote.service.provider);
    }
    REQUIRE(streamed->rejected.size() == whole->rejected.size());
    for (size_t i = 0; i < whole->rejected.size(); ++i) {
      CHECK(streamed->rejected[i].message == whole->rejected[i].message);
    }
    // Firms repeat within a corridor: services told apart by "#2", …
    CHECK(std::ranges::any_of(whole->quotes, [](const auto& q) { return q.service_key.ends_with("#3"); }));
    CHECK(whole->rejected.size() == 2 * 3 * 30); // fee 'abc' on every 101st row: 30 of 3000
  }
}
