#include "collector/databank.hpp"
#include "collector/rpw.hpp"
#include "corridors/catalogue.hpp"
#include "tests/unit/support.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using rw::corridors::Catalogue;
using rw::corridors::IncomeGroup;
using rw::corridors::Region;

namespace {

const std::string k_countries_header = "iso3,name,currency,region,income_group,g20\n";
const std::string k_corridors_header = "sender,receiver,flow_usd,flow_year,flow_source\n";
const std::string k_two_countries = k_countries_header
                                    + "KEN,Kenya,KES,ssa,lower_middle,no\n"
                                      "UGA,Uganda,UGX,ssa,low,no\n";

std::string
load_error(const std::string& countries, const std::string& corridors)
{
  const auto catalogue = Catalogue::load(countries, "countries.csv", corridors, "corridors.csv");
  REQUIRE_FALSE(catalogue);
  CHECK(catalogue.error().kind == rw::util::ErrorKind::parse);
  return catalogue.error().message;
}

} // namespace

TEST_SUITE("corridors::catalogue")
{
  TEST_CASE("the built-in catalogue loads and knows the facts it records")
  {
    const auto catalogue = Catalogue::load_builtin();
    REQUIRE(catalogue);
    CHECK(catalogue->countries().size() >= 200);
    const auto* kenya = catalogue->find_country("KEN");
    REQUIRE(kenya != nullptr);
    CHECK(kenya->currency == "KES");
    CHECK(kenya->region == Region::ssa);
    CHECK(kenya->income == IncomeGroup::lower_middle);
    CHECK_FALSE(kenya->g20);
    const auto* usa = catalogue->find_country("USA");
    REQUIRE(usa != nullptr);
    CHECK(usa->income == IncomeGroup::high);
    CHECK(usa->region == Region::na);
    CHECK(usa->g20);
    const auto* mexico = catalogue->find_country("MEX");
    REQUIRE(mexico != nullptr);
    CHECK(mexico->region == Region::lac);
    CHECK(mexico->income == IncomeGroup::upper_middle);
    CHECK(mexico->g20);
    // Exactly the 19 member countries are G20 (the EU and AU are not countries).
    size_t g20 = 0;
    for (const auto& country : catalogue->countries()) {
      g20 += country.g20 ? 1U : 0U;
    }
    CHECK(g20 == 19);
    CHECK(catalogue->find_country("XXX") == nullptr);
    const auto* usa_mex = catalogue->find_corridor({"USA", "MEX"});
    REQUIRE(usa_mex != nullptr);
    REQUIRE(usa_mex->flow_usd.has_value());
    CHECK(usa_mex->flow_year == 2021);
    CHECK_FALSE(usa_mex->flow_source.empty());
    CHECK(catalogue->corridors().size() >= 30);
  }

  TEST_CASE("codes and names of regions and income groups")
  {
    CHECK(*rw::corridors::parse_region("SSA") == Region::ssa);
    CHECK(rw::corridors::display_name(Region::mena) == "Middle East & North Africa");
    CHECK(*rw::corridors::parse_income_group("upper_middle") == IncomeGroup::upper_middle);
    CHECK_FALSE(rw::corridors::parse_region("europe"));
    CHECK_FALSE(rw::corridors::parse_income_group("rich"));
  }

  TEST_CASE("errors name the file and line")
  {
    const std::string no_corridors = k_corridors_header;
    CHECK(load_error(k_countries_header + "KE,Kenya,KES,ssa,low,no\n", no_corridors)
          == "countries.csv:2: 'KE' is not an ISO 3166-1 alpha-3 code");
    CHECK(load_error(k_two_countries + "KEN,Kenya again,KES,ssa,low,no\n", no_corridors)
          == "countries.csv:4: country KEN is listed twice");
    CHECK(load_error(k_countries_header + "KEN,Kenya,KSH1,ssa,low,no\n", no_corridors)
          == "countries.csv:2: currency 'KSH1' of KEN is not an ISO 4217 code");
    CHECK(load_error(k_countries_header + "KEN,Kenya,KES,africa,low,no\n", no_corridors).starts_with(
      "countries.csv:2: region 'africa' is not one of"));
    CHECK(load_error(k_countries_header + "KEN,Kenya,KES,ssa,poor,no\n", no_corridors).starts_with(
      "countries.csv:2: income group 'poor'"));
    CHECK(load_error(k_countries_header + "KEN,Kenya,KES,ssa,low,maybe\n", no_corridors)
          == "countries.csv:2: g20 'maybe' is not yes or no");
    CHECK(load_error("iso3,name,currency\nKEN,Kenya,KES\n", no_corridors)
          == "countries.csv:1: missing column 'region'");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,XYZ,,,\n")
          == "corridors.csv:2: unknown country code 'XYZ'");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA,,,\nKEN,UGA,,,\n")
          == "corridors.csv:3: corridor KEN-UGA is listed twice");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,KEN,,,\n")
          == "corridors.csv:2: corridor KEN-KEN sends to itself");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA,lots,2021,x\n")
          == "corridors.csv:2: flow_usd 'lots' of KEN-UGA is not a non-negative number");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA,-5,2021,x\n")
          == "corridors.csv:2: flow_usd '-5' of KEN-UGA is not a non-negative number");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA,100,,x\n")
          == "corridors.csv:2: flow of KEN-UGA needs a year (got '')");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA,100,2021,\n")
          == "corridors.csv:2: flow of KEN-UGA needs a source");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA,,2021,\n")
          == "corridors.csv:2: KEN-UGA has a flow year or source but no flow");
    CHECK(load_error(k_two_countries, k_corridors_header + "KEN,UGA\n")
          == "corridors.csv:2: 2 fields, the header has 5");
  }

  TEST_CASE("a directory replaces the built-in files; a missing one is named")
  {
    const auto missing = Catalogue::load_directory("/nonexistent-remitwatch-catalogue");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("/nonexistent-remitwatch-catalogue/countries.csv") != std::string::npos);
    const auto here = Catalogue::load_directory(rw::test::source_dir() / "corridors/data");
    REQUIRE(here);
    CHECK(here->countries().size() == Catalogue::load_builtin()->countries().size());
  }
}

TEST_SUITE("realdata::corridors")
{
  TEST_CASE("every country of the DataBank corridor series and the RPW extract is in the catalogue")
  {
    const auto catalogue = Catalogue::load_builtin();
    REQUIRE(catalogue);
    const auto text = rw::util::read_file(rw::test::shared_data_dir()
                                          / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv");
    REQUIRE(text);
    // The reader rejects rows with codes the catalogue lacks: none may be rejected.
    const auto series = rw::collector::read_databank_csv(*text, "databank.csv", *catalogue);
    REQUIRE(series);
    CHECK(series->rejected.empty());
    CHECK(series->rows == 5328);
    std::set<std::string> senders;
    std::set<std::string> receivers;
    for (const auto& value : series->values) {
      senders.insert(value.corridor.sender);
      receivers.insert(value.corridor.receiver);
    }
    CHECK(senders.size() >= 48);
    CHECK(receivers.size() >= 105);

    const auto rpw_text = rw::util::read_file(rw::test::shared_data_dir() / "rpw/rpw_east_africa_2011Q1-2013Q1.csv");
    REQUIRE(rpw_text);
    const auto rows = rw::collector::read_rpw_csv(*rpw_text, "rpw.csv", *catalogue);
    REQUIRE(rows);
    CHECK(rows->rejected.empty());
  }
}
