// Issue #21, item 9: the smaller input and output faults, each through the
// path a user takes (the collector's record of a response, the averages
// command on a pipe).

#include "collector/collect.hpp"
#include "collector/config.hpp"
#include "readers/xlsx_reader.hpp"
#include "reports/xlsx_writer.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using rw::test::TestReply;
using rw::test::TestRequest;

TEST_SUITE("reliability::inputs")
{
  TEST_CASE("a redirected feed is recorded under the URL that answered it")
  {
    auto feed = rw::util::read_file(rw::test::source_dir() / "tests/fixtures/collector/quote-feed.xml");
    REQUIRE(feed);
    rw::test::HttpTestServer server([&](const TestRequest& request) {
      if (request.target == "/feed/old.xml") {
        return TestReply{.status = 301, .headers = {{"Location", "/feed/new.xml"}}, .body = ""};
      }
      return TestReply{.status = 200, .body = *feed};
    });
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir.path() / "c.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    rw::collector::CollectConfig config;
    config.sources = {"feed"};
    config.feed_urls = {server.url("/feed/old.xml")};
    config.connect_timeout = 1000ms;
    config.timeout = 1000ms;
    config.min_interval = 0ms;
    config.origin = "test";
    rw::collector::CollectOptions options;
    options.now = "2025-05-10T12:00:00Z";
    auto summary =
      rw::collector::collect(*db, rw::test::builtin_catalogue(), config, dir.path() / "archive", options);
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    auto statement = db->prepare("SELECT url FROM responses");
    REQUIRE(statement);
    REQUIRE(*statement->step());
    CHECK(statement->column_text(0) == server.url("/feed/new.xml"));
    CHECK_FALSE(*statement->step());
  }

  TEST_CASE("averages --input on endless input is refused at once, not read until the memory is full"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    const auto err = dir.path() / "stderr.txt";
    rw::test::ChildOptions options;
    options.stderr_path = err.string();
    // Without the bound the read would fill the memory: the limit makes that
    // a quick failure of this test instead of the machine's.
    options.max_memory = rlim_t{1} << 30;
    options.kill_after = 20s;
    const int status = rw::test::run_remitwatch({"averages", "--input", "/dev/zero"}, options);
    const std::string message = rw::test::file_text(err.string());
    CHECK_MESSAGE(status > 0, message); // refused, not killed (−9)
    CHECK_MESSAGE(message.find("/dev/zero: not a text file") != std::string::npos, message);
  }

  TEST_CASE("an xlsx cell over Excel's limit is cut with a mark, not dropped"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    const auto path = dir.path() / "long.xlsx";
    const std::string longest(rw::reports::XlsxWriter::k_max_cell_chars, 'a');
    // 40,000 characters, the last 10,000 of two bytes (é): the cut counts characters.
    const std::string over = std::string(30000, 'b') + [] {
      std::string e;
      for (int i = 0; i < 10000; ++i) {
        e += "\xC3\xA9";
      }
      return e;
    }();
    {
      auto workbook = rw::reports::XlsxWriter::create(path);
      REQUIRE(workbook);
      REQUIRE(workbook->add_sheet("S"));
      workbook->write(0, 0, longest);
      workbook->write(1, 0, over);
      CHECK(workbook->truncated_cells() == 1);
      REQUIRE(workbook->finish());
    }
    std::vector<std::string> cells;
    auto read = rw::readers::read_xlsx_sheet(path, "S", [&](size_t, const std::vector<std::string>& row) {
      cells.push_back(row.empty() ? "" : row[0]);
      return rw::util::Expected<bool>(true);
    });
    REQUIRE_MESSAGE(read, (read ? "" : read.error().message));
    REQUIRE(cells.size() == 2);
    CHECK(cells[0] == longest); // at the limit: whole
    const std::string mark = "… [truncated: ";
    const size_t at = cells[1].rfind(mark);
    REQUIRE(at != std::string::npos);
    CHECK(cells[1].size() <= rw::reports::XlsxWriter::k_max_cell_chars);
    CHECK(over.starts_with(cells[1].substr(0, at)));
    // What is kept plus what the mark says was cut: the 40,000 characters.
    const auto kept = static_cast<size_t>(std::ranges::count_if(
      cells[1].substr(0, at), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    CHECK(cells[1].substr(at) == fmt::format("… [truncated: {} characters]", 40000 - kept));
  }
}
