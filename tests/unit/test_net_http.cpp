#include "net/http.hpp"
#include "tests/unit/http_test_server.hpp"

#include <doctest/doctest.h>

#include <atomic>

using rw::net::HttpClient;
using rw::net::HttpOptions;
using rw::net::HttpRequest;
using rw::test::HttpTestServer;
using rw::test::TestReply;
using rw::test::TestRequest;
using namespace std::chrono_literals;

namespace {

// Short timeouts and backoff so that faults are quick to see.
HttpOptions
fast()
{
  HttpOptions options;
  options.connect_timeout = 2000ms;
  options.total_timeout = 2000ms;
  options.backoff_base = 10ms;
  options.max_attempts = 3;
  return options;
}

} // namespace

TEST_SUITE("collector::http")
{
  TEST_CASE("a GET: status, body, headers, our User-Agent")
  {
    HttpTestServer server([](const TestRequest&) {
      return TestReply{.status = 200, .headers = {{"ETag", "\"v1\""}}, .body = "hello"};
    });
    HttpClient client(fast());
    const auto results = client.fetch({{.url = server.url("/rates.xml")}});
    REQUIRE(results.size() == 1);
    REQUIRE(results[0]);
    CHECK(results[0]->status == 200);
    CHECK(results[0]->body == "hello");
    CHECK(results[0]->headers.at("etag") == "\"v1\"");
    CHECK(results[0]->attempts == 1);
    const auto received = server.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].target == "/rates.xml");
    CHECK(received[0].headers.at("user-agent").starts_with("remitwatch/"));
  }

  TEST_CASE("a redirect is followed, and the response names the URL that answered")
  {
    HttpTestServer server([&](const TestRequest& request) {
      if (request.target == "/old.xml") {
        return TestReply{.status = 302, .headers = {{"Location", "/new.xml"}}, .body = ""};
      }
      return TestReply{.status = 200, .body = "moved"};
    });
    HttpClient client(fast());
    const auto results = client.fetch({{.url = server.url("/old.xml")}, {.url = server.url("/new.xml")}});
    REQUIRE(results.size() == 2);
    REQUIRE(results[0]);
    CHECK(results[0]->status == 200);
    CHECK(results[0]->body == "moved");
    CHECK(results[0]->effective_url == server.url("/new.xml"));
    REQUIRE(results[1]);
    CHECK(results[1]->effective_url == server.url("/new.xml")); // no redirect: the URL asked for
  }

  TEST_CASE("500 twice, then 200: retried with backoff")
  {
    std::atomic<int> calls{0};
    HttpTestServer server([&](const TestRequest&) {
      return ++calls <= 2 ? TestReply{.status = 500, .body = "oops"} : TestReply{.status = 200, .body = "ok"};
    });
    HttpClient client(fast());
    const auto results = client.fetch({{.url = server.url("/")}});
    REQUIRE(results[0]);
    CHECK(results[0]->status == 200);
    CHECK(results[0]->attempts == 3);
    CHECK(server.requests() == 3);
  }

  TEST_CASE("503 with Retry-After is honoured; 429 too; giving up names the URL and status")
  {
    std::atomic<int> calls{0};
    HttpTestServer server([&](const TestRequest& r) {
      if (r.target.starts_with("/always429")) {
        return TestReply{.status = 429};
      }
      return ++calls == 1 ? TestReply{.status = 503, .headers = {{"Retry-After", "1"}}} : TestReply{.body = "late"};
    });
    HttpClient client(fast());
    const auto before = std::chrono::steady_clock::now();
    const auto results = client.fetch({{.url = server.url("/")}, {.url = server.url("/always429?api_key=s3cret")}});
    const auto elapsed = std::chrono::steady_clock::now() - before;
    REQUIRE(results[0]);
    CHECK(results[0]->body == "late");
    CHECK(elapsed >= 1s); // waited for Retry-After: 1
    REQUIRE_FALSE(results[1]);
    CHECK(results[1].error().message.find("HTTP 429 (after 3 attempts)") != std::string::npos);
    CHECK(results[1].error().message.find("api_key=REDACTED") != std::string::npos);
    CHECK(results[1].error().message.find("s3cret") == std::string::npos);
  }

  TEST_CASE("a 404 is an answer, not a retry")
  {
    HttpTestServer server([](const TestRequest&) { return TestReply{.status = 404, .body = "no"}; });
    HttpClient client(fast());
    const auto results = client.fetch({{.url = server.url("/")}});
    REQUIRE(results[0]);
    CHECK(results[0]->status == 404);
    CHECK(server.requests() == 1);
  }

  TEST_CASE("network faults: reset, truncated body, slow body past the timeout")
  {
    HttpTestServer server([](const TestRequest& r) {
      if (r.target == "/reset") {
        return TestReply{.reset = true};
      }
      if (r.target == "/truncated") {
        return TestReply{.body = std::string(1000, 'x'), .truncate = true};
      }
      return TestReply{.body = "slow", .slow_body = 1500ms};
    });
    HttpOptions options = fast();
    options.total_timeout = 500ms;
    options.max_attempts = 2;
    HttpClient client(options);
    const auto results =
      client.fetch({{.url = server.url("/reset")}, {.url = server.url("/truncated")}, {.url = server.url("/slow")}});
    for (const auto& result : results) {
      REQUIRE_FALSE(result);
      CHECK(result.error().kind == rw::util::ErrorKind::network);
      CHECK(result.error().message.find("(after 2 attempts)") != std::string::npos);
    }
    CHECK(results[2].error().message.find("imeout") != std::string::npos);
  }

  TEST_CASE("a body over the size limit is refused")
  {
    HttpTestServer server([](const TestRequest&) { return TestReply{.body = std::string(10'000, 'x')}; });
    HttpOptions options = fast();
    options.max_response_bytes = 1000;
    HttpClient client(options);
    const auto results = client.fetch({{.url = server.url("/big")}});
    REQUIRE_FALSE(results[0]);
    CHECK(results[0].error().message.find("larger than 1000 bytes") != std::string::npos);
  }

  TEST_CASE("concurrency is bounded per host")
  {
    HttpTestServer server([](const TestRequest&) { return TestReply{.body = "x", .delay = 50ms}; });
    HttpOptions options = fast();
    options.max_concurrency = 8;
    options.max_per_host = 3;
    HttpClient client(options);
    std::vector<HttpRequest> requests(12, HttpRequest{.url = server.url("/")});
    const auto results = client.fetch(requests);
    for (const auto& result : results) {
      REQUIRE(result);
    }
    CHECK(server.max_concurrent() <= 3);
    CHECK(server.max_concurrent() >= 2);
  }

  TEST_CASE("POST with a body; conditional GET sends its validators")
  {
    HttpTestServer server([](const TestRequest& r) {
      if (r.method == "POST") {
        return TestReply{.status = 201, .body = r.body};
      }
      return r.headers.contains("if-none-match") ? TestReply{.status = 304} : TestReply{.body = "full"};
    });
    HttpClient client(fast());
    const auto results = client.fetch({{.url = server.url("/hook"), .method = "POST", .body = "{\"a\":1}",
                                        .headers = {"Content-Type: application/json"}},
                                       {.url = server.url("/rates"), .if_none_match = "\"v1\""}});
    REQUIRE(results[0]);
    CHECK(results[0]->status == 201);
    CHECK(results[0]->body == "{\"a\":1}");
    REQUIRE(results[1]);
    CHECK(results[1]->status == 304);
    CHECK(results[1]->body.empty());
  }

  TEST_CASE("URLs are redacted before they are shown")
  {
    CHECK(rw::net::redact_url("https://user:pw@example.org/x?token=abc&q=1")
          == "https://REDACTED@example.org/x?token=REDACTED&q=1");
    CHECK(rw::net::redact_url("http://127.0.0.1:8080/v4/comparisons/?sourceCurrency=USD")
          == "http://127.0.0.1:8080/v4/comparisons/?sourceCurrency=USD");
  }
}
