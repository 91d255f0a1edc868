#include "corridors/catalogue.hpp"
#include "tests/unit/support.hpp"
#include "util/csv.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using rw::corridors::Catalogue;
using rw::corridors::IncomeGroup;
using rw::corridors::Region;

namespace {

const std::string k_databank_file = "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv";
const std::string k_rpw_file = "rpw/rpw_east_africa_2011Q1-2013Q1.csv";
const std::string k_countries_header = "iso3,name,currency,region,income_group,g20\n";
const std::string k_corridors_header = "sender,receiver,flow_usd,flow_year,flow_source\n";
const std::string k_two_countries = k_countries_header
                                    + "KEN,Kenya,KES,ssa,lower_middle,no\n"
                                      "UGA,Uganda,UGX,ssa,low,no\n";

using rw::test::builtin_catalogue;

// A country the test expects the catalogue to have.
const rw::corridors::Country&
country(const Catalogue& catalogue, std::string_view iso3)
{
  const auto* found = catalogue.find_country(iso3);
  if (found == nullptr) {
    FAIL("no country " << iso3);
  }
  return *found;
}

rw::util::Expected<Catalogue>
load(const std::string& countries, const std::string& corridors)
{
  return Catalogue::load(countries, "countries.csv", corridors, "corridors.csv");
}

std::string
load_error(const std::string& countries, const std::string& corridors)
{
  const auto catalogue = load(countries, corridors);
  REQUIRE_FALSE(catalogue);
  CHECK(catalogue.error().kind == rw::util::ErrorKind::parse);
  return catalogue.error().message;
}

std::string
country_error(const std::string& rows)
{
  return load_error(k_countries_header + rows, k_corridors_header);
}

std::string
corridor_error(const std::string& rows)
{
  return load_error(k_two_countries, k_corridors_header + rows);
}

// The values of the named columns in every data row of a CSV file.
std::vector<std::vector<std::string>>
read_columns(const std::filesystem::path& path, const std::vector<std::string>& names)
{
  const auto text = rw::util::read_file(path);
  if (!text) {
    FAIL(text.error().message);
  }
  rw::util::CsvReader reader(*text, path.string());
  const auto header_names = reader.header("a CSV file");
  if (!header_names) {
    FAIL(header_names.error().message);
  }
  const rw::util::CsvHeader header(*header_names);
  std::vector<size_t> columns;
  for (const auto& name : names) {
    const auto column = header.find(name);
    REQUIRE_MESSAGE(column.has_value(), "no column '" << name << "' in " << path.string());
    columns.push_back(*column);
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (true) {
    const auto more = reader.next(fields);
    if (!more) {
      FAIL(more.error().message);
    }
    if (!*more) {
      return rows;
    }
    std::vector<std::string> values;
    values.reserve(columns.size());
    for (const size_t column : columns) {
      values.push_back(column < fields.size() ? fields[column] : std::string());
    }
    rows.push_back(std::move(values));
  }
}

// Codes the catalogue lacks, space-separated, for a readable failure.
std::string
unknown_codes(const Catalogue& catalogue, const std::set<std::string>& codes)
{
  std::string unknown;
  for (const auto& code : codes) {
    if (catalogue.find_country(code) == nullptr) {
      unknown += code + " ";
    }
  }
  return unknown;
}

} // namespace

TEST_SUITE("corridors::catalogue")
{
  TEST_CASE("the built-in catalogue loads and records the World Bank's FY2025 classification")
  {
    const Catalogue& catalogue = builtin_catalogue();

    SUBCASE("218 World Bank economies and two codes of RPW data")
    {
      // The FY2025 list (Venezuela included, unclassified there) plus KSV, which
      // RPW uses for Kosovo beside the World Bank's XKX, and ANT, the former
      // Netherlands Antilles that RPW data still carry.
      CHECK(catalogue.countries().size() == 220);
      CHECK(catalogue.find_country("KSV") != nullptr);
      CHECK(catalogue.find_country("XKX") != nullptr);
      CHECK(catalogue.find_country("ANT") != nullptr);
    }
    SUBCASE("Kenya, the United States and Mexico: currency, region, income group, G20")
    {
      struct Expected
      {
        const char* iso3;
        const char* name;
        const char* currency;
        Region region;
        IncomeGroup income;
        bool g20;
      };
      for (const Expected& e : {Expected{"KEN", "Kenya", "KES", Region::ssa, IncomeGroup::lower_middle, false},
                                Expected{"USA", nullptr, "USD", Region::na, IncomeGroup::high, true},
                                Expected{"MEX", nullptr, "MXN", Region::lac, IncomeGroup::upper_middle, true}}) {
        CAPTURE(e.iso3);
        const auto* found = catalogue.find_country(e.iso3);
        REQUIRE(found != nullptr);
        if (e.name != nullptr) {
          CHECK(found->name == e.name);
        }
        CHECK(found->currency == e.currency);
        CHECK(found->region == e.region);
        CHECK(found->income == e.income);
        CHECK(found->g20 == e.g20);
      }
    }
    SUBCASE("the classification is FY2025's (1 July 2024), not an older or newer one")
    {
      // Moved in July 2024 (World Bank, "country classifications by income level
      // for 2024-2025"): Russia and Bulgaria up to high, Algeria up to upper
      // middle, West Bank and Gaza down to lower middle.
      CHECK(country(catalogue, "RUS").income == IncomeGroup::high);
      CHECK(country(catalogue, "BGR").income == IncomeGroup::high);
      CHECK(country(catalogue, "DZA").income == IncomeGroup::upper_middle);
      CHECK(country(catalogue, "PSE").income == IncomeGroup::lower_middle);
      // Earlier and later moves: Jordan down to lower middle and Zambia back up to
      // lower middle in July 2023; Namibia down to lower middle only in July 2025.
      CHECK(country(catalogue, "JOR").income == IncomeGroup::lower_middle);
      CHECK(country(catalogue, "NAM").income == IncomeGroup::upper_middle);
      CHECK(country(catalogue, "ZMB").income == IncomeGroup::lower_middle);
    }
    SUBCASE("currencies in use today")
    {
      CHECK(country(catalogue, "BGR").currency == "EUR"); // euro since 1 January 2026
      CHECK(country(catalogue, "HRV").currency == "EUR"); // euro since 1 January 2023
      CHECK(country(catalogue, "CUW").currency == "XCG"); // Caribbean guilder since 31 March 2025
      CHECK(country(catalogue, "SLE").currency == "SLE"); // redenominated leone, 2022
      CHECK(country(catalogue, "ZWE").currency == "ZWG"); // Zimbabwe Gold, April 2024
    }
    SUBCASE("exactly the 19 member countries are G20; EU members are not counted individually")
    {
      std::set<std::string> g20;
      for (const auto& country : catalogue.countries()) {
        if (country.g20) {
          g20.insert(country.iso3);
        }
      }
      const std::set<std::string> members{"ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA",
                                          "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX",
                                          "RUS", "SAU", "TUR", "USA", "ZAF"};
      CHECK(g20 == members);
      CHECK_FALSE(country(catalogue, "ESP").g20);
    }
    SUBCASE("both files are sorted, so a diff shows what changed")
    {
      const auto& countries = catalogue.countries();
      CHECK(std::ranges::is_sorted(countries, {}, &rw::corridors::Country::iso3));
      const auto& corridors = catalogue.corridors();
      CHECK(std::ranges::is_sorted(corridors, {}, &rw::corridors::CorridorInfo::key));
    }
    SUBCASE("corridors and their flows")
    {
      CHECK(catalogue.corridors().size() == 377);
      CHECK(catalogue.find_country("XXX") == nullptr);
      CHECK(catalogue.find_corridor({"MEX", "USA"}) == nullptr);
      const auto* usa_mex = catalogue.find_corridor({"USA", "MEX"});
      REQUIRE(usa_mex != nullptr);
      // KNOMAD/World Bank Bilateral Remittance Matrix 2021: USD 52 billion.
      REQUIRE(usa_mex->flow_usd.has_value());
      CHECK(*usa_mex->flow_usd == 52e9);
      CHECK(usa_mex->flow_year == 2021);
      CHECK(usa_mex->flow_source.starts_with("KNOMAD/World Bank Bilateral Remittance Matrix 2021"));
      // No published bilateral figure was found for KEN-UGA: its flow is unknown.
      const auto* ken_uga = catalogue.find_corridor({"KEN", "UGA"});
      REQUIRE(ken_uga != nullptr);
      CHECK_FALSE(ken_uga->flow_usd.has_value());
      CHECK_FALSE(ken_uga->flow_year.has_value());
      CHECK(ken_uga->flow_source.empty());
      const auto with_flow = std::ranges::count_if(
        catalogue.corridors(), [](const auto& c) { return c.flow_usd.has_value(); });
      CHECK(with_flow == 5);
    }
  }

  TEST_CASE("codes and names of regions and income groups")
  {
    for (const auto region : {Region::eap, Region::eca, Region::lac, Region::mena, Region::na,
                              Region::sa, Region::ssa}) {
      const auto parsed = rw::corridors::parse_region(rw::corridors::to_string(region));
      REQUIRE(parsed);
      CHECK(*parsed == region);
      CHECK_FALSE(rw::corridors::display_name(region).empty());
    }
    for (const auto group : {IncomeGroup::low, IncomeGroup::lower_middle,
                             IncomeGroup::upper_middle, IncomeGroup::high}) {
      const auto parsed = rw::corridors::parse_income_group(rw::corridors::to_string(group));
      REQUIRE(parsed);
      CHECK(*parsed == group);
    }
    CHECK(*rw::corridors::parse_region(" SSA ") == Region::ssa);
    CHECK(rw::corridors::to_string(Region::mena) == "mena");
    CHECK(rw::corridors::display_name(Region::mena) == "Middle East & North Africa");
    CHECK(rw::corridors::display_name(Region::ssa) == "Sub-Saharan Africa");
    CHECK(rw::corridors::display_name(IncomeGroup::lower_middle) == "Lower middle income");
    const auto europe = rw::corridors::parse_region("europe");
    REQUIRE_FALSE(europe);
    CHECK(europe.error().kind == rw::util::ErrorKind::parse);
    CHECK_FALSE(rw::corridors::parse_income_group("rich"));
  }

  TEST_CASE("a small catalogue: columns by name, blank and comment lines skipped")
  {
    const auto catalogue = load("# a comment\ng20,iso3,income_group,region,currency,name\n"
                                "no,KEN,lower_middle,ssa,KES,Kenya\n"
                                "\n"
                                "no,UGA,low,ssa,UGX,\"Uganda, Republic of\"\n",
                                k_corridors_header
                                  + "\nKEN,UGA,1500000,2021,a published source\nUGA,KEN,,,\n");
    REQUIRE(catalogue);
    REQUIRE(catalogue->countries().size() == 2);
    const auto* uganda = catalogue->find_country("UGA");
    REQUIRE(uganda != nullptr);
    CHECK(uganda->name == "Uganda, Republic of");
    CHECK(uganda->currency == "UGX");
    CHECK(uganda->income == IncomeGroup::low);
    REQUIRE(catalogue->corridors().size() == 2);
    const auto* ken_uga = catalogue->find_corridor({"KEN", "UGA"});
    REQUIRE(ken_uga != nullptr);
    CHECK(ken_uga->flow_usd == 1500000.0);
    CHECK(ken_uga->flow_year == 2021);
    CHECK(ken_uga->flow_source == "a published source");
    const auto* uga_ken = catalogue->find_corridor({"UGA", "KEN"});
    REQUIRE(uga_ken != nullptr);
    CHECK_FALSE(uga_ken->flow_usd.has_value());
  }

  TEST_CASE("countries.csv errors name the file, the line and the problem")
  {
    CHECK(load_error("iso3,name,currency,region,g20\nKEN,Kenya,KES,ssa,no\n", k_corridors_header)
          == "countries.csv:1: missing column 'income_group'");
    CHECK(country_error("KE,Kenya,KES,ssa,low,no\n")
          == "countries.csv:2: 'KE' is not an ISO 3166-1 alpha-3 code");
    CHECK(country_error("ken,Kenya,KES,ssa,low,no\n")
          == "countries.csv:2: 'ken' is not an ISO 3166-1 alpha-3 code");
    CHECK(country_error("KEN,Kenya,KES,ssa,low,no\nUGA,Uganda,UGX,ssa,low,no\n"
                        "KEN,Kenya again,KES,ssa,low,no\n")
          == "countries.csv:4: country KEN is listed twice");
    CHECK(country_error("KEN,Kenya,KSH1,ssa,low,no\n")
          == "countries.csv:2: currency 'KSH1' of KEN is not an ISO 4217 code");
    CHECK(country_error("KEN,Kenya,kes,ssa,low,no\n")
          == "countries.csv:2: currency 'kes' of KEN is not an ISO 4217 code");
    CHECK(country_error("KEN,Kenya,KES,africa,low,no\n")
          == "countries.csv:2: region 'africa' is not one of eap, eca, lac, mena, na, sa, ssa");
    CHECK(country_error("KEN,Kenya,KES,ssa,poor,no\n")
          == "countries.csv:2: income group 'poor' is not one of low, lower_middle, "
             "upper_middle, high");
    CHECK(country_error("KEN,Kenya,KES,ssa,low,maybe\n")
          == "countries.csv:2: g20 'maybe' is not yes or no");
    CHECK(country_error("KEN,,KES,ssa,low,no\n") == "countries.csv:2: country KEN has no name");
    CHECK(country_error("KEN,Kenya,KES\n") == "countries.csv:2: 3 fields, the header has 6");
    // A blank line still counts: the error is on the file's fourth line.
    CHECK(country_error("KEN,Kenya,KES,ssa,low,no\n\nUGA,Uganda,UGX,ssa,low,often\n")
          == "countries.csv:4: g20 'often' is not yes or no");
    CHECK(load_error("", k_corridors_header)
          == "countries.csv: not a catalogue file: the file is empty");
  }

  TEST_CASE("corridors.csv errors name the file, the line and the problem")
  {
    CHECK(load_error(k_two_countries, "sender,receiver,flow_usd,flow_year\nKEN,UGA,,\n")
          == "corridors.csv:1: missing column 'flow_source'");
    CHECK(corridor_error("KEN,XYZ,,,\n") == "corridors.csv:2: unknown country code 'XYZ'");
    CHECK(corridor_error("ABC,UGA,,,\n") == "corridors.csv:2: unknown country code 'ABC'");
    CHECK(corridor_error("KEN,UGA,,,\nUGA,KEN,,,\nKEN,UGA,,,\n")
          == "corridors.csv:4: corridor KEN-UGA is listed twice");
    CHECK(corridor_error("KEN,KEN,,,\n") == "corridors.csv:2: corridor KEN-KEN sends to itself");
    CHECK(corridor_error("KEN,UGA,lots,2021,x\n")
          == "corridors.csv:2: flow_usd 'lots' of KEN-UGA is not a non-negative number");
    CHECK(corridor_error("KEN,UGA,-5,2021,x\n")
          == "corridors.csv:2: flow_usd '-5' of KEN-UGA is not a non-negative number");
    CHECK(corridor_error("KEN,UGA,100,,x\n")
          == "corridors.csv:2: flow of KEN-UGA has no flow_year");
    CHECK(corridor_error("KEN,UGA,100,2021.5,x\n")
          == "corridors.csv:2: flow_year '2021.5' of KEN-UGA is not a year from 1970 to 2100");
    CHECK(corridor_error("KEN,UGA,100,21,x\n")
          == "corridors.csv:2: flow_year '21' of KEN-UGA is not a year from 1970 to 2100");
    CHECK(corridor_error("KEN,UGA,100,2021,\n")
          == "corridors.csv:2: flow of KEN-UGA has no flow_source");
    CHECK(corridor_error("KEN,UGA,,2021,\n")
          == "corridors.csv:2: KEN-UGA has a flow year or source but no flow");
    CHECK(corridor_error("KEN,UGA,,,somewhere\n")
          == "corridors.csv:2: KEN-UGA has a flow year or source but no flow");
    CHECK(corridor_error("KEN,UGA\n") == "corridors.csv:2: 2 fields, the header has 5");
    CHECK(corridor_error("\n\nKEN,UGA,,,\n\nKEN,UGA,,,\n")
          == "corridors.csv:6: corridor KEN-UGA is listed twice");
  }

  TEST_CASE("a directory replaces the built-in files; a missing file is named")
  {
    const auto missing = Catalogue::load_directory("/nonexistent-remitwatch-catalogue");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == rw::util::ErrorKind::not_found);
    CHECK(missing.error().message.find("/nonexistent-remitwatch-catalogue/countries.csv")
          != std::string::npos);
    const auto here = Catalogue::load_directory(rw::test::source_dir() / "corridors/data");
    REQUIRE(here);
    CHECK(here->countries().size() == builtin_catalogue().countries().size());
    CHECK(here->corridors().size() == builtin_catalogue().corridors().size());
  }
}

