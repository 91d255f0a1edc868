#include "util/table.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>

TEST_SUITE("util::text")
{
  TEST_CASE("strict number parsing")
  {
    CHECK(rw::util::parse_double("315") == 315.0);
    CHECK(rw::util::parse_double(" 31.7658 ") == 31.7658);
    CHECK(rw::util::parse_double("+2.5") == 2.5);
    CHECK(rw::util::parse_double("-0.5") == -0.5);
    CHECK(rw::util::parse_double("1e3") == 1000.0);
    for (const char* bad : {"", " ", "abc", "1,5", "1.5x", "..", "nan", "inf", "1 2"}) {
      CAPTURE(bad);
      CHECK_FALSE(rw::util::parse_double(bad));
    }
    CHECK(rw::util::parse_integer("2011") == 2011);
    CHECK_FALSE(rw::util::parse_integer("20.5"));
  }

  TEST_CASE("an excerpt: one line, at most the width, a cut one ending in ...")
  {
    using rw::util::excerpt;
    CHECK(excerpt("SELECT 1\nFROM\tt", 60) == "SELECT 1 FROM t");
    CHECK(excerpt("abcdef", 6) == "abcdef"); // exactly the width: whole
    CHECK(excerpt("abcdefg", 6) == "abc...");  // 3 characters and "..." make 6
    CHECK(excerpt("", 60).empty());
  }

  TEST_CASE("one yes/no rule")
  {
    for (const char* yes : {"yes", "Yes", "YES", " y ", "Y", "true", "True", "1"}) {
      CAPTURE(yes);
      CHECK(rw::util::parse_yes_no(yes) == true);
    }
    for (const char* no : {"no", "No", "NO", "n", "N", "false", "FALSE", "0", "\tno\r"}) {
      CAPTURE(no);
      CHECK(rw::util::parse_yes_no(no) == false);
    }
    for (const char* neither : {"", " ", "maybe", "yess", "2", "ja", "..", "-"}) {
      CAPTURE(neither);
      CHECK_FALSE(rw::util::parse_yes_no(neither).has_value());
    }
  }

  TEST_CASE("decimals read by the fast path are the doubles from_chars gives")
  {
    // 200,000 seeded decimals of every shape the fast path takes (sign, up to
    // 15 digits, a point anywhere) and some it leaves to from_chars (16+
    // digits, exponents): each must be the same double, bit for bit.
    std::mt19937_64 bits(20261201);
    for (int i = 0; i < 200000; ++i) {
      const auto digits = 1 + static_cast<int>(bits() % 18);
      std::string text = bits() % 4 == 0 ? "-" : "";
      const auto point = static_cast<int>(bits() % static_cast<std::uint64_t>(digits + 1));
      for (int d = 0; d < digits; ++d) {
        if (d == point && d > 0) {
          text += '.';
        }
        text += static_cast<char>('0' + bits() % 10);
      }
      if (bits() % 20 == 0) {
        text += "e-3";
      }
      double expected = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
      REQUIRE(ec == std::errc());
      REQUIRE(end == text.data() + text.size());
      const auto parsed = rw::util::parse_double(text);
      REQUIRE_MESSAGE(parsed, text);
      REQUIRE_MESSAGE(std::bit_cast<std::uint64_t>(*parsed) == std::bit_cast<std::uint64_t>(expected), text);
    }
    CHECK(rw::util::parse_double(".5") == 0.5);
    CHECK(rw::util::parse_double("5.") == 5.0);
    CHECK_FALSE(rw::util::parse_double("."));
    CHECK_FALSE(rw::util::parse_double("1.2.3"));
    CHECK_FALSE(rw::util::parse_double("-"));
  }

  TEST_CASE("label folding")
  {
    CHECK(rw::util::fold_label("Non-Bank FI") == "nonbankfi");
    CHECK(rw::util::fold_label("  Post  office ") == "postoffice");
  }

  TEST_CASE("split keeps empty parts")
  {
    const auto parts = rw::util::split("a,,b,", ',');
    REQUIRE(parts.size() == 4);
    CHECK(parts[1].empty());
    CHECK(parts[3].empty());
  }

  TEST_CASE("escape_controls: one visible line for a terminal, UTF-8 text kept")
  {
    using rw::util::escape_controls;
    CHECK(escape_controls("Banco Azteca — México") == "Banco Azteca — México");
    CHECK(escape_controls("a\nALERT b") == "a\\nALERT b");
    CHECK(escape_controls("\r\t") == "\\r\\t");
    CHECK(escape_controls("\x1b[31mred\x07") == "\\x1b[31mred\\x07");
    CHECK(escape_controls(std::string("nul\0end", 7)) == "nul\\x00end");
    CHECK(escape_controls("del\x7f") == "del\\x7f");
    // C1 controls as code points (U+009B is CSI); U+00A0 is text.
    CHECK(escape_controls("\xc2\x9b" "31m \xc2\x85") == "\\u009b31m \\u0085");
    CHECK(escape_controls("\xc2\xa0") == "\xc2\xa0");
    // Bytes that are not UTF-8: a lone C1 byte, 0xFF, an overlong '/', a
    // surrogate, a truncated sequence. U+1F4B8 is kept.
    CHECK(escape_controls("\x9b\xff\xc0\xaf\xed\xa0\x80 \xe2\x82")
          == "\\x9b\\xff\\xc0\\xaf\\xed\\xa0\\x80 \\xe2\\x82");
    CHECK(escape_controls("\xf0\x9f\x92\xb8") == "\xf0\x9f\x92\xb8");
    // A backslash is doubled: a literal "\n" in a name stays apart from a newline.
    CHECK(escape_controls("a\\nb") == "a\\\\nb");
  }

  TEST_CASE("escape_slack: Slack's & < >; escape_json_controls: DEL and C1 too, same JSON value")
  {
    CHECK(rw::util::escape_slack("<!channel> <https://x|Click> & co")
          == "&lt;!channel&gt; &lt;https://x|Click&gt; &amp; co");
    CHECK(rw::util::escape_slack("plain text") == "plain text");
    CHECK(rw::util::escape_json_controls("{\"a\":\"x\x7f\xc2\x9b\xc2\xa0\\u001b\"}")
          == "{\"a\":\"x\\u007f\\u009b\xc2\xa0\\u001b\"}");
  }
}

