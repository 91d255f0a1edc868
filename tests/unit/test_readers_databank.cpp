#include "readers/databank.hpp"

#include <doctest/doctest.h>

#include <string>

using rw::readers::read_databank_csv;

namespace {

rw::corridors::Catalogue
databank_catalogue()
{
  auto catalogue = rw::corridors::Catalogue::load(
    "iso3,name,currency,region,income_group,g20\n"
    "KEN,Kenya,KES,ssa,lower_middle,no\n"
    "UGA,Uganda,UGX,ssa,low,no\n"
    "USA,United States,USD,na,high,yes\n",
    "countries.csv",
    "sender,receiver,flow_usd,flow_year,flow_source\n",
    "corridors.csv");
  REQUIRE(catalogue);
  return std::move(*catalogue);
}

// The DataBank export's layout, values invented: BOM, two spaces in the
// receiving columns' names, ".." for missing, blank rows and a footer.
const std::string k_databank_file =
  "\xEF\xBB\xBF"
  "Sending Countries Name,Sending Countries Code,Series Name,Series Code,Receiving Countries  "
  "Name,Receiving Countries  Code,2011Q1 [YR2011Q1],2011Q3 [YR2011Q3],2012Q1 [YR2012Q1]\n"
  "Kenya,KEN,Average Total Cost to remit in corridor,ATCR.CORR,Uganda,UGA,..,9.5,8.25\n"
  "United States of America,USA,Average Total Cost to remit in corridor,ATCR.CORR,Kenya,KEN,..,..,..\n"
  ",,,,,,,,\n"
  ",,,,,,,,\n"
  "Data from database: Remittance Prices Worldwide (Corridors),,,,,,,,\n"
  "Last Updated: 12/07/2020,,,,,,,,\n";

} // namespace

TEST_SUITE("collector::databank")
{
  TEST_CASE("values, missing cells and the footer")
  {
    const auto catalogue = databank_catalogue();
    const auto file = read_databank_csv(k_databank_file, "d.csv", catalogue);
    REQUIRE(file);
    CHECK(file->rejected.empty());
    CHECK(file->rows == 2);
    CHECK(file->missing_values == 4); // one in the first row, three in the second
    REQUIRE(file->periods.size() == 3);
    CHECK(file->periods[2] == rw::corridors::Quarter(2012, 1));
    REQUIRE(file->values.size() == 2);
    CHECK(file->values[0].series == "ATCR.CORR");
    CHECK(file->values[0].corridor.to_string() == "KEN-UGA");
    CHECK(file->values[0].period == rw::corridors::Quarter(2011, 3));
    CHECK(file->values[0].value == 9.5);
    CHECK(file->values[1].value == 8.25);
    CHECK(file->values[1].line == 2);
  }

  TEST_CASE("bad rows are rejected with their line")
  {
    const auto catalogue = databank_catalogue();
    const std::string header = k_databank_file.substr(0, k_databank_file.find('\n') + 1);
    const auto file = read_databank_csv(
      header + "Kenya,KEN,A,ATCR.CORR,Nowhere,XXX,..,1,2\nKenya,KEN,A,ATCR.CORR,Uganda,UGA,..,x,2\n",
      "d.csv",
      catalogue);
    REQUIRE(file);
    REQUIRE(file->rejected.size() == 2);
    CHECK(file->rejected[0].message == "d.csv:2: unknown country code 'XXX'");
    CHECK(file->rejected[1].message == "d.csv:3: 2011Q3 value 'x' is not a number");
    CHECK(file->values.empty());
  }

  TEST_CASE("a cost outside -100 to 100 % is rejected with its line; a negative one within is real")
  {
    const auto catalogue = databank_catalogue();
    const std::string header = k_databank_file.substr(0, k_databank_file.find('\n') + 1);
    const auto file = read_databank_csv(header + "Kenya,KEN,A,ATCR.CORR,Uganda,UGA,..,-100.5,2\n"
                                                 "Kenya,KEN,A,ATCR.CORR,Uganda,UGA,..,1e300,2\n"
                                                 "Kenya,KEN,A,ATCR.CORR,Uganda,UGA,..,2,nan\n"
                                                 "Kenya,KEN,A,ATCR.CORR,Uganda,UGA,-11.36,100,..\n",
                                        "d.csv", catalogue);
    REQUIRE(file);
    REQUIRE(file->rejected.size() == 3);
    CHECK(file->rejected[0].message == "d.csv:2: 2011Q3 value '-100.5' is not a cost from -100 to 100 %");
    CHECK(file->rejected[1].message == "d.csv:3: 2011Q3 value '1e300' is not a cost from -100 to 100 %");
    CHECK(file->rejected[2].message.starts_with("d.csv:4: 2012Q1 value 'nan' is not"));
    // The real export's lowest average is -11.36 (2017Q4); 100 is the bound, in.
    REQUIRE(file->values.size() == 2);
    CHECK(file->values[0].value == -11.36);
    CHECK(file->values[1].value == 100);
  }

  TEST_CASE("a column that is not a quarter: refused when it has values, fine when empty")
  {
    const auto catalogue = databank_catalogue();
    const std::string names = "Sending Countries Name,Sending Countries Code,Series Name,Series Code,Receiving "
                              "Countries Name,Receiving Countries Code,2011Q1 [YR2011Q1],";
    // A quarter mistyped: its values would be dropped.
    const auto typo = read_databank_csv(names + "2011Q5 [YR2011Q5]\nKenya,KEN,A,ATCR.CORR,Uganda,UGA,..,9.5\n",
                                        "d.csv", catalogue);
    REQUIRE_FALSE(typo);
    CHECK(typo.error().message
          == "d.csv:2: column 8 '2011Q5 [YR2011Q5]' has a value ('9.5') but is not a quarter like "
             "'2011Q1 [YR2011Q1]': name its quarter or remove the column");
    // Empty (or "..") all the way down: nothing is lost.
    const auto empty = read_databank_csv(names + "Notes\nKenya,KEN,A,ATCR.CORR,Uganda,UGA,9.5,..\n"
                                                 "Kenya,KEN,A,ATCR.CORR,Uganda,UGA,9.5,\n",
                                         "d.csv", catalogue);
    REQUIRE(empty);
    CHECK(empty->values.size() == 2);
  }

  TEST_CASE("a quarter in two columns refuses the file, naming both")
  {
    const auto catalogue = databank_catalogue();
    const auto file = read_databank_csv(
      "Sending Countries Code,Series Code,Receiving Countries Code,2011Q3 [YR2011Q3],2012Q1 [YR2012Q1],2011Q3\n"
      "KEN,ATCR.CORR,UGA,9.5,8,7\n",
      "d.csv", catalogue);
    REQUIRE_FALSE(file);
    CHECK(file.error().message == "d.csv:1: columns 4 '2011Q3 [YR2011Q3]' and 6 '2011Q3' are both 2011Q3");
  }

  TEST_CASE("not a DataBank file")
  {
    const auto catalogue = databank_catalogue();
    const auto file = read_databank_csv("a,b\n1,2\n", "x.csv", catalogue);
    REQUIRE_FALSE(file);
    CHECK(file.error().message.find("x.csv:1: not a DataBank corridor series: missing") == 0);
    CHECK_FALSE(read_databank_csv("", "e.csv", catalogue));
  }
}
