// Collectors on several hosts writing to one PostgreSQL store (issue 22): a
// collector starting while another host's collection goes on must not take
// that run for one a killed process left behind.

#include "collector/collect.hpp"
#include "collector/config.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/postgres_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace {

// One collection of the quote feed at `feed` (the fixture's GBR-IND quote,
// which carries its own benchmark), into its own archive, on a connection of
// its own.
rw::util::Expected<rw::collector::CollectSummary>
collect_feed(const std::string& url, const std::string& feed, const std::filesystem::path& archive)
{
  auto db = rw::store::Database::open(url);
  REQUIRE(db);
  rw::collector::CollectConfig config;
  config.corridors = {"GBR-IND"};
  config.amounts = {200};
  config.sources = {"feed"};
  config.feed_urls = {feed};
  config.timeout = std::chrono::milliseconds(20000);
  config.origin = "test";
  rw::collector::CollectOptions options;
  options.now = "2025-05-10T12:00:00Z";
  return rw::collector::collect(*db, rw::test::builtin_catalogue(), config, archive, options);
}

// The collection runs' statuses and messages, by id.
std::string
collect_runs(rw::store::Database& db)
{
  auto statement = db.prepare("SELECT id, status, coalesce(message, '') FROM runs WHERE kind = 'collect' "
                              "ORDER BY id");
  REQUIRE(statement);
  std::string out;
  while (true) {
    auto row = statement->step();
    REQUIRE(row);
    if (!*row) {
      return out;
    }
    out += statement->column_text(0) + " " + statement->column_text(1) + " " + statement->column_text(2) + "\n";
  }
}

} // namespace

TEST_SUITE("postgres")
{
  TEST_CASE("a collector starting beside another host's collection leaves that run alone; the first then "
            "finishes it")
  {
    rw::test::PostgresDatabase server;
    {
      auto db = rw::store::Database::open(server.url());
      REQUIRE(db);
      REQUIRE(rw::store::migrate(*db));
    }
    const std::string feed =
      rw::util::read_file(rw::test::source_dir() / "tests/fixtures/collector/quote-feed.xml").value();
    // Host A's feed answers once the test lets it: until then its run is open.
    std::promise<void> release;
    const std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> asked{false};
    rw::test::HttpTestServer slow([&](const rw::test::TestRequest&) {
      asked = true;
      released.wait();
      return rw::test::TestReply{200, {}, feed};
    });
    rw::test::HttpTestServer fast([&](const rw::test::TestRequest&) { return rw::test::TestReply{200, {}, feed}; });
    rw::test::TempDir dir;

    std::optional<rw::util::Expected<rw::collector::CollectSummary>> first;
    std::thread host_a([&] { first = collect_feed(server.url(), slow.url("/feed.xml"), dir / "archive-a"); });
    // However the case ends, A's feed answers and A is waited for.
    struct Finish
    {
      std::promise<void>& release;
      std::thread& host;
      bool released = false;
      void now()
      {
        if (!released) {
          released = true;
          release.set_value();
        }
        if (host.joinable()) {
          host.join();
        }
      }
      ~Finish() { now(); }
    } finish{release, host_a};
    while (!asked) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto db = rw::store::Database::open(server.url());
    REQUIRE(db);
    // Host B, on an archive of its own, while A's run is open.
    const auto second = collect_feed(server.url(), fast.url("/feed.xml"), dir / "archive-b");
    REQUIRE_MESSAGE(second, (second ? "" : second.error().message));
    const auto runs = collect_runs(*db);
    CAPTURE(runs);
    // A's run (the first) is still running: B's start did not close it as interrupted.
    CHECK(runs.find(" running \n") != std::string::npos);
    CHECK(runs.find("interrupted") == std::string::npos);
    finish.now();
    REQUIRE(first);
    REQUIRE_MESSAGE(*first, (*first ? "" : first->error().message));
    const auto after = collect_runs(*db);
    CAPTURE(after);
    CHECK(after.find("running") == std::string::npos);
    CHECK(after.find("interrupted") == std::string::npos);
    CHECK(*db->query_int("SELECT count(*) FROM runs WHERE kind = 'collect' AND status = 'ok'") == 2);
    // The same feed twice: B stored its quotes, A found every one of them
    // there; none twice, none lost.
    CHECK(second->quotes_new == 1);
    CHECK((*first)->quotes_new == 0);
    CHECK((*first)->quotes_unchanged == second->quotes_new);
    CHECK(*db->query_int("SELECT count(*) FROM quotes") == static_cast<std::int64_t>(second->quotes_new));
  }
}