TEST_SUITE("util::time")
{
  TEST_CASE("timestamps in UTC")
  {
    const auto utc = rw::util::parse_timestamp("2024-11-15T10:05:00Z");
    REQUIRE(utc);
    CHECK(rw::util::format_timestamp(*utc) == "2024-11-15T10:05:00Z");
    // +02:00 is two hours ahead of UTC: 12:05 local is 10:05 UTC.
    const auto offset = rw::util::parse_timestamp("2024-11-15T12:05:00+02:00");
    REQUIRE(offset);
    CHECK(*offset == *utc);
    const auto bare = rw::util::parse_timestamp("2024-11-15");
    REQUIRE(bare);
    CHECK(rw::util::format_timestamp(*bare) == "2024-11-15T00:00:00Z");
    const auto spaced = rw::util::parse_timestamp("2024-11-15 10:05:00");
    REQUIRE(spaced);
    CHECK(*spaced == *utc);
  }

  TEST_CASE("bad timestamps")
  {
    for (const char* bad : {"", "yesterday", "2024-13-01", "2024-11-15T25:00:00Z", "2024-11-15T10:05:00Zjunk"}) {
      CAPTURE(bad);
      CHECK_FALSE(rw::util::parse_timestamp(bad));
    }
  }
}

TEST_SUITE("util::table")
{
  TEST_CASE("text and CSV rendering of the same table")
  {
    rw::util::Table table{{"name", "value", "count"},
                          {{std::string("a,b"), 1.0 / 3.0, 2LL}, {std::string("c"), {}, 10LL}}};
    CHECK(rw::util::render_csv(table) == "name,value,count\n\"a,b\",0.3333333333333333,2\nc,,10\n");
    CHECK(rw::util::render_text(table) == "name  value  count\na,b    0.33      2\nc       n/a     10\n");
  }
}

TEST_SUITE("util::time")
{
  TEST_CASE("fractions of a second are dropped")
  {
    const auto t = rw::util::parse_timestamp("2024-09-24T18:33:08.028988Z");
    REQUIRE(t);
    CHECK(rw::util::format_timestamp(*t) == "2024-09-24T18:33:08Z");
  }

  TEST_CASE("ISO 8601 durations in hours")
  {
    CHECK(rw::util::parse_duration_hours("PT24H") == 24.0);
    CHECK(rw::util::parse_duration_hours("PT30M") == 0.5);
    CHECK(rw::util::parse_duration_hours("P2DT3H") == 51.0); // 2 × 24 + 3
    CHECK(rw::util::parse_duration_hours("P1W") == 168.0);
    // 31 h + 33 min + 19.269 s = 31.555352... h
    CHECK(*rw::util::parse_duration_hours("PT31H33M19.268999855S")
          == doctest::Approx(31.0 + 33.0 / 60.0 + 19.268999855 / 3600.0));
    for (const char* bad : {"", "P", "PT", "24H", "P1Y", "P1M", "PT1D", "P1H", "PT-1H", "PTxH"}) {
      CAPTURE(bad);
      CHECK_FALSE(rw::util::parse_duration_hours(bad));
    }
  }
}

TEST_SUITE("util::table")
{
  TEST_CASE("a negative value that rounds to zero prints as zero")
  {
    rw::util::Table table{{"v"}, {{-1e-9}, {-0.004}, {-0.006}}};
    CHECK(rw::util::render_text(table) == "v\n 0.00\n 0.00\n-0.01\n");
  }
}
