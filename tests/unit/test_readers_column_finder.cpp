#include "readers/column_finder.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using rw::readers::ColumnFinder;

TEST_SUITE("readers::column_finder")
{
  TEST_CASE("columns by header name; every missing one in one error, in the order asked")
  {
    const rw::util::CsvHeader header(std::vector<std::string>{"Period", "firm_type", "cc1 lcu fee"});
    ColumnFinder find(header);
    CHECK(find.required("period") == 0);
    CHECK(find.required("CC1_LCU_FEE") == 2); // CsvHeader's matching: case, spacing, punctuation
    CHECK(find.optional("firm type") == 1);
    CHECK_FALSE(find.optional("speed"));
    CHECK(find.check("f.csv", "a test CSV")); // nothing missing yet

    SUBCASE("one missing")
    {
      CHECK(find.required("firm") == 0); // a placeholder: check() refuses
      const auto missing = find.check("f.csv", "a test CSV");
      REQUIRE_FALSE(missing);
      CHECK(missing.error().kind == rw::util::ErrorKind::parse);
      CHECK(missing.error().message == "f.csv:1: not a test CSV: missing column firm");
    }
    SUBCASE("several, by name and by require()")
    {
      find.required("firm");
      find.require(true, "not noted");
      find.require(false, "quarters");
      find.required("date");
      const auto missing = find.check("f.csv", "a test CSV");
      REQUIRE_FALSE(missing);
      CHECK(missing.error().message == "f.csv:1: not a test CSV: missing columns firm, quarters, date");
    }
  }
}
