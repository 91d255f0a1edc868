#include "readers/ecb.hpp"
#include "tests/unit/support.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using rw::readers::parse_ecb_csv;
using rw::readers::parse_ecb_xml;

TEST_SUITE("collector::ecb")
{
  TEST_CASE("daily file with single quotes, tabs and the default namespace")
  {
    // Written for this test in the ECB's layout; rates invented.
    const auto rates = parse_ecb_xml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" "
      "xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n"
      "\t<gesmes:subject>Reference rates</gesmes:subject>\n"
      "\t<Cube>\n\t\t<Cube time='2025-01-10'>\n"
      "\t\t\t<Cube currency='USD' rate='1.1000'/>\n"
      "\t\t\t<Cube currency='MXN' rate='22.000'/>\n"
      "\t\t</Cube>\n\t</Cube>\n</gesmes:Envelope>\n",
      "daily.xml");
    REQUIRE(rates);
    REQUIRE(rates->size() == 2);
    using namespace date::literals;
    CHECK((*rates)[0].day == 2025_y / 1 / 10);
    CHECK((*rates)[0].currency == "USD");
    CHECK((*rates)[0].rate == 1.1);
    CHECK((*rates)[1].currency == "MXN");
    CHECK((*rates)[1].rate == 22.0);
  }

  TEST_CASE("several days, double quotes, no namespace, one line")
  {
    const auto rates = parse_ecb_xml(
      "<Envelope><Cube><Cube time=\"2013-01-24\"><Cube currency=\"USD\" rate=\"1.3\"/></Cube>"
      "<Cube time=\"2013-01-23\"><Cube currency=\"USD\" rate=\"1.2\"/><Cube currency=\"LTL\" "
      "rate=\"3.4528\"/></Cube></Cube></Envelope>",
      "hist.xml");
    REQUIRE(rates);
    CHECK(rates->size() == 3);
    CHECK((*rates)[2].currency == "LTL");
  }

  TEST_CASE("refusals name the file and line")
  {
    SUBCASE("not XML")
    {
      const auto rates = parse_ecb_xml("<Envelope><Cube>\n<Cube time='2025-01-10'>", "cut.xml");
      REQUIRE_FALSE(rates);
      CHECK(rates.error().message.starts_with("cut.xml:"));
      CHECK(rates.error().message.find("not well-formed XML") != std::string::npos);
    }
    SUBCASE("another XML document")
    {
      const auto rates = parse_ecb_xml("<html><body/></html>", "page.xml");
      REQUIRE_FALSE(rates);
      CHECK(rates.error().message.find("root element <html>") != std::string::npos);
    }
    SUBCASE("rate 0")
    {
      const auto rates = parse_ecb_xml(
        "<Envelope><Cube>\n<Cube time='2025-01-10'>\n<Cube currency='USD' rate='0'/></Cube></Cube></Envelope>",
        "zero.xml");
      REQUIRE_FALSE(rates);
      CHECK(rates.error().message.starts_with("zero.xml:2:"));
      CHECK(rates.error().message.find("USD rate '0'") != std::string::npos);
    }
    SUBCASE("bad date")
    {
      const auto rates = parse_ecb_xml(
        "<Envelope><Cube><Cube time='2025-13-10'><Cube currency='USD' rate='1'/></Cube></Cube></Envelope>",
        "d.xml");
      REQUIRE_FALSE(rates);
      CHECK(rates.error().message.find("'2025-13-10' is not a date") != std::string::npos);
    }
    SUBCASE("no days")
    {
      CHECK_FALSE(parse_ecb_xml("<Envelope><Cube/></Envelope>", "e.xml"));
    }
    SUBCASE("an external entity is not expanded")
    {
      const auto rates = parse_ecb_xml(
        "<!DOCTYPE Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<Envelope><Cube><Cube time='2025-01-10'><Cube currency='&x;' rate='1'/></Cube></Cube></Envelope>",
        "xxe.xml");
      REQUIRE_FALSE(rates);
      CHECK(rates.error().message.find("is not an ISO 4217 code") != std::string::npos);
    }
  }

  TEST_CASE("history CSV: N/A skipped, trailing comma")
  {
    const auto rates = parse_ecb_csv(
      "Date,USD,LTL,\n2025-01-10,1.1,N/A,\n2013-01-23,1.2,3.4528,\n", "hist.csv");
    REQUIRE(rates);
    REQUIRE(rates->size() == 3);
    CHECK((*rates)[0].currency == "USD");
    CHECK((*rates)[2].rate == 3.4528);
    CHECK_FALSE(parse_ecb_csv("When,USD\n", "x.csv"));
    const auto bad = parse_ecb_csv("Date,USD,\n2025-01-10,abc,\n", "b.csv");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "b.csv:2: USD rate 'abc' is not a positive number");
  }
}

TEST_SUITE("realdata::ecb")
{
  TEST_CASE("every XML rate equals the same day's rate in the ECB history CSV")
  {
    const auto dir = rw::test::shared_data_dir() / "ecb";
    const auto csv_text = rw::util::read_file(dir / "eurofxref-hist_1999-01-04_to_2025-05-09.csv");
    REQUIRE(csv_text);
    const auto history = parse_ecb_csv(*csv_text, "hist.csv");
    REQUIRE(history);
    std::map<std::pair<date::year_month_day, std::string>, double> by_day;
    for (const auto& rate : *history) {
      by_day[{rate.day, rate.currency}] = rate.rate;
    }
    for (const char* name : {"eurofxref-daily_2025-05-09.xml", "eurofxref-hist-90d_2012-10-29_to_2013-01-24.xml"}) {
      CAPTURE(name);
      const auto text = rw::util::read_file(dir / name);
      REQUIRE(text);
      const auto rates = parse_ecb_xml(*text, name);
      REQUIRE(rates);
      REQUIRE_FALSE(rates->empty());
      size_t compared = 0;
      for (const auto& rate : *rates) {
        const auto it = by_day.find({rate.day, rate.currency});
        REQUIRE_MESSAGE(it != by_day.end(), rate.currency);
        CHECK(it->second == doctest::Approx(rate.rate).epsilon(1e-12));
        ++compared;
      }
      CHECK(compared == rates->size());
    }
  }

  TEST_CASE("the daily file has 30 currencies on 2025-05-09")
  {
    const auto text = rw::util::read_file(rw::test::shared_data_dir() / "ecb/eurofxref-daily_2025-05-09.xml");
    REQUIRE(text);
    const auto rates = parse_ecb_xml(*text, "daily.xml");
    REQUIRE(rates);
    CHECK(rates->size() == 30);
    using namespace date::literals;
    CHECK(std::ranges::all_of(*rates, [](const auto& r) { return r.day == 2025_y / 5 / 9; }));
  }
}
