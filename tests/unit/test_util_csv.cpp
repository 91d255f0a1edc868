#include "util/csv.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using rw::util::CsvHeader;
using rw::util::CsvReader;

namespace {

std::vector<std::vector<std::string>>
read_all(std::string_view text)
{
  CsvReader reader(text, "t.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.next(fields);
    REQUIRE(more);
    if (!*more) {
      return rows;
    }
    rows.push_back(fields);
  }
}

} // namespace

TEST_SUITE("util::csv")
{
  TEST_CASE("plain, quoted, escaped and empty fields")
  {
    const auto rows = read_all("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n,,\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"a", "b", "c"});
    CHECK(rows[1] == std::vector<std::string>{"1", "x,y", "say \"hi\""});
    CHECK(rows[2] == std::vector<std::string>{"", "", ""});
  }

  TEST_CASE("CRLF, a BOM and no final newline")
  {
    const auto rows = read_all("\xEF\xBB\xBFid,name\r\n1,one\r\n2,two");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0][0] == "id");
    CHECK(rows[2] == std::vector<std::string>{"2", "two"});
  }

  TEST_CASE("a quoted line break keeps line numbers right")
  {
    CsvReader reader("h\n\"two\nlines\"\nnext\n", "t.csv");
    std::vector<std::string> fields;
    REQUIRE(*reader.next(fields));
    REQUIRE(*reader.next(fields));
    CHECK(fields[0] == "two\nlines");
    CHECK(reader.line() == 2);
    REQUIRE(*reader.next(fields));
    CHECK(fields[0] == "next");
    CHECK(reader.line() == 4);
    CHECK(reader.where() == "t.csv:4");
  }

  TEST_CASE("an unclosed quote is an error naming where the record starts")
  {
    CsvReader reader("h\nok\n\"never closed,\n1,2\n", "cut.csv");
    std::vector<std::string> fields;
    REQUIRE(*reader.next(fields));
    REQUIRE(*reader.next(fields));
    const auto broken = reader.next(fields);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find("cut.csv:3") != std::string::npos);
  }

  TEST_CASE("text after a closing quote is an error")
  {
    CsvReader reader("\"a\"b,c\n", "t.csv");
    std::vector<std::string> fields;
    CHECK_FALSE(reader.next(fields));
  }

  TEST_CASE("comment lines are skipped when asked, and counted")
  {
    CsvReader reader("# a comment, with \"quotes\nh\n# another\n1\n", "t.csv");
    reader.set_comment_char('#');
    std::vector<std::string> fields;
    REQUIRE(*reader.next(fields));
    CHECK(fields[0] == "h");
    CHECK(reader.line() == 2);
    REQUIRE(*reader.next(fields));
    CHECK(fields[0] == "1");
    CHECK(reader.line() == 4);
    CHECK_FALSE(*reader.next(fields));
  }

  TEST_CASE("header lookup ignores case, spaces and punctuation")
  {
    const CsvHeader header({"period", "cc1 lcu fee", "Receiving Countries  Code"});
    CHECK(header.find("PERIOD") == 0u);
    CHECK(header.find("cc1_lcu_fee") == 1u);
    CHECK(header.find("receiving countries code") == 2u);
    CHECK_FALSE(header.find("cc2 lcu fee"));
  }

  TEST_CASE("escaping for output")
  {
    CHECK(rw::util::csv_escape("plain") == "plain");
    CHECK(rw::util::csv_escape("a,b") == "\"a,b\"");
    CHECK(rw::util::csv_escape("say \"x\"") == "\"say \"\"x\"\"\"");
    CHECK(rw::util::csv_escape("two\nlines") == "\"two\nlines\"");
  }

  TEST_CASE("views: long fields, a lone carriage return, escapes; the same as the copying reader")
  {
    // Fields longer than the reader's 16-byte blocks, a CR inside a field
    // (text, not a line end), a quote inside an unquoted field (text), "" in
    // a quoted field and a quoted line break.
    const std::string text = "a fairly long first field of text,x\ry,plain\"quote\r\n"
                             "\"quoted, with \"\"escapes\"\" and\nbreak\",,last field that is long enough\n";
    rw::util::CsvReader views(text, "t.csv");
    rw::util::CsvReader copies(text, "t.csv");
    std::vector<std::string_view> v;
    std::vector<std::string> c;
    REQUIRE(*views.next(v));
    REQUIRE(*copies.next(c));
    CHECK(v == std::vector<std::string_view>{"a fairly long first field of text", "x\ry", "plain\"quote"});
    CHECK(std::vector<std::string>(v.begin(), v.end()) == c);
    REQUIRE(*views.next(v));
    REQUIRE(*copies.next(c));
    CHECK(v == std::vector<std::string_view>{"quoted, with \"escapes\" and\nbreak", "", "last field that is long enough"});
    CHECK(std::vector<std::string>(v.begin(), v.end()) == c);
    CHECK(views.line() == 2);
    CHECK_FALSE(*views.next(v));

    // Lines without quotes take the reader's fast path: the same fields.
    const std::string plain = "a\rb,,a field longer than sixteen bytes,\r\nlast,line";
    rw::util::CsvReader fast(plain, "p.csv");
    REQUIRE(*fast.next(v));
    CHECK(v == std::vector<std::string_view>{"a\rb", "", "a field longer than sixteen bytes", ""});
    REQUIRE(*fast.next(v));
    CHECK(v == std::vector<std::string_view>{"last", "line"});
    CHECK(fast.line() == 2);
    CHECK_FALSE(*fast.next(v));
  }

  TEST_CASE("one-line records: hundreds of fields, a quoted field late in the line, a block mid-file")
  {
    // 300 fields: more than the fast path notes before it hands the record
    // to the field-by-field reader; the same fields either way.
    std::string wide;
    std::vector<std::string_view> expected;
    std::vector<std::string> names;
    names.reserve(300);
    expected.reserve(300);
    for (int i = 0; i < 300; ++i) {
      names.push_back("f" + std::to_string(i));
    }
    for (const auto& name : names) {
      wide += (wide.empty() ? "" : ",") + name;
      expected.emplace_back(name);
    }
    // A quoted field after 40 bytes of plain ones: the fast path has noted
    // commas before it sees the quote, and must not keep them twice.
    const std::string text = wide + "\nsome,plain,fields,before,the,quote,\"a, b\",end\n";
    rw::util::CsvReader reader(text, "w.csv");
    std::vector<std::string_view> v;
    REQUIRE(*reader.next(v));
    CHECK(v == expected);
    REQUIRE(*reader.next(v));
    CHECK(v == std::vector<std::string_view>{"some", "plain", "fields", "before", "the", "quote", "a, b", "end"});
    CHECK(reader.line() == 2);
    CHECK(reader.next_line() == 3);
    CHECK_FALSE(*reader.next(v));

    // A block from the middle of a file: bytes that look like a byte order
    // mark are text there.
    const std::string block = "\xEF\xBB\xBFx,y\n";
    rw::util::CsvReader mid(block, "b.csv", false);
    REQUIRE(*mid.next(v));
    CHECK(v == std::vector<std::string_view>{"\xEF\xBB\xBFx", "y"});
    rw::util::CsvReader start(block, "b.csv");
    REQUIRE(*start.next(v));
    CHECK(v == std::vector<std::string_view>{"x", "y"});
  }

  TEST_CASE("lines ended by CR alone are refused at the header, naming the file (they read as one record)")
  {
    rw::util::CsvReader reader("a,b\r1,2\r3,4\r", "mac.csv");
    auto header = reader.header("a test CSV");
    REQUIRE_FALSE(header);
    CHECK(header.error().message.find("mac.csv:1: lines end with a carriage return alone") == 0);
    // Comment lines first (the survey format): the same.
    rw::util::CsvReader commented("# note\ra,b\r1,2\r", "survey.csv");
    commented.set_comment_char('#');
    CHECK_FALSE(commented.header("a survey CSV"));
    // CRLF, a CR at the very end of the first line, and a CR inside a quoted
    // header field are not CR line ends.
    rw::util::CsvReader crlf("a,b\r\n1,2\r\n", "crlf.csv");
    CHECK(crlf.header("a test CSV"));
    rw::util::CsvReader quoted("\"a\rx\",b\n1,2\n", "quoted.csv");
    auto names = quoted.header("a test CSV");
    REQUIRE(names);
    CHECK((*names)[0] == "a\rx");
  }
}
