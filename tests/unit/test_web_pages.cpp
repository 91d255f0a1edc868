// The web monitor's pages from a small store made by hand: what each page
// shows and links to, not how it looks (tests/browser/pages_in_chromium.cmake
// checks the layout in Chromium).

#include "collector/importer.hpp"
#include "store/alerts.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/postgres_support.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "web/pages.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <optional>
#include <regex>
#include <string>

using rw::util::ErrorKind;
using rw::web::PageRequest;

namespace {

using rw::test::k_survey_header;

// Every row sends USD 200, so fee % = fee / 2 and margin % = (benchmark −
// rate) / benchmark × 100:
//
// 2024Q4                               fee %  margin  total
//   USA-MEX Bank A                     10/2=5    0      5
//   USA-MEX MTO B                       4/2=2    1      3
//   USA-MEX MTO C                       2/2=1    0      1
//   USA-MEX Opaque D (not transparent: listed apart, never ranked)
//   KEN-UGA "<script>x</script> & Co"   6/2=3    3      6
//   SAU-IND MTO S                       8/2=4    0      4
// 2024Q3: USA-MEX Bank A 12/2 = 6.
// Corridor averages in 2024Q4: USA-MEX (5 + 3 + 1) / 3 = 3, KEN-UGA 6, SAU-IND 4.
constexpr const char* k_pages_survey =
  "USA-MEX,Bank A,Bank,account,account,3-5 days,200,USD,10,20,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,MTO B,Money Transfer Operator,cash,cash,Less than one hour,200,USD,4,19.8,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,MTO C,Money Transfer Operator,card,cash,Less than one hour,200,USD,2,20,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,Opaque D,Money Transfer Operator,cash,cash,Same day,200,USD,3,20,20,test,,2024-11-15T10:00:00Z,no,yes,200\n"
  "KEN-UGA,<script>x</script> & Co,Mobile Operator,mobile,mobile,Same day,200,USD,6,97,100,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "SAU-IND,MTO S,Money Transfer Operator,card,account,Same day,200,USD,8,20,20,test,,2024-11-15T10:00:00Z,yes,yes,200\n"
  "USA-MEX,Bank A,Bank,account,account,3-5 days,200,USD,12,20,20,test,,2024-08-15T10:00:00Z,yes,yes,200\n";

struct PagesFixture
{
  rw::test::TempDir dir;
  std::optional<rw::store::Database> db;

  // The store in a SQLite file, or at `url` (PostgreSQL).
  explicit PagesFixture(bool with_data = true, const std::string& url = "")
  {
    auto opened = rw::store::Database::open(url.empty() ? rw::test::store_at(dir.path() / "web.db")
                                                        : std::filesystem::path(url));
    REQUIRE(opened);
    db.emplace(std::move(*opened));
    REQUIRE(rw::store::migrate(*db)); // an empty store, as `remitwatch serve` may find one
    if (with_data) {
      const auto survey = dir.path() / "survey.csv";
      std::ofstream(survey, std::ios::binary) << k_survey_header << k_pages_survey;
      auto imported = rw::collector::import_file(*db, rw::collector::ImportKind::survey, survey,
                                                 rw::test::builtin_catalogue(), "2025-01-15T12:00:00Z");
      REQUIRE_MESSAGE(imported, (imported ? "" : imported.error().message));
    }
  }
};

PageRequest
request(std::map<std::string, std::string> query = {}, std::string base = "")
{
  return PageRequest{.base_path = std::move(base), .query = std::move(query)};
}

std::string
page_of(const rw::util::Expected<std::string>& page)
{
  REQUIRE_MESSAGE(page, (page ? "" : page.error().message));
  return *page;
}

size_t
occurrences(const std::string& text, const std::string& what)
{
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) {
    ++n;
  }
  return n;
}

