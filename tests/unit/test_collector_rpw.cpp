// `collect --source rpw` end to end on 127.0.0.1: the Data Catalog's answer
// names the newest release workbook, which is downloaded with a conditional
// GET, archived and imported whole, and recorded as a release (issue #20).

#include "collector/collect.hpp"
#include "collector/config.hpp"
#include "datasets/stored_costs.hpp"
#include "readers/data_catalog.hpp"
#include "store/database.hpp"
#include "store/dump.hpp"
#include "store/releases.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/http_test_server.hpp"
#include "tests/unit/release_workbook.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <mutex>

using namespace std::chrono_literals;
using rw::test::TestReply;
using rw::test::TestRequest;

namespace {

// What the test server serves: the catalog's answer (written here in the
// DatasetView shape: a `Resources` list with name, url, format, version and
// last_updated_date; the newest workbook is not listed first) and files.
struct Catalog
{
  std::mutex mutex;
  std::string file_path, version, date;
  std::map<std::string, std::string> files;
  bool honour_etag = true;

  std::string json(const rw::test::HttpTestServer& server)
  {
    return fmt::format(
      R"j({{"dataset_unique_id":"0037898","name":"Remittance Prices Worldwide (RPW)","version":"7",)j"
      R"j("identification":{{"title":"Remittance Prices Worldwide"}},"Resources":[)j"
      R"j({{"resource_unique_id":"DR0001","name":"RPW methodology","format":"PDF",)j"
      R"j("url":"{}","last_updated_date":"2026-01-20T10:00:00"}},)j"
      R"j({{"resource_unique_id":"DR0002","name":"RPW dataset","format":"XLSX","version":"{}",)j"
      R"j("url":"{}","last_updated_date":"{}T09:30:00"}},)j"
      R"j({{"resource_unique_id":"DR0003","name":"RPW dataset (2024)","format":"XLSX","version":"1",)j"
      R"j("url":"{}","last_updated_date":"2025-03-01T09:30:00"}}]}})j",
      server.url("/files/rpw_methodology.pdf"), version, server.url(file_path), date,
      server.url("/files/rpw_dataset_2011_2024_q4.xlsx"));
  }

