#include "readers/csv_rows.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using rw::readers::CsvRows;

TEST_SUITE("readers::csv_rows")
{
  TEST_CASE("binary or empty text is refused before the header")
  {
    const auto binary = CsvRows::open(std::string_view("a,b\n1,\0\n", 8), "b.csv", "a test CSV");
    REQUIRE_FALSE(binary);
    CHECK(binary.error().message == "b.csv: not a test CSV: binary content");
    const auto empty = CsvRows::open("", "e.csv", "a test CSV");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message == "e.csv: not a test CSV: the file is empty");
  }

  TEST_CASE("rows after the header, blank lines skipped, rejects named by line")
  {
    auto rows = CsvRows::open("\xEF\xBB\xBF"
                              "a,b\n1,2\n\n  \n3,\"x\ny\"\n4,5\n",
                              "r.csv", "a test CSV");
    REQUIRE(rows);
    CHECK(rows->header() == std::vector<std::string>{"a", "b"});
    std::vector<std::string> seen;
    std::vector<rw::readers::RejectedRow> rejected;
    const auto ok = rows->for_each<std::string_view>([&](const std::vector<std::string_view>& fields) {
      seen.push_back(std::string(fields[0]) + "@" + std::to_string(rows->line()));
      if (fields[0] == "3") {
        rows->reject(rejected, "three");
      }
      return rw::util::Expected<void>();
    });
    REQUIRE(ok);
    // Lines 3 and 4 are blank; the record on line 5 runs to line 6.
    CHECK(seen == std::vector<std::string>{"1@2", "3@5", "4@7"});
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].line == 5);
    CHECK(rejected[0].message == "r.csv:5: three");
  }

  TEST_CASE("options: comment lines, blank lines handed out")
  {
    auto rows = CsvRows::open("# note\na\n# more\n1\n\n2\n", "o.csv", "a test CSV",
                              {.comment = '#', .skip_blank_lines = false});
    REQUIRE(rows);
    CHECK(rows->header() == std::vector<std::string>{"a"});
    std::vector<std::string> seen;
    REQUIRE(rows->for_each<std::string>([&](const std::vector<std::string>& fields) {
      seen.push_back(fields[0]);
      return rw::util::Expected<void>();
    }));
    CHECK(seen == std::vector<std::string>{"1", "", "2"});
  }

  TEST_CASE("the row function's error and a broken quote stop the loop")
  {
    auto rows = CsvRows::open("a\n1\n2\n3\n", "s.csv", "a test CSV");
    REQUIRE(rows);
    int calls = 0;
    const auto stopped = rows->for_each<std::string>([&](const std::vector<std::string>& fields) {
      ++calls;
      return fields[0] == "2" ? rw::util::make_error(rw::util::ErrorKind::parse, "stop")
                              : rw::util::Expected<void>();
    });
    REQUIRE_FALSE(stopped);
    CHECK(stopped.error().message == "stop");
    CHECK(calls == 2);

    auto broken = CsvRows::open("a\n1\n\"2\n", "q.csv", "a test CSV");
    REQUIRE(broken);
    calls = 0;
    const auto refused = broken->for_each<std::string>([&](const std::vector<std::string>&) {
      ++calls;
      return rw::util::Expected<void>();
    });
    CHECK_FALSE(refused);
    CHECK(calls == 1);
  }
}