// The text of the element with this id, up to the end of its table.
std::string
table_with_id(const std::string& page, const std::string& id)
{
  const auto start = page.find("id=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  return page.substr(start, page.find("</table>", start) - start);
}

std::vector<std::string>
hrefs(const std::string& page)
{
  std::vector<std::string> out;
  const std::regex pattern("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), pattern); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

} // namespace

TEST_SUITE("web::pages")
{
  TEST_CASE("corridor page: transparent providers cheapest first, the non-transparent apart, the chart")
  {
    PagesFixture f;
    const auto page = page_of(rw::web::corridor_page(*f.db, rw::test::builtin_catalogue(), {"USA", "MEX"}, request()));
    CHECK(page.find("United States → Mexico") != std::string::npos);
    const auto ranked = table_with_id(page, "providers-table");
    const auto c = ranked.find("MTO C");
    const auto b = ranked.find("MTO B");
    const auto a = ranked.find("Bank A");
    REQUIRE(c != std::string::npos);
    CHECK(c < b);
    CHECK(b < a);
    CHECK(ranked.find("Opaque D") == std::string::npos);
    // Totals 1, 3 and 5 % in that order (the table above).
    CHECK(ranked.find(R"(data-total="1.000000")") < ranked.find(R"(data-total="3.000000")"));
    CHECK(ranked.find(R"(data-total="3.000000")") < ranked.find(R"(data-total="5.000000")"));
    CHECK(table_with_id(page, "non-transparent-table").find("Opaque D") != std::string::npos);
    CHECK(page.find(R"(id="chart-corridor-trend")") != std::string::npos);
    CHECK(page.find("Target: G8 5 by 5, 5 %") != std::string::npos);
    CHECK(page.find("3.00 %") != std::string::npos); // the corridor average
  }

  TEST_CASE("corridor page: unknown country 404, malformed quarter or amount 400, a quarter without quotes 404")
  {
    PagesFixture f;
    const auto& catalogue = rw::test::builtin_catalogue();
    auto unknown = rw::web::corridor_page(*f.db, catalogue, {"KEN", "XYZ"}, request());
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::not_found);
    CHECK(unknown.error().message.find("XYZ") != std::string::npos);
    auto quarter = rw::web::corridor_page(*f.db, catalogue, {"USA", "MEX"}, request({{"quarter", "2024Q9"}}));
    REQUIRE_FALSE(quarter);
    CHECK(quarter.error().kind == ErrorKind::invalid_argument);
    auto amount = rw::web::corridor_page(*f.db, catalogue, {"USA", "MEX"}, request({{"amount", "300"}}));
    REQUIRE_FALSE(amount);
    CHECK(amount.error().kind == ErrorKind::invalid_argument);
    auto empty = rw::web::corridor_page(*f.db, catalogue, {"USA", "MEX"}, request({{"quarter", "2020Q1"}}));
    REQUIRE_FALSE(empty);
    CHECK(empty.error().kind == ErrorKind::not_found);
    // 2024Q3 holds Bank A alone.
    const auto q3 = page_of(rw::web::corridor_page(*f.db, catalogue, {"USA", "MEX"}, request({{"quarter", "2024Q3"}})));
    CHECK(occurrences(table_with_id(q3, "providers-table"), "<tr class=\"provider\"") == 1);
  }

  TEST_CASE("names from the data are escaped")
  {
    PagesFixture f;
    const auto page = page_of(rw::web::corridor_page(*f.db, rw::test::builtin_catalogue(), {"KEN", "UGA"}, request()));
    CHECK(page.find("&lt;script&gt;x&lt;/script&gt; &amp; Co") != std::string::npos);
    CHECK(page.find("<script>x") == std::string::npos);
    CHECK(occurrences(page, "<script") == 0); // the corridor page has no script of its own
  }

  TEST_CASE("corridor explorer: every corridor, filters by sender, above 5 % and search; unknown sender 404")
  {
    PagesFixture f;
    const auto& catalogue = rw::test::builtin_catalogue();
    const auto all = page_of(rw::web::corridors_page(*f.db, catalogue, request()));
    CHECK(occurrences(all, "<tr class=\"corridor\"") == 3);
    for (const auto* code : {"USA-MEX", "KEN-UGA", "SAU-IND"}) {
      CHECK(all.find(std::string("href=\"/corridors/") + code + "\"") != std::string::npos);
    }
    CHECK(all.find(R"(<form class="filters" id="corridor-filters" method="get" action="/corridors">)") != std::string::npos);
    CHECK(occurrences(all, "<script>") == 1);

    const auto usa = page_of(rw::web::corridors_page(*f.db, catalogue, request({{"sender", "usa"}})));
    CHECK(occurrences(usa, "<tr class=\"corridor\"") == 1);
    CHECK(usa.find("href=\"/corridors/USA-MEX\"") != std::string::npos);
    CHECK(usa.find(R"(<option value="USA" selected>)") != std::string::npos);

    const auto above = page_of(rw::web::corridors_page(*f.db, catalogue, request({{"above5", "1"}})));
    CHECK(occurrences(above, "<tr class=\"corridor\"") == 1); // KEN-UGA, 6 %
    CHECK(above.find("href=\"/corridors/KEN-UGA\"") != std::string::npos);

    const auto search = page_of(rw::web::corridors_page(*f.db, catalogue, request({{"q", "india"}})));
    CHECK(occurrences(search, "<tr class=\"corridor\"") == 1);

    auto unknown = rw::web::corridors_page(*f.db, catalogue, request({{"sender", "XYZ"}}));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().kind == ErrorKind::not_found);
    CHECK(unknown.error().message.find("XYZ") != std::string::npos);
  }

  TEST_CASE("corridor explorer: sorted by average without script, dearest first on dir=desc")
  {
    PagesFixture f;
    const auto page = page_of(rw::web::corridors_page(*f.db, rw::test::builtin_catalogue(),
                                                      request({{"sort", "average"}, {"dir", "desc"}})));
    // Averages 6 (KEN-UGA), 4 (SAU-IND), 3 (USA-MEX).
    const auto ken = page.find("/corridors/KEN-UGA\"");
    const auto sau = page.find("/corridors/SAU-IND\"");
    const auto usa = page.find("/corridors/USA-MEX\"");
    CHECK(ken < sau);
    CHECK(sau < usa);
    auto bad = rw::web::corridors_page(*f.db, rw::test::builtin_catalogue(), request({{"sort", "nonsense"}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::invalid_argument);
  }

  TEST_CASE("every link starts with the base path; the nav bar and the data links")
  {
    PagesFixture f;
    const auto& catalogue = rw::test::builtin_catalogue();
    const auto base = request({}, "/remitwatch");
    const std::vector<std::string> pages = {
      page_of(rw::web::overview_page(*f.db, catalogue, base)),
      page_of(rw::web::corridors_page(*f.db, catalogue, base)),
      page_of(rw::web::corridor_page(*f.db, catalogue, {"USA", "MEX"}, base)),
      page_of(rw::web::alerts_page(*f.db, catalogue, base)),
      page_of(rw::web::status_page(*f.db, catalogue, base)),
    };
    for (const auto& page : pages) {
      for (const auto& link : hrefs(page)) {
        CAPTURE(link);
        CHECK((link.starts_with("/remitwatch/") || link.starts_with("#")));
      }
      for (const auto* nav : {"/remitwatch/", "/remitwatch/corridors", "/remitwatch/report/2024Q4",
                              "/remitwatch/alerts", "/remitwatch/status"}) {
        CHECK(page.find(std::string("href=\"") + nav + "\"") != std::string::npos);
      }
    }
    CHECK(pages[0].find("href=\"/remitwatch/api/v1/report/2024Q4\"") != std::string::npos);
    CHECK(pages[1].find("href=\"/remitwatch/api/v1/corridors?quarter=2024Q4\"") != std::string::npos);
    CHECK(pages[2].find("href=\"/remitwatch/api/v1/corridors/USA-MEX?quarter=2024Q4&amp;amount=200\"") != std::string::npos);
    CHECK(pages[2].find("href=\"/remitwatch/api/v1/corridors/USA-MEX/series\"") != std::string::npos);
    CHECK(pages[3].find("href=\"/remitwatch/api/v1/alerts\"") != std::string::npos);
    // Each data link also as CSV (the API's ?format=csv).
    CHECK(pages[0].find("href=\"/remitwatch/api/v1/report/2024Q4?format=csv\"") != std::string::npos);
    CHECK(pages[1].find("href=\"/remitwatch/api/v1/corridors?quarter=2024Q4&amp;format=csv\"") != std::string::npos);
    CHECK(pages[2].find("href=\"/remitwatch/api/v1/corridors/USA-MEX?quarter=2024Q4&amp;amount=200&amp;format=csv\"")
          != std::string::npos);
    CHECK(pages[2].find("href=\"/remitwatch/api/v1/corridors/USA-MEX/series?format=csv\"") != std::string::npos);
    CHECK(pages[3].find("href=\"/remitwatch/api/v1/alerts?format=csv\"") != std::string::npos);
  }

  TEST_CASE("overview: headline, targets, trend and channels of the latest quarter, or of ?quarter=")
  {
    PagesFixture f;
    const auto& catalogue = rw::test::builtin_catalogue();
    const auto page = page_of(rw::web::overview_page(*f.db, catalogue, request()));
    CHECK(page.find("2024Q4") != std::string::npos);
    CHECK(page.find(R"(id="chart-trend")") != std::string::npos);
    CHECK(page.find(R"(id="chart-channels")") != std::string::npos);
    CHECK(page.find("<section id=\"targets\">") != std::string::npos);
    CHECK(page.find("class=\"cards\"") != std::string::npos);
    const auto q3 = page_of(rw::web::overview_page(*f.db, catalogue, request({{"quarter", "2024Q3"}})));
    CHECK(q3.find("USD 200, 2024Q3") != std::string::npos);
    auto none = rw::web::overview_page(*f.db, catalogue, request({{"quarter", "2030Q1"}}));
    REQUIRE_FALSE(none);
    CHECK(none.error().kind == ErrorKind::not_found);
    CHECK(none.error().message.find(f.db->path()) == std::string::npos);
    auto bad = rw::web::overview_page(*f.db, catalogue, request({{"quarter", "soon"}}));
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == ErrorKind::invalid_argument);

    PagesFixture empty(false);
    CHECK(page_of(rw::web::overview_page(*empty.db, catalogue, request())).find("No data yet") != std::string::npos);
  }

  TEST_CASE("alerts: what fired, when, and each channel's delivery")
  {
    PagesFixture f;
    const auto& catalogue = rw::test::builtin_catalogue();
    CHECK(page_of(rw::web::alerts_page(*f.db, catalogue, request())).find("No alert has fired") != std::string::npos);
    const rw::store::AlertEvent event{"up", "KEN-UGA", "2024Q4", "2025-01-15T12:00:00Z",
                                      R"({"corridor":"KEN-UGA","message":"KEN-UGA rose <0.5 pp>"})"};
    REQUIRE(rw::store::record_alert(*f.db, event, {"stdout", "webhook"}));
    auto pending = rw::store::pending_deliveries(*f.db);
    REQUIRE(pending);
    REQUIRE(pending->size() == 2);
    REQUIRE(rw::store::record_delivery(*f.db, (*pending)[0], std::nullopt, "2025-01-15T12:00:01Z"));
    REQUIRE(rw::store::record_delivery(*f.db, (*pending)[1], std::string("HTTP 500"), "2025-01-15T12:00:01Z"));
    const auto page = page_of(rw::web::alerts_page(*f.db, catalogue, request()));
    CHECK(occurrences(page, "<tr class=\"alert\"") == 1);
    CHECK(page.find("Kenya → Uganda") != std::string::npos);
    CHECK(page.find("KEN-UGA rose &lt;0.5 pp&gt;") != std::string::npos);
    CHECK(page.find("stdout: delivered 2025-01-15T12:00:01Z") != std::string::npos);
    CHECK(page.find("webhook: pending after 1 attempt (HTTP 500)") != std::string::npos);
  }

  TEST_CASE("data status: coverage, the import, rows per table")
  {
    PagesFixture f;
    const auto page = page_of(rw::web::status_page(*f.db, rw::test::builtin_catalogue(), request()));
    CHECK(page.find("2 quarters, 2024Q3 to 2024Q4") != std::string::npos);
    const auto runs = table_with_id(page, "runs-table");
    CHECK(runs.find("survey.csv") != std::string::npos);
    CHECK(runs.find("7 read, 7 new") != std::string::npos);
    CHECK(runs.find(f.dir.path().string()) == std::string::npos); // the file's name, not the server's path
    CHECK(page.find("rows in <span class=\"code\">quotes</span>") != std::string::npos);
  }
}

TEST_SUITE("postgres")
{
  TEST_CASE("every page from a PostgreSQL store is the page from a SQLite store with the same data, byte for byte")
  {
    PagesFixture sqlite;
    rw::test::PostgresDatabase server;
    PagesFixture postgres(true, server.url());
    REQUIRE(postgres.db->is_postgres());
    const auto& catalogue = rw::test::builtin_catalogue();
    const rw::corridors::CorridorKey usa_mex{"USA", "MEX"};
    for (const auto& query : std::vector<std::map<std::string, std::string>>{
           {}, {{"quarter", "2024Q3"}}, {{"sort", "average"}, {"dir", "desc"}}, {{"above5", "1"}}}) {
      CAPTURE(query.size());
      const auto r = request(query, "/remitwatch");
      CHECK(page_of(rw::web::overview_page(*postgres.db, catalogue, r))
            == page_of(rw::web::overview_page(*sqlite.db, catalogue, r)));
      CHECK(page_of(rw::web::corridors_page(*postgres.db, catalogue, r))
            == page_of(rw::web::corridors_page(*sqlite.db, catalogue, r)));
      CHECK(page_of(rw::web::corridor_page(*postgres.db, catalogue, usa_mex, r))
            == page_of(rw::web::corridor_page(*sqlite.db, catalogue, usa_mex, r)));
      CHECK(page_of(rw::web::alerts_page(*postgres.db, catalogue, r))
            == page_of(rw::web::alerts_page(*sqlite.db, catalogue, r)));
    }
    // The status page: the same rows per table and coverage (it names no file).
    const auto status = page_of(rw::web::status_page(*postgres.db, catalogue, request()));
    CHECK(status == page_of(rw::web::status_page(*sqlite.db, catalogue, request())));
  }
}