  TestReply answer(const rw::test::HttpTestServer& server, const TestRequest& request)
  {
    std::lock_guard lock(mutex);
    if (request.target == "/ddhxext/DatasetView?dataset_unique_id=0037898") {
      return {200, {{"Content-Type", "application/json"}}, json(server)};
    }
    const auto file = files.find(request.target);
    if (file == files.end()) {
      return {404, {}, "not found"};
    }
    const std::string etag = "\"" + rw::util::sha256_hex(file->second).substr(0, 16) + "\"";
    const auto asked = request.headers.find("if-none-match");
    if (honour_etag && asked != request.headers.end() && asked->second == etag) {
      return {304, {{"ETag", etag}}, ""};
    }
    return {200, {{"ETag", etag}}, file->second};
  }
};

rw::collector::CollectConfig
test_config(const rw::test::HttpTestServer& server)
{
  rw::collector::CollectConfig config;
  config.corridors = {"KEN-UGA"};
  config.amounts = {200};
  config.sources = {"rpw"};
  config.rpw_catalog_base_url = server.url("/");
  config.min_interval = 0ms;
  config.connect_timeout = 1000ms;
  config.timeout = 5000ms;
  config.max_attempts = 1;
  config.origin = "test";
  return config;
}

// The store without the collection runs' own records (runs, responses, run
// items): the data a run that changes nothing must leave as it was.
std::string
data_dump(rw::store::Database& db)
{
  auto text = rw::store::dump(db);
  REQUIRE(text);
  std::string kept;
  bool keep = true;
  for (const auto line : rw::util::split(*text, '\n')) {
    if (line.starts_with("== ")) {
      keep = line != "== runs" && line != "== responses" && line != "== run_items";
    }
    if (keep) {
      kept += std::string(line) + "\n";
    }
  }
  return kept;
}

// KEN-UGA's average total cost % (USD 200) in each quarter, from the store.
std::map<std::string, double>
ken_uga_averages(rw::store::Database& db)
{
  auto quarters = rw::datasets::aggregate_stored_quarters(db, 200, std::nullopt, std::nullopt,
                                                          rw::test::builtin_catalogue(), {}, 1);
  REQUIRE(quarters);
  std::map<std::string, double> averages;
  for (const auto& [quarter, aggregates] : *quarters) {
    for (const auto& corridor : aggregates.corridors) {
      if (corridor.corridor.to_string() == "KEN-UGA" && corridor.average) {
        averages[quarter.to_string()] = *corridor.average;
      }
    }
  }
  return averages;
}

struct CollectedQuotes
{
  rw::collector::CollectSummary summary;
  std::vector<std::string> log; // "event: detail" of the rpw source
};

CollectedQuotes
collect(rw::store::Database& db, const rw::collector::CollectConfig& config, const std::filesystem::path& archive,
        const std::string& now)
{
  CollectedQuotes collected;
  rw::collector::CollectOptions options;
  options.now = now;
  options.log = [&](const rw::collector::LogEvent& e) {
    if (e.source == "rpw") {
      collected.log.push_back(e.event + ": " + e.detail);
    }
  };
  auto summary = rw::collector::collect(db, rw::test::builtin_catalogue(), config, archive, options);
  REQUIRE_MESSAGE(summary, (summary ? std::string() : summary.error().message));
  collected.summary = std::move(*summary);
  return collected;
}

bool
logged(const CollectedQuotes& collected, const std::string& text)
{
  return std::ranges::any_of(collected.log,
                             [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

} // namespace

TEST_SUITE("collector::rpw")
{
  TEST_CASE("the catalog's newest workbook: its URL, file name, version and date"
            * rw::test::no_store())
  {
    const std::string json =
      R"({"version":"7","Resources":[{"name":"RPW dataset","format":"XLSX","version":"3",)"
      R"("url":"https://files.example/ddh-published/0037898/DR2/rpw_dataset_2011_2025_q3.xlsx?v=2",)"
      R"("last_updated_date":"2025-12-10T09:30:00"},{"name":"older","url":"https://files.example/a/old.xlsx",)"
      R"("last_updated_date":"2025-03-01T00:00:00"},{"name":"notes","format":"PDF","url":"https://x/n.pdf",)"
      R"("last_updated_date":"2026-01-01T00:00:00"}]})";
    const auto release = rw::readers::parse_catalog_release(json, "catalog");
    REQUIRE(release);
    CHECK(release->file_name == "rpw_dataset_2011_2025_q3.xlsx");
    CHECK(release->url == "https://files.example/ddh-published/0037898/DR2/rpw_dataset_2011_2025_q3.xlsx?v=2");
    CHECK(release->version == "3");
    CHECK(release->date == "2025-12-10");
    // No version on the resource: the dataset's.
    const auto dataset_version = rw::readers::parse_catalog_release(
      R"({"version":"7","Resources":[{"url":"https://x/r.xlsx","last_updated_date":"2025-01-01"}]})", "c");
    REQUIRE(dataset_version);
    CHECK(dataset_version->version == "7");
    const auto none = rw::readers::parse_catalog_release(R"({"Resources":[{"url":"https://x/n.pdf"}]})", "c");
    REQUIRE_FALSE(none);
    CHECK(none.error().message == "c: none of the catalog's 1 resources is a workbook (.xlsx) with a URL");
    const auto broken = rw::readers::parse_catalog_release("<html>", "c");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "c: the Data Catalog's answer is not a JSON object");
  }

  TEST_CASE("first run imports, an unchanged release writes nothing, a missing file is refused naming its URL, a "
            "revised release is a new release")
  {
    rw::test::TempDir dir;
    REQUIRE(rw::test::write_release(dir / "first.xlsx", false));
    REQUIRE(rw::test::write_release(dir / "revised.xlsx", true));
    Catalog catalog;
    catalog.file_path = "/ddh-published/0037898/DR0002/rpw_dataset_2011_2025_q3.xlsx";
    catalog.version = "3";
    catalog.date = "2025-12-10";
    catalog.files[catalog.file_path] = *rw::util::read_file(dir / "first.xlsx");
    rw::test::HttpTestServer server([&](const TestRequest& r) { return catalog.answer(server, r); });
    auto db = rw::store::Database::open(rw::test::store_at(dir / "c.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db));
    const auto config = test_config(server);
    const auto archive = dir / "archive";

    // First run: 6 rows (2 legacy, 4 newer), each a USD 200 quote.
    const auto first = collect(*db, config, archive, "2026-01-05T08:00:00Z");
    CHECK(first.summary.failed == 0);
    CHECK(first.summary.succeeded == 2); // the catalog and the workbook
    CHECK(first.summary.quotes_new == 6);
    CHECK(logged(first, "release rpw_dataset_2011_2025_q3.xlsx: 6 rows added, 0 changed, 0 unchanged"));
    auto releases = rw::store::load_releases(*db);
    REQUIRE(releases);
    REQUIRE(releases->size() == 1);
    const auto& release = releases->front();
    CHECK(release.release.file_name == "rpw_dataset_2011_2025_q3.xlsx");
    CHECK(release.release.catalog_version == "3");
    CHECK(release.release.release_date == "2025-12-10");
    CHECK(release.release.url == server.url(catalog.file_path));
    CHECK(release.sha256 == rw::util::sha256_hex(catalog.files[catalog.file_path]));
    CHECK(release.imported_at == "2026-01-05T08:00:00Z");
    CHECK(release.added == 6);
    CHECK_FALSE(release.release.revised_first);
    // Every row names the release it came from.
    CHECK(*db->query_int(fmt::format("SELECT count(*) FROM quotes WHERE run_id = {}", release.release.run_id)) == 6);
    // The corridor averages, by hand from the rows above (mean of the two
    // services' totals): 2011Q1 (5.49 + 7) / 2 = 6.245, 2016Q2 (5 + 4) / 2 =
    // 4.5, 2025Q3 (3.5 + 6) / 2 = 4.75.
    auto averages = ken_uga_averages(*db);
    CHECK(averages.size() == 3);
    CHECK(averages["2011Q1"] == doctest::Approx(6.245));
    CHECK(averages["2016Q2"] == doctest::Approx(4.5));
    CHECK(averages["2025Q3"] == doctest::Approx(4.75));

    SUBCASE("unchanged: a 304, or the same bytes again, writes no data")
    {
      const std::string before = data_dump(*db);
      const auto again = collect(*db, config, archive, "2026-01-06T08:00:00Z");
      CHECK(again.summary.failed == 0);
      CHECK(logged(again, "not_modified: release rpw_dataset_2011_2025_q3.xlsx already imported"));
      CHECK(server.received().back().headers.contains("if-none-match"));
      CHECK(data_dump(*db) == before);
      catalog.honour_etag = false; // a server that answers 200 with the same bytes
      const auto same = collect(*db, config, archive, "2026-01-07T08:00:00Z");
      CHECK(same.summary.failed == 0);
      CHECK(logged(same, "release rpw_dataset_2011_2025_q3.xlsx already imported"));
      CHECK(data_dump(*db) == before);
    }
    SUBCASE("the catalog names a file that is not there: an error naming its URL, nothing written")
    {
      const std::string before = data_dump(*db);
      {
        std::lock_guard lock(catalog.mutex);
        catalog.file_path = "/ddh-published/0037898/DR0009/rpw_dataset_2011_2025_q4.xlsx";
        catalog.date = "2026-03-01";
      }
      const auto missing = collect(*db, config, archive, "2026-03-02T08:00:00Z");
      CHECK(missing.summary.failed == 1);
      REQUIRE(missing.summary.failures.size() == 1);
      CHECK(missing.summary.failures[0]
            == fmt::format("rpw release: HTTP 404 for {}: the Data Catalog lists release "
                           "rpw_dataset_2011_2025_q4.xlsx there, but it cannot be downloaded; nothing was imported "
                           "(try again later, or report the catalog entry to the World Bank)",
                           server.url(catalog.file_path)));
      CHECK(data_dump(*db) == before);
    }
    SUBCASE("a revised release (new checksum, one old quarter's value changed): a new release with its revision")
    {
      {
        std::lock_guard lock(catalog.mutex);
        catalog.file_path = "/ddh-published/0037898/DR0004/rpw_dataset_2011_2026_q1.xlsx";
        catalog.version = "4";
        catalog.date = "2026-04-15";
        catalog.files[catalog.file_path] = *rw::util::read_file(dir / "revised.xlsx");
      }
      const auto revised = collect(*db, config, archive, "2026-04-16T08:00:00Z");
      CHECK(revised.summary.failed == 0);
      CHECK(revised.summary.quotes_updated == 1);
      CHECK(revised.summary.quotes_unchanged == 5);
      CHECK(logged(revised, "release rpw_dataset_2011_2026_q1.xlsx: 0 rows added, 1 changed, 5 unchanged; 1 row of "
                            "2016Q2 revised"));
      releases = rw::store::load_releases(*db);
      REQUIRE(releases);
      REQUIRE(releases->size() == 2);
      const auto& second = releases->back();
      CHECK(second.release.file_name == "rpw_dataset_2011_2026_q1.xlsx");
      CHECK(second.release.catalog_version == "4");
      CHECK(second.added == 0);
      CHECK(second.changed == 1);
      CHECK(second.unchanged == 5);
      CHECK(second.release.revised_first == "2016Q2");
      CHECK(second.release.revised_last == "2016Q2");
      // The revised row names the new release; the others still the first.
      CHECK(*db->query_int(fmt::format("SELECT count(*) FROM quotes WHERE run_id = {}", second.release.run_id))
            == 1);
      // 2016Q2 by hand: Beta's total revised from 4 to 5, so (5 + 5) / 2 = 5.
      averages = ken_uga_averages(*db);
      CHECK(averages["2016Q2"] == doctest::Approx(5.0));
      CHECK(averages["2011Q1"] == doctest::Approx(6.245));
    }
  }
}