TEST_SUITE("realdata::corridors")
{
  TEST_CASE("every sender and receiver of the DataBank corridor series is in the catalogue")
  {
    const Catalogue& catalogue = builtin_catalogue();
    const auto rows = read_columns(rw::test::shared_data_dir() / k_databank_file,
                                   {"Sending Countries Code", "Receiving Countries  Code"});
    std::set<std::string> senders;
    std::set<std::string> receivers;
    for (const auto& row : rows) {
      // Footer lines ("Data from database: ...") and the blank rows before them have no codes.
      if (!row[0].empty()) {
        senders.insert(row[0]);
        receivers.insert(row[1]);
      }
    }
    // The file's own description: 48 sending and 111 receiving countries.
    CHECK(senders.size() >= 48);
    CHECK(receivers.size() >= 105);
    CHECK(unknown_codes(catalogue, senders) == "");
    CHECK(unknown_codes(catalogue, receivers) == "");
  }

  TEST_CASE("every corridor with a DataBank value is a catalogue corridor")
  {
    const Catalogue& catalogue = builtin_catalogue();
    const auto path = rw::test::shared_data_dir() / k_databank_file;
    const auto text = rw::util::read_file(path);
    if (!text) {
      FAIL(text.error().message);
    }
    rw::util::CsvReader reader(*text, path.string());
    const auto names = reader.header("a DataBank export");
    if (!names) {
      FAIL(names.error().message);
    }
    const rw::util::CsvHeader header(*names);
    const auto sender = header.find("Sending Countries Code");
    const auto receiver = header.find("Receiving Countries Code");
    REQUIRE(sender);
    REQUIRE(receiver);
    std::set<rw::corridors::CorridorKey> with_data;
    std::string missing;
    std::vector<std::string> fields;
    while (true) {
      const auto more = reader.next(fields);
      if (!more) {
        FAIL(more.error().message);
      }
      if (!*more) {
        break;
      }
      if (fields.size() != header.size() || fields[*sender].empty()) {
        continue;
      }
      // Quarter columns follow the six descriptive ones; ".." means no value.
      const bool has_value = std::any_of(fields.begin() + 6, fields.end(), [](const auto& v) {
        return !v.empty() && v != "..";
      });
      if (has_value) {
        rw::corridors::CorridorKey key{fields[*sender], fields[*receiver]};
        if (catalogue.find_corridor(key) == nullptr) {
          missing += key.to_string() + " ";
        }
        with_data.insert(std::move(key));
      }
    }
    // The file's description: 377 corridors with data.
    CHECK(with_data.size() == 377);
    CHECK(missing == "");
  }

  TEST_CASE("every source and destination of the RPW extract is in the catalogue")
  {
    const Catalogue& catalogue = builtin_catalogue();
    const auto rows = read_columns(rw::test::shared_data_dir() / k_rpw_file,
                                   {"source_code", "destination_code"});
    REQUIRE(rows.size() == 281);
    std::set<std::string> codes;
    for (const auto& row : rows) {
      codes.insert(row[0]);
      codes.insert(row[1]);
    }
    // TZA->KEN/RWA/UGA and KEN->RWA/UGA.
    CHECK(codes == std::set<std::string>{"KEN", "RWA", "TZA", "UGA"});
    CHECK(unknown_codes(catalogue, codes) == "");
  }
}
