#include "reports/published.hpp"

#include <doctest/doctest.h>

#include <set>

using rw::corridors::Quarter;

TEST_SUITE("reports::published")
{
  TEST_CASE("the World Bank's published figures, each with its source")
  {
    const auto figures = rw::reports::published_figures();
    REQUIRE(figures);
    // The shared methodology lists 38 figures (12 of them for 2011Q3).
    CHECK(figures->size() == 38);
    std::set<std::pair<Quarter, std::string>> seen;
    for (const auto& figure : *figures) {
      CAPTURE(figure.period.to_string());
      CAPTURE(figure.measure);
      CHECK_FALSE(figure.source.empty());
      CHECK(seen.insert({figure.period, figure.measure}).second); // no figure twice
    }
    CHECK(rw::reports::find_published(*figures, Quarter(2011, 3), "global")->value == 9.30);
    CHECK(rw::reports::find_published(*figures, Quarter(2016, 3), "smart")->value == 5.36);
    CHECK(rw::reports::find_published(*figures, Quarter(2023, 3), "bank")->value == 11.48);
    CHECK(rw::reports::find_published(*figures, Quarter(2008, 3), "global")->value == 9.8);
    CHECK_FALSE(rw::reports::find_published(*figures, Quarter(2012, 1), "global").has_value());
    // The alerts' seed case: 8.9 % in 2010Q3, 9.30 % a year later (+0.40 pp).
    CHECK(rw::reports::find_published(*figures, Quarter(2011, 3), "global")->value
            - rw::reports::find_published(*figures, Quarter(2010, 3), "global")->value
          == doctest::Approx(0.40));
  }

  TEST_CASE("bad rows name the file and line")
  {
    const auto bad = rw::reports::parse_published("period,measure,value,source\n2011Q3,global,-1,x\n", "p.csv");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("p.csv:2:") == 0);
    CHECK_FALSE(rw::reports::parse_published("period,value\n", "p.csv"));
    CHECK_FALSE(rw::reports::parse_published("period,measure,value,source\n2011Q3,global,9.3,\n", "p.csv"));
  }
}
