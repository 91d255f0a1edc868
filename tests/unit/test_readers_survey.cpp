#include "readers/survey.hpp"

#include <doctest/doctest.h>

#include <string>

using rw::readers::read_survey_csv;

namespace {

// A catalogue written for these tests (not the built-in one).
rw::corridors::Catalogue
survey_catalogue()
{
  auto catalogue = rw::corridors::Catalogue::load(
    "iso3,name,currency,region,income_group,g20\n"
    "MEX,Mexico,MXN,lac,upper_middle,yes\n"
    "USA,United States,USD,na,high,yes\n",
    "countries.csv",
    "sender,receiver,flow_usd,flow_year,flow_source\n",
    "corridors.csv");
  REQUIRE(catalogue);
  return std::move(*catalogue);
}

const std::string k_survey_columns =
  "corridor,provider,firm_type,payment_instrument,receiving_method,speed,amount,currency,fee,rate,"
  "benchmark,received,collected_at,transparent,accessible,amount_usd\n";

} // namespace

TEST_SUITE("collector::survey")
{
  TEST_CASE("a complete row becomes a quote")
  {
    const auto catalogue = survey_catalogue();
    const auto file = read_survey_csv(
      k_survey_columns
        + "usa-mex,Bluebird Remit,Money Transfer Operator,online,bank account,Same day,200,usd,3.99,"
          "19.70,20,3940,2024-11-15T10:05:00Z,yes,no,500\n",
      "s.csv",
      catalogue);
    REQUIRE(file);
    REQUIRE(file->quotes.size() == 1);
    CHECK(file->rejected.empty());
    const auto& q = file->quotes[0];
    CHECK(q.corridor.to_string() == "USA-MEX");
    CHECK(q.service.provider == "Bluebird Remit");
    CHECK(q.service.firm_type == rw::corridors::FirmType::mto);
    CHECK(q.service.speed == rw::corridors::SpeedClass::same_day);
    CHECK_FALSE(q.service.accessible);
    CHECK(q.send_currency == "USD");
    CHECK(q.receive_currency == "MXN"); // from the catalogue when the column is absent
    CHECK(q.amount == 200.0);
    CHECK(q.fee == 3.99);
    CHECK(q.rate == 19.70);
    CHECK(q.benchmark == 20.0);
    CHECK(q.received == 3940.0);
    CHECK(q.transparent);
    CHECK(q.standard_amount_usd == 500);
    CHECK(q.source == "survey");
  }

  TEST_CASE("a non-transparent service may leave its rates blank")
  {
    const auto catalogue = survey_catalogue();
    const auto file = read_survey_csv(
      k_survey_columns + "USA-MEX,Hidden Rate Co,Non-Bank FI,cash,cash,Next day,200,USD,3,,,,2024-11-15,no,,\n",
      "s.csv",
      catalogue);
    REQUIRE(file);
    REQUIRE(file->quotes.size() == 1);
    CHECK_FALSE(file->quotes[0].transparent);
    // RPW's convention for undisclosed rates: both 1, margin 0.
    CHECK(file->quotes[0].rate == 1.0);
    CHECK(file->quotes[0].benchmark == 1.0);
    CHECK(file->quotes[0].service.firm_type == rw::corridors::FirmType::other);
  }

  TEST_CASE("bad rows are rejected with their line, good ones kept")
  {
    const auto catalogue = survey_catalogue();
    const std::string good = "USA-MEX,Good,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n";
    struct Case
    {
      const char* row;
      const char* message;
    };
    const Case cases[] = {
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,abc,19.5,20,,2024-11-01,yes,,\n", "fee 'abc' is not a number"},
      {"USA-XXX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n", "unknown country code XXX"},
      {"USA-USA,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n", "sender and receiver are the same"},
      {"USAMEXX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n", "is not a corridor"},
      {"USA-MEX,P,mto,cash,cash,Same day,0,USD,5,19.5,20,,2024-11-01,yes,,\n", "amount 0 is not positive"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,-1,19.5,20,,2024-11-01,yes,,\n", "fee -1 is negative"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,0,20,,2024-11-01,yes,,\n", "rate 0 is not positive"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,-20,,2024-11-01,yes,,\n", "benchmark -20 is not positive"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,,,,2024-11-01,yes,,\n", "rate '' is not a number"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,soon,yes,,\n", "'soon' is not a timestamp"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,perhaps,,\n", "transparent 'perhaps' is not yes or no"},
      {"USA-MEX,P,,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n", "firm type '' is empty"},
      {"USA-MEX,,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n", "provider is empty"},
      {"USA-MEX,P,mto,cash,cash,Soonish,200,USD,5,19.5,20,,2024-11-01,yes,,\n", "speed 'Soonish'"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,US,5,19.5,20,,2024-11-01,yes,,\n", "currency 'US'"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,300\n", "amount_usd '300' is not 200 or 500"},
      {"USA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,-3,2024-11-01,yes,,\n", "received '-3'"},
      {"USA-MEX,P,mto,cash\n", "s.csv:3: 4 fields, the header has 16"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.row);
      const auto file = read_survey_csv(k_survey_columns + good + c.row, "s.csv", catalogue);
      REQUIRE(file);
      CHECK(file->rows == 2);
      CHECK(file->quotes.size() == 1);
      REQUIRE(file->rejected.size() == 1);
      CHECK(file->rejected[0].line == 3);
      CHECK(file->rejected[0].message.starts_with("s.csv:3: "));
      CHECK(file->rejected[0].message.find(c.message) != std::string::npos);
    }
  }

  TEST_CASE("files that are not survey CSV are refused whole")
  {
    const auto catalogue = survey_catalogue();
    SUBCASE("empty")
    {
      const auto file = read_survey_csv("", "e.csv", catalogue);
      REQUIRE_FALSE(file);
      CHECK(file.error().message == "e.csv: not a survey CSV: the file is empty");
    }
    SUBCASE("binary")
    {
      const auto file = read_survey_csv(std::string("PK\x03\x04\0\0", 6), "b.xlsx", catalogue);
      REQUIRE_FALSE(file);
      CHECK(file.error().message.find("binary") != std::string::npos);
    }
    SUBCASE("missing columns are all named")
    {
      const auto file = read_survey_csv("corridor,provider,fee\n", "m.csv", catalogue);
      REQUIRE_FALSE(file);
      CHECK(file.error().message
            == "m.csv:1: not a survey CSV: missing columns firm_type, amount, currency, rate, "
               "benchmark, collected_at, transparent");
    }
    SUBCASE("a quote left open to the end of the file")
    {
      const auto file = read_survey_csv(
        k_survey_columns + "USA-MEX,\"Cut short,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n",
        "cut.csv",
        catalogue);
      REQUIRE_FALSE(file);
      CHECK(file.error().message.find("cut.csv:2") != std::string::npos);
    }
  }

  TEST_CASE("comment lines and blank lines are skipped")
  {
    const auto catalogue = survey_catalogue();
    const auto file = read_survey_csv(
      "# invented values\n" + k_survey_columns
        + "\n# another comment\nUSA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n",
      "c.csv",
      catalogue);
    REQUIRE(file);
    CHECK(file->rows == 1);
    CHECK(file->quotes.size() == 1);
    CHECK(file->rejected.empty());
  }

  TEST_CASE("blank lines and comments before the header are skipped; lines keep their numbers")
  {
    const auto catalogue = survey_catalogue();
    const auto file = read_survey_csv(
      "\n  \r\n# invented values\n\n" + k_survey_columns
        + "USA-MEX,P,mto,cash,cash,Same day,200,USD,5,19.5,20,,2024-11-01,yes,,\n"
          "USA-MEX,P,mto,cash,cash,Same day,200,USD,abc,19.5,20,,2024-11-01,yes,,\n",
      "c.csv",
      catalogue);
    REQUIRE_MESSAGE(file, (file ? "" : file.error().message));
    CHECK(file->quotes.size() == 1);
    REQUIRE(file->rejected.size() == 1);
    CHECK(file->rejected[0].message.starts_with("c.csv:7: ")); // 4 lines before the header, then 2 rows
    // Only blank lines: still an empty file, not a header of one blank column.
    const auto blank = read_survey_csv("\n\n \n", "b.csv", catalogue);
    REQUIRE_FALSE(blank);
    CHECK(blank.error().message == "b.csv: not a survey CSV: the file is empty");
  }
}
