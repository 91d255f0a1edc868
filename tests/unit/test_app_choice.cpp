#include "app/choice.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

TEST_SUITE("app::choice")
{
  const std::vector<std::string> by{"corridor", "firm-type", "region", "global", "smart", "all"};

  TEST_CASE("canonical_choice: any case, '-' or '_'")
  {
    CHECK(rw::app::canonical_choice("firm-type", by) == "firm-type");
    CHECK(rw::app::canonical_choice("firm_type", by) == "firm-type"); // the output column's spelling
    CHECK(rw::app::canonical_choice("Firm_Type", by) == "firm-type");
    CHECK(rw::app::canonical_choice("GLOBAL", by) == "global");
    CHECK(rw::app::canonical_choice("snake_case", std::vector<std::string>{"snake_case"}) == "snake_case");
    CHECK(rw::app::canonical_choice("snake-case", std::vector<std::string>{"snake_case"}) == "snake_case");
    CHECK_FALSE(rw::app::canonical_choice("firmtype", by)); // a missing separator is not a spelling
    CHECK_FALSE(rw::app::canonical_choice("", by));
  }

  TEST_CASE("one_of: the option gets the canonical spelling, a bad value a suggestion")
  {
    CLI::App app;
    std::string value;
    app.add_option("--by", value)->transform(rw::app::one_of(by));

    app.parse(std::vector<std::string>{"firm_TYPE", "--by"}); // CLI11 takes the arguments reversed
    CHECK(value == "firm-type");

    try {
      app.parse(std::vector<std::string>{"firm_typo", "--by"});
      FAIL("firm_typo accepted");
    } catch (const CLI::ValidationError& e) {
      CHECK(std::string(e.what())
            == "--by: 'firm_typo' is not one of corridor, firm-type, region, global, smart, all; did you mean firm-type?");
    }
    try {
      app.parse(std::vector<std::string>{"everything", "--by"});
      FAIL("everything accepted");
    } catch (const CLI::ValidationError& e) {
      CHECK(std::string(e.what()) == "--by: 'everything' is not one of corridor, firm-type, region, global, smart, all");
    }
  }

  TEST_CASE("one_of: the help lists the canonical spellings")
  {
    CLI::App app;
    std::string value;
    app.add_option("--format", value, "Output format")->transform(rw::app::one_of({"table", "csv", "json"}));
    CHECK(app.help().find("--format TEXT:{table,csv,json}") != std::string::npos);
  }
}
