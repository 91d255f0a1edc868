#include "app/suggest.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

TEST_SUITE("app::suggest")
{
  using rw::app::edit_distance;
  using rw::app::nearest;

  TEST_CASE("edit distance: insertions, deletions, substitutions and adjacent swaps each count 1")
  {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("quarter", "quarter") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("quater", "quarter") == 1); // one letter left out
    CHECK(edit_distance("repot", "report") == 1);
    CHECK(edit_distance("fromat", "format") == 1); // a swap, not two substitutions
    CHECK(edit_distance("kitten", "sitting") == 3); // k→s, e→i, +g: the textbook example
    CHECK(edit_distance("ca", "abc") == 3); // optimal string alignment: no edit of a swapped pair
    CHECK(edit_distance("averages", "report") == edit_distance("report", "averages"));
  }

  TEST_CASE("nearest: a typo finds its word; a word far from all finds none")
  {
    const std::vector<std::string> commands{"cost", "averages", "import", "collect", "series", "db", "report", "alerts"};
    CHECK(nearest("repot", commands) == "report");
    CHECK(nearest("avrages", commands) == "averages");
    CHECK(nearest("REPORT", commands) == "report"); // case does not count
    CHECK(nearest("alrets", commands) == "alerts");
    CHECK(nearest("cots", commands) == "cost");     // 4 letters: one edit allowed
    CHECK_FALSE(nearest("dashboard", commands));
    CHECK_FALSE(nearest("", commands));
    // Two letters allow no edit: "by" must not become "db".
    CHECK_FALSE(nearest("by", commands));
    CHECK(nearest("DB", commands) == "db");
  }

  TEST_CASE("nearest: the limit is two edits and a third of the length")
  {
    const std::vector<std::string> options{"quarter", "format", "amount"};
    CHECK(nearest("quater", options) == "quarter"); // 1 edit of 6 letters
    CHECK_FALSE(nearest("qurtr", options));          // 2 edits of 5 letters: over a third (1)
    CHECK(nearest("qarter", options) == "quarter");  // 1 edit of 6 letters
    CHECK(nearest("frmat", options) == "format");    // 1 edit of 5 letters
    CHECK_FALSE(nearest("frmt", options));           // 2 edits of 4 letters
    CHECK_FALSE(nearest("qrtrly", options));         // 3 edits or more from every name
  }
}
