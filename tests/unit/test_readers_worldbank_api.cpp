#include "readers/worldbank_api.hpp"
#include "tests/unit/support.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <set>

using rw::readers::parse_worldbank;

TEST_SUITE("collector::worldbank_api")
{
  // Both written for these tests in the API's two shapes; values invented.
  TEST_CASE("JSON page with a null value")
  {
    const auto page = parse_worldbank(
      R"([{"page":1,"pages":1,"per_page":50,"total":2,"sourceid":"2","lastupdated":"2025-01-01"},
          [{"indicator":{"id":"SI.RMT.COST.IB.ZS","value":"cost to"},"country":{"id":"MX","value":"Mexico"},
            "countryiso3code":"MEX","date":"2023","value":4.5,"unit":"","obs_status":"","decimal":2},
           {"indicator":{"id":"SI.RMT.COST.IB.ZS","value":"cost to"},"country":{"id":"MX","value":"Mexico"},
            "countryiso3code":"MEX","date":"2022","value":null,"unit":"","obs_status":"","decimal":2}]])",
      "p.json");
    REQUIRE(page);
    CHECK(page->total == 2);
    CHECK(page->last_updated == "2025-01-01");
    REQUIRE(page->values.size() == 2);
    CHECK(page->values[0].country_iso3 == "MEX");
    CHECK(page->values[0].value == 4.5);
    CHECK_FALSE(page->values[1].value.has_value());
  }

  TEST_CASE("XML page, the API's default")
  {
    const auto page = parse_worldbank(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<wb:data page=\"1\" pages=\"1\" per_page=\"50\" total=\"2\" sourceid=\"2\" lastupdated=\"2025-01-01\" "
      "xmlns:wb=\"http://www.worldbank.org\">\n"
      "  <wb:data>\n    <wb:indicator id=\"SI.RMT.COST.OB.ZS\">cost from</wb:indicator>\n"
      "    <wb:country id=\"US\">United States</wb:country>\n    <wb:countryiso3code>USA</wb:countryiso3code>\n"
      "    <wb:date>2023</wb:date>\n    <wb:value>5.75</wb:value>\n  </wb:data>\n"
      "  <wb:data>\n    <wb:indicator id=\"SI.RMT.COST.OB.ZS\">cost from</wb:indicator>\n"
      "    <wb:country id=\"US\">United States</wb:country>\n    <wb:countryiso3code>USA</wb:countryiso3code>\n"
      "    <wb:date>2022</wb:date>\n    <wb:value />\n  </wb:data>\n</wb:data>\n",
      "p.xml");
    REQUIRE(page);
    CHECK(page->total == 2);
    REQUIRE(page->values.size() == 2);
    CHECK(page->values[0].indicator == "SI.RMT.COST.OB.ZS");
    CHECK(page->values[0].country_name == "United States");
    CHECK(page->values[0].value == 5.75);
    CHECK_FALSE(page->values[1].value.has_value());
  }

  TEST_CASE("error replies and garbage are refused")
  {
    const auto json_error = parse_worldbank(
      R"([{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}])",
      "e.json");
    REQUIRE_FALSE(json_error);
    CHECK(json_error.error().message.find("the API answered with an error") != std::string::npos);
    const auto xml_error = parse_worldbank(
      "<wb:error xmlns:wb=\"http://www.worldbank.org\"><wb:message id=\"120\">Invalid value</wb:message></wb:error>",
      "e.xml");
    REQUIRE_FALSE(xml_error);
    CHECK(xml_error.error().message.find("Invalid value") != std::string::npos);
    CHECK_FALSE(parse_worldbank("{\"a\":1}", "o.json"));
    CHECK_FALSE(parse_worldbank("<html/>", "h.xml"));
    CHECK_FALSE(parse_worldbank("[{\"page\":1},[{\"indicator\":{\"id\":\"X\"},\"date\":\"2020\",\"value\":\"high\"}]]", "v.json"));
  }
}

TEST_SUITE("realdata::worldbank_api")
{
  TEST_CASE("the two mrv5 JSON pages: 12 Latin American countries, 5 values each")
  {
    std::set<std::string> countries;
    size_t values = 0;
    size_t nulls = 0;
    for (const char* name : {"wbapi_v2_SI.RMT.COST.IB.ZS_mrv5_json_part1.json", "wbapi_v2_SI.RMT.COST.IB.ZS_mrv5_json_part2.json"}) {
      const auto text = rw::util::read_file(rw::test::shared_data_dir() / "worldbank" / name);
      REQUIRE(text);
      const auto page = parse_worldbank(*text, name);
      REQUIRE(page);
      CHECK(page->total == 30);
      for (const auto& value : page->values) {
        CHECK(value.indicator == "SI.RMT.COST.IB.ZS");
        countries.insert(value.country_iso3);
        ++values;
        nulls += value.value ? 0U : 1U;
      }
    }
    CHECK(countries.size() == 12);
    CHECK(values == 60);
    CHECK(nulls > 0); // the files carry some null values
  }

  TEST_CASE("the 'no data' reply parses to an empty page")
  {
    const auto text = rw::util::read_file(rw::test::shared_data_dir()
                                          / "worldbank/wbapi_v2_SI.RMT.COST.IB.ZS_VEN_empty_response.json");
    REQUIRE(text);
    const auto page = parse_worldbank(*text, "ven.json");
    REQUIRE(page);
    CHECK(page->total == 0);
    CHECK(page->values.empty());
  }
}
