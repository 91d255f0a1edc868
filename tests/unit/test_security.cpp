// Security properties (issue: reliability and security): credentials never
// in logs, the archive's index or the database; TLS verification cannot be
// switched off; decompression and document-depth limits.

#include "collector/config.hpp"
#include "readers/ecb.hpp"
#include "net/http.hpp"
#include "readers/quote_feed.hpp"
#include "readers/worldbank_api.hpp"
#include "store/database.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/process.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <zlib.h>

#include <fstream>

using namespace std::chrono_literals;

namespace {

std::string
gzip(const std::string& data)
{
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

} // namespace

TEST_SUITE("security")
{
  TEST_CASE("collect: credentials in URLs and the API key never reach the log, the output or the database")
  {
    std::string authorization;
    rw::test::HttpTestServer server([&](const rw::test::TestRequest& r) {
      if (r.target.starts_with("/wise/")) {
        authorization = r.headers.contains("authorization") ? r.headers.at("authorization") : "";
        return rw::test::TestReply{500, {}, "down"};
      }
      return rw::test::TestReply{200, {}, "<quoteFeed version=\"1\""}; // malformed: logged with its URL
    });
    rw::test::TempDir dir;
    const std::string port_url = server.url("");
    const std::string feed = fmt::format("http://feeduser:pa55word-feed@{}/feed.xml?token=t0ken-feed&page=1",
                                         port_url.substr(std::string("http://").size()));
    const auto config = dir.path() / "remitwatch.toml";
    std::ofstream(config) << fmt::format(
      "[collect]\ncorridors = [\"USA-MEX\"]\namounts = [200]\nsources = [\"wise\", \"feed\"]\n"
      "[http]\nmax_attempts = 1\n[sources.wise]\nbase_url = \"{}\"\napi_key_env = \"RW_TEST_WISE_KEY\"\n"
      "[sources.feed]\nurls = [\"{}\"]\n",
      server.url("/wise"), feed);
    const auto db = rw::test::store_at(dir.path() / "c.db");
    const auto err = (dir.path() / "stderr.txt").string();
    rw::test::ChildOptions options;
    options.stderr_path = err;
    options.environment = {{"RW_TEST_WISE_KEY", "k3y-s3cret-wise"}};
    for (const char* format : {"text", "json"}) {
      const int status = rw::test::run_remitwatch(
        {"collect", "--config", config.string(), "--db", db.string(), "--data-dir", (dir / "archive").string(),
         "--log-format", format},
        options);
      CHECK(status == 6); // nothing succeeded: coverage 0 %
      const std::string log = rw::test::file_text(err);
      CHECK_MESSAGE(log.find("feed.xml") != std::string::npos, log); // the failure is logged, with its URL …
      for (const char* secret : {"pa55word-feed", "t0ken-feed", "k3y-s3cret-wise", "feeduser"}) {
        CHECK_MESSAGE(log.find(secret) == std::string::npos, secret, " in ", log); // … without its secrets
      }
    }
    CHECK(authorization == "Bearer k3y-s3cret-wise"); // the key was used
    auto opened = rw::store::Database::open(db);
    REQUIRE(opened);
    for (const char* secret : {"pa55word", "t0ken", "k3y-s3cret"}) {
      for (const char* sql : {"SELECT count(*) FROM responses WHERE url LIKE '%{}%' OR parse_error LIKE '%{}%'",
                              "SELECT count(*) FROM run_items WHERE reason LIKE '%{}%' OR corridor LIKE '%{}%'",
                              "SELECT count(*) FROM runs WHERE message LIKE '%{}%' OR input LIKE '%{}%'"}) {
        CHECK_MESSAGE(*opened->query_int(fmt::format(fmt::runtime(sql), secret, secret)) == 0, sql, " ", secret);
      }
    }
  }

  TEST_CASE("TLS verification cannot be switched off from the configuration" * rw::test::no_store())
  {
    for (const char* key : {"insecure = true", "verify_tls = false", "ssl_verify = false"}) {
      auto config = rw::collector::parse_collect_config(fmt::format("[http]\n{}\n", key), "remitwatch.toml");
      REQUIRE_FALSE(config);
      CHECK(config.error().message.starts_with("remitwatch.toml:2: unknown key 'http."));
    }
  }

  TEST_CASE("a compressed answer is limited by its decompressed size (a gzip bomb is refused)"
            * rw::test::no_store())
  {
    const std::string bomb = gzip(std::string(20u << 20, '0')); // 20 MiB of zeros, ~20 KiB compressed
    REQUIRE(bomb.size() < 100u << 10);
    rw::test::HttpTestServer server([&](const rw::test::TestRequest&) {
      return rw::test::TestReply{200, {{"Content-Encoding", "gzip"}}, bomb};
    });
    rw::net::HttpOptions options;
    options.max_response_bytes = 1u << 20;
    options.max_attempts = 1;
    rw::net::HttpClient client(options);
    auto response = std::move(client.fetch({{server.url("/bomb")}}).front());
    REQUIRE_FALSE(response);
    CHECK_MESSAGE(response.error().message.find("larger than") != std::string::npos, response.error().message);
  }

  TEST_CASE("deeply nested XML neither crashes nor recurses without bound; entities are not expanded"
            * rw::test::no_store())
  {
    std::string deep;
    for (int i = 0; i < 200000; ++i) {
      deep += "<a>";
    }
    for (int i = 0; i < 200000; ++i) {
      deep += "</a>";
    }
    CHECK_FALSE(rw::readers::parse_ecb_xml(deep, "deep.xml"));
    CHECK_FALSE(rw::readers::parse_quote_feed(deep, "deep.xml"));
    CHECK_FALSE(rw::readers::parse_worldbank_xml(deep, "deep.xml"));
    // A billion laughs: the DTD is not processed, so nothing multiplies.
    const std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;\">"
                               "<!ENTITY c \"&b;&b;&b;&b;\">]><quoteFeed version=\"1\" publisher=\"&c;\"/>";
    auto feed = rw::readers::parse_quote_feed(laughs, "laughs.xml");
    REQUIRE(feed);
    CHECK(feed->publisher == "&c;");
    // An external entity is not fetched or read.
    const std::string external = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                                 "<quoteFeed version=\"1\" publisher=\"&e;\"/>";
    auto outside = rw::readers::parse_quote_feed(external, "external.xml");
    REQUIRE(outside);
    CHECK(outside->publisher.find("root:") == std::string::npos);
  }
}
