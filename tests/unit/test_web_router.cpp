#include "web/query.hpp"
#include "web/router.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace {

std::string
header(const rw::web::Outgoing& out, const std::string& name)
{
  const auto it = std::ranges::find_if(out.headers, [&](const auto& h) { return h.first == name; });
  return it == out.headers.end() ? std::string() : it->second;
}

rw::web::Site
memory_site(std::vector<std::string>& logged)
{
  rw::web::Site site;
  site.open_database = [] { return rw::store::Database::open(":memory:"); };
  site.base_path = "/rw";
  site.log_error = [&logged](const std::string& line) { logged.push_back(line); };
  return site;
}

rw::web::Incoming
get(const std::string& target)
{
  return {.method = "GET", .target = target, .path = target.substr(0, target.find('?')), .query = {},
          .if_none_match = {}};
}

} // namespace

TEST_SUITE("web::router")
{
  TEST_CASE("refused targets: dot segments, encoded dots and slashes, backslashes, empty segments")
  {
    for (const char* bad : {"/rw/../etc/passwd", "/rw/%2e%2e/x", "/rw/%2E%2E/x", "/rw/a%2fb", "/rw/a%5cb",
                            "/rw/a\\b", "/rw//x", "/rw/./x", "/rw/x%00", "rw/x"}) {
      CAPTURE(bad);
      CHECK_FALSE(rw::web::refused_target(bad).empty());
    }
    for (const char* good : {"/rw/", "/rw/api/v1/corridors?sender=../x", "/rw/api/v1/corridors/KEN-UGA"}) {
      CAPTURE(good);
      CHECK(rw::web::refused_target(good).empty());
    }
  }

  TEST_CASE("?format=: json by default, csv, anything else refused naming both")
  {
    rw::web::Request request;
    CHECK(*rw::web::format_parameter(request) == rw::web::Format::json);
    request.query["format"] = "csv";
    CHECK(*rw::web::format_parameter(request) == rw::web::Format::csv);
    request.query["format"] = "json";
    CHECK(*rw::web::format_parameter(request) == rw::web::Format::json);
    request.query["format"] = "CSV"; // the values are lower case
    const auto refused = rw::web::format_parameter(request);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == rw::util::ErrorKind::invalid_argument);
    CHECK(refused.error().message
          == "format=CSV: not a format of this answer; say format=json (the default) or format=csv");
  }

  TEST_CASE("answers kept while the data version stays: read once, sent again, 304; a new version reads again")
  {
    std::vector<std::string> logged;
    auto site = memory_site(logged);
    std::string version = "v1";
    site.data_version = [&version] { return version; };
    int reads = 0;
    rw::web::Router router;
    router.add(rw::web::RouteKind::json, "/count",
               [&reads](const rw::web::Request&, rw::store::Database&, const rw::web::Site&)
                 -> rw::util::Expected<rw::web::Reply> {
                 ++reads;
                 return rw::web::Reply{"[" + std::to_string(reads) + "]\n", "application/json", {}};
               });
    router.add(rw::web::RouteKind::json, "/missing",
               [&reads](const rw::web::Request&, rw::store::Database&, const rw::web::Site&)
                 -> rw::util::Expected<rw::web::Reply> {
                 ++reads;
                 return rw::util::make_error(rw::util::ErrorKind::not_found, "nothing here");
               });

    const auto first = router.handle(get("/rw/count"), site);
    const auto second = router.handle(get("/rw/count"), site);
    CHECK(reads == 1); // the second answer was kept
    CHECK(second.body == "[1]\n");
    CHECK(header(second, "ETag") == header(first, "ETag"));
    auto cached = get("/rw/count");
    cached.if_none_match = header(first, "ETag");
    CHECK(router.handle(cached, site).status == 304);
    CHECK(router.handle(get("/rw/count?x=1"), site).body == "[2]\n"); // another target: read

    version = "v2"; // an import: read again
    CHECK(router.handle(get("/rw/count"), site).body == "[3]\n");
    CHECK(reads == 3);

    // Errors are never kept.
    CHECK(router.handle(get("/rw/missing"), site).status == 404);
    CHECK(router.handle(get("/rw/missing"), site).status == 404);
    CHECK(reads == 5);

    version.clear(); // no version (the file cannot be read): nothing kept
    router.handle(get("/rw/count"), site);
    router.handle(get("/rw/count"), site);
    CHECK(reads == 7);
  }

  TEST_CASE("answers: route, parameters, ETag and 304, 404, 405, hidden internal errors")
  {
    std::vector<std::string> logged;
    const auto site = memory_site(logged);
    rw::web::Router router;
    router.add(rw::web::RouteKind::json, "/echo/{word}",
               [](const rw::web::Request& request, rw::store::Database&, const rw::web::Site&)
                 -> rw::util::Expected<rw::web::Reply> {
                 return rw::web::Reply{"[\"" + request.params.at("word") + "\"]\n", "application/json", {}};
               });
    router.add(rw::web::RouteKind::json, "/table",
               [](const rw::web::Request&, rw::store::Database&, const rw::web::Site&)
                 -> rw::util::Expected<rw::web::Reply> {
                 return rw::web::Reply{"a,b\n1,2\n", "text/csv; charset=utf-8", "remitwatch-table.csv"};
               });
    router.add(rw::web::RouteKind::json, "/fail",
               [](const rw::web::Request&, rw::store::Database&, const rw::web::Site&)
                 -> rw::util::Expected<rw::web::Reply> {
                 return rw::util::make_error(rw::util::ErrorKind::database, "SELECT secret FROM t: no such table");
               });

    const auto ok = router.handle(get("/rw/echo/hello"), site);
    CHECK(ok.status == 200);
    CHECK(ok.body == "[\"hello\"]\n");
    const std::string etag = header(ok, "ETag");
    REQUIRE(etag.starts_with("W/\""));
    CHECK(header(ok, "Cache-Control") == "no-cache");
    CHECK(header(ok, "X-Content-Type-Options") == "nosniff");

    auto again = get("/rw/echo/hello");
    again.if_none_match = "\"other\", " + etag.substr(2); // the strong form matches weakly
    const auto not_modified = router.handle(again, site);
    CHECK(not_modified.status == 304);
    CHECK(not_modified.body.empty());

    // A reply with a file name: offered for saving under it; JSON has none.
    const auto table = router.handle(get("/rw/table"), site);
    CHECK(table.content_type == "text/csv; charset=utf-8");
    CHECK(header(table, "Content-Disposition") == "attachment; filename=\"remitwatch-table.csv\"");
    CHECK(header(ok, "Content-Disposition").empty());

    CHECK(router.handle(get("/echo/hello"), site).status == 404);     // outside the base path
    CHECK(router.handle(get("/rw/echo"), site).status == 404);        // no such route
    CHECK(router.handle(get("/rw/echo/a/b"), site).status == 404);
    CHECK(router.handle(get("/rw/%2e%2e/echo/x"), site).status == 400);

    auto post = get("/rw/echo/hello");
    post.method = "POST";
    const auto refused = router.handle(post, site);
    CHECK(refused.status == 405);
    CHECK(header(refused, "Allow") == "GET, HEAD");

    const auto failed = router.handle(get("/rw/fail"), site);
    CHECK(failed.status == 500);
    CHECK(failed.body.find("SELECT") == std::string::npos);
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].find("no such table") != std::string::npos);
  }
}
