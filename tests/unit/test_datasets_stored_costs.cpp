#include "calculator/aggregates.hpp"
#include "collector/importer.hpp"
#include "datasets/stored_costs.hpp"
#include "store/figures.hpp"
#include "store/records.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/aggregates_text.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <functional>
#include <tuple>
#include <optional>
#include <string>
#include <vector>

using rw::calculator::ServiceCost;
using rw::collector::ImportKind;
using rw::collector::import_file;

namespace {

using rw::test::k_now;

// What load_service_costs() read before it read narrowly: every column of
// every quote through for_each_quote(), each turned into a cost by
// service_cost(). The narrow read must give the same values in the same order.
rw::util::Expected<std::vector<ServiceCost>>
wide_read(rw::store::Database& db, int amount, const std::string& from, const std::string& to)
{
  std::vector<ServiceCost> services;
  std::optional<rw::util::Error> failure;
  auto ok = rw::store::for_each_quote(db, amount, from, to, [&](const rw::store::QuoteRecord& record) {
    if (failure) {
      return;
    }
    auto cost = rw::datasets::service_cost(record);
    if (!cost) {
      failure = cost.error();
      return;
    }
    services.push_back(*cost);
  });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  if (failure) {
    return std::unexpected(*failure);
  }
  return services;
}

void
check_same_costs(const std::vector<ServiceCost>& narrow, const std::vector<ServiceCost>& wide)
{
  REQUIRE(narrow.size() == wide.size());
  for (size_t i = 0; i < narrow.size(); ++i) {
    CAPTURE(i);
    const ServiceCost& a = narrow[i];
    const ServiceCost& b = wide[i];
    CHECK(a.quarter == b.quarter);
    CHECK(a.corridor == b.corridor);
    CHECK(a.service_key == b.service_key);
    CHECK(a.provider == b.provider);
    CHECK(a.firm_type == b.firm_type);
    CHECK(a.speed == b.speed);
    CHECK(a.transparent == b.transparent);
    CHECK(a.accessible == b.accessible);
    CHECK(a.quotes == b.quotes);
    // The same arithmetic on the same stored doubles: equal bits, not nearly equal.
    CHECK(a.fee_pct == b.fee_pct);
    CHECK(a.fx_margin_pct == b.fx_margin_pct);
    CHECK(a.total_pct == b.total_pct);
  }
}

// A store with the survey example (computed costs, speeds, a non-transparent
// service, a USD 500 quote), the RPW sample (published margins and totals,
// both amounts) and three more quotes of one survey service, alone in
// 2099Q1, two of them collected at the same second, written out of order.
void
fill_costs(rw::store::Database& db)
{
  const auto root = rw::test::source_dir();
  REQUIRE(import_file(db, ImportKind::survey, root / "examples/survey.csv", rw::test::builtin_catalogue(), k_now));
  REQUIRE(import_file(db, ImportKind::rpw, root / "tests/fixtures/rpw-sample.csv", rw::test::builtin_catalogue(), k_now));

  std::optional<rw::store::QuoteRecord> first;
  REQUIRE(rw::store::for_each_quote(db, 200, "", "", [&](const rw::store::QuoteRecord& r) {
    if (!first && r.source == "survey") {
      first = r;
    }
  }));
  REQUIRE(first);
  auto writer = rw::store::Writer::create(db);
  REQUIRE(writer);
  const auto run = writer->begin_run({.kind = "import", .source = "survey", .input = "by hand", .started_at = k_now});
  REQUIRE(run);
  // Later first, then two at one earlier second: the id orders those two.
  const std::vector<std::pair<std::string, double>> extra = {
    {"2099-01-01T00:00:03Z", 7.5}, {"2099-01-01T00:00:01Z", 3.25}, {"2099-01-01T00:00:01Z", 1.0}};
  for (size_t i = 0; i < extra.size(); ++i) {
    rw::store::QuoteRecord q = *first;
    q.natural_key = first->natural_key + "/extra" + std::to_string(i);
    q.collected_at = extra[i].first;
    q.period = "2099Q1";
    q.fee = extra[i].second;
    REQUIRE(writer->upsert_quote(q, *run));
  }
}

} // namespace

TEST_SUITE("reports::dataset")
{
  TEST_CASE("the narrow read gives what service_cost() makes of every stored quote, in the same order")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    fill_costs(*db);
    // Quotes per case, counted in the files: USD 200 — RPW sample 8 in 2011Q3
    // and 2 in 2012Q1 (line 9 is rejected), survey 9 in 2024Q3 and 19 in 2024Q4,
    // 3 by hand in 2099Q1; USD 500 — one RPW row, one survey row.
    const struct
    {
      int amount;
      std::string from, to;
      size_t quotes;
    } cases[] = {{200, "", "", 41}, {500, "", "", 2}, {200, "2011Q3", "2011Q3", 8}, {200, "2024Q4", "", 22},
                 {200, "", "2012Q1", 10}};
    for (const auto& c : cases) {
      CAPTURE(c.amount);
      CAPTURE(c.from);
      CAPTURE(c.to);
      const auto wide = wide_read(*db, c.amount, c.from, c.to);
      REQUIRE(wide);
      const auto from = c.from.empty() ? std::nullopt : std::optional(*rw::corridors::Quarter::parse(c.from));
      const auto to = c.to.empty() ? std::nullopt : std::optional(*rw::corridors::Quarter::parse(c.to));
      const auto narrow = rw::datasets::load_service_costs(*db, c.amount, from, to);
      REQUIRE(narrow);
      CHECK(narrow->size() == c.quotes);
      check_same_costs(*narrow, *wide);
    }
    const auto all = rw::datasets::load_service_costs(*db, 200);
    REQUIRE(all);
    // The three quotes of one service and quarter come together, by time then id.
    const auto extra = std::ranges::find_if(*all, [](const ServiceCost& s) { return s.quarter.year() == 2099; });
    REQUIRE(extra != all->end());
    REQUIRE(all->end() - extra >= 3);
    CHECK(extra[0].service_key == extra[2].service_key);
  }

  TEST_CASE("a stored label or period that no longer parses is named with its quote, as before")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    fill_costs(*db);
    const char* const breakages[] = {
      "UPDATE services SET firm_type = '' WHERE id = (SELECT min(id) FROM services)",
      "UPDATE quotes SET speed = 'by pigeon' WHERE id = (SELECT min(id) FROM quotes WHERE speed IS NOT NULL)",
      "UPDATE quotes SET fee = -1 WHERE id = (SELECT min(id) FROM quotes WHERE standard_amount_usd = 200)",
    };
    for (const char* sql : breakages) {
      const std::string statement = sql;
      CAPTURE(statement);
      REQUIRE(db->exec("BEGIN")); // rolled back below: each breakage alone
      REQUIRE(db->exec(sql));
      const auto wide = wide_read(*db, 200, "", "");
      REQUIRE_FALSE(wide);
      // Read with the changed quarter stale (as the triggers left it), then
      // with the broken values packed by the next writer.
      for (const bool packed : {false, true}) {
        CAPTURE(packed);
        if (packed) {
          REQUIRE(rw::store::refresh_quote_figures(*db));
          REQUIRE(*db->query_int("SELECT count(*) FROM quote_figures WHERE figures IS NULL") == 0);
        }
        const auto narrow = rw::datasets::load_service_costs(*db, 200);
        REQUIRE_FALSE(narrow);
        CHECK(narrow.error().kind == rw::util::ErrorKind::database);
        CHECK(narrow.error().message == wide.error().message);
        CHECK(narrow.error().message.starts_with("stored quote "));
      }
      REQUIRE(db->exec("ROLLBACK"));
    }
  }

  TEST_CASE("a stored quote whose period or date is bad is left out and named; the read goes on")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    fill_costs(*db);
    const auto all = rw::datasets::load_service_costs(*db, 200);
    REQUIRE(all);
    const char* const breakages[] = {
      "UPDATE quotes SET period = '2011Q7' WHERE id = (SELECT max(id) FROM quotes WHERE standard_amount_usd = 200)",
      "UPDATE quotes SET period = '1899Q4' WHERE id = (SELECT max(id) FROM quotes WHERE standard_amount_usd = 200)",
      "UPDATE quotes SET collected_at = '1899-12-31T00:00:00Z' WHERE id = (SELECT max(id) FROM quotes WHERE standard_amount_usd = 200)",
      "UPDATE quotes SET collected_at = 'soon' WHERE id = (SELECT max(id) FROM quotes WHERE standard_amount_usd = 200)",
    };
    for (const char* sql : breakages) {
      const std::string statement = sql;
      CAPTURE(statement);
      REQUIRE(db->exec("BEGIN")); // rolled back below: each breakage alone
      REQUIRE(db->exec(sql));
      REQUIRE(rw::store::refresh_quote_figures(*db));
      for (const unsigned threads : {1U, 2U}) {
        std::vector<std::string> skipped;
        const auto note = [&](const std::string& message) { skipped.push_back(message); };
        const auto costs = rw::datasets::load_service_costs(*db, 200, std::nullopt, std::nullopt, note);
        REQUIRE(costs);
        CHECK(costs->size() + 1 == all->size());
        const auto aggregates = rw::datasets::aggregate_stored_quarters(*db, 200, std::nullopt, std::nullopt,
                                                                       rw::test::builtin_catalogue(), {}, threads, note);
        REQUIRE(aggregates);
        REQUIRE(skipped.size() == 2); // once by each read
        CHECK(skipped[0] == skipped[1]);
        CHECK(skipped[0].starts_with("stored quote "));
        CHECK(skipped[0].find(" left out: ") != std::string::npos);
      }
      REQUIRE(db->exec("ROLLBACK"));
    }
  }

  TEST_CASE("aggregates: observations in the store's order and in another give the same figures")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    fill_costs(*db);
    const auto sorted = rw::datasets::load_service_costs(*db, 200);
    REQUIRE(sorted);
    // Whole services moved (the last service's quotes first, the rest after),
    // each service's own quotes left in their order: the sums are added in the
    // same order, so sorted (no hashing) and unsorted inputs must agree exactly.
    std::vector<ServiceCost> moved = *sorted;
    const auto key = [](const ServiceCost& s) { return std::tie(s.quarter, s.corridor, s.service_key); };
    auto tail = moved.end() - 1;
    while (tail != moved.begin() && key(*(tail - 1)) == key(*tail)) {
      --tail;
    }
    std::rotate(moved.begin(), tail, moved.end());
    REQUIRE_FALSE(std::ranges::is_sorted(moved, {}, key));

    const auto a = rw::calculator::collapse(*sorted);
    const auto b = rw::calculator::collapse(moved);
    check_same_costs(a, b);
    // The service with three hand-written quotes collapsed to their mean.
    const auto three = std::ranges::find_if(a, [](const ServiceCost& s) { return s.quotes == 3; });
    REQUIRE(three != a.end());
    CHECK(three->quarter.year() == 2099);
  }

  TEST_CASE("aggregate_stored_quarters: streamed from the store, the figures of aggregate_quarter over the loaded costs")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    fill_costs(*db);
    const auto& catalogue = rw::test::builtin_catalogue();
    // What the report computed before it streamed: every cost loaded, then
    // each quarter aggregated (filtered first).
    const auto expected = [&](int amount, const std::function<bool(const ServiceCost&)>& keep) {
      auto costs = rw::datasets::load_service_costs(*db, amount);
      REQUIRE(costs);
      std::erase_if(*costs, [&](const ServiceCost& s) { return !keep(s); });
      std::map<rw::corridors::Quarter, std::string> out;
      for (const auto& s : *costs) {
        out.try_emplace(s.quarter, rw::test::describe(rw::calculator::aggregate_quarter(*costs, s.quarter, catalogue)));
      }
      return out;
    };
    // On one, two and three threads (the quarters shared out): the same.
    const auto streamed = [&](int amount, const std::function<bool(std::string_view, std::string_view)>& keep) {
      std::optional<std::map<rw::corridors::Quarter, std::string>> first;
      for (const unsigned threads : {1U, 2U, 3U}) {
        CAPTURE(threads);
        auto aggregates =
          rw::datasets::aggregate_stored_quarters(*db, amount, std::nullopt, std::nullopt, catalogue, keep, threads);
        REQUIRE(aggregates);
        std::map<rw::corridors::Quarter, std::string> out;
        for (const auto& [quarter, a] : *aggregates) {
          out.emplace(quarter, rw::test::describe(a));
        }
        if (first) {
          CHECK(out == *first);
        } else {
          first = out;
        }
      }
      return *first;
    };
    const auto all = [](const ServiceCost&) { return true; };
    // 2011Q3, 2012Q1, 2024Q3, 2024Q4, 2099Q1 at USD 200.
    const auto whole = streamed(200, {});
    CHECK(whole.size() == 5);
    CHECK(whole == expected(200, all));
    CHECK(streamed(500, {}) == expected(500, all));
    // One corridor kept: only the quarters that have it.
    const auto first = rw::datasets::load_service_costs(*db, 200);
    REQUIRE(first);
    const auto kept = first->front().corridor;
    const auto one = streamed(200, [&](std::string_view sender, std::string_view receiver) {
      return sender == kept.sender && receiver == kept.receiver;
    });
    CHECK(one == expected(200, [&](const ServiceCost& s) { return s.corridor == kept; }));
    CHECK(one.size() < whole.size());

    // A service stored without its key: its key is built from its labels and
    // it no longer comes where its key sorts, so the stream stops and the
    // costs are collected instead — the same figures.
    REQUIRE(db->exec("UPDATE services SET service_key = '' WHERE id = (SELECT s.id FROM services s "
                     "WHERE (SELECT count(*) FROM services t WHERE t.corridor_id = s.corridor_id) > 1 "
                     "ORDER BY s.service_key DESC LIMIT 1)"));
    CHECK(streamed(200, {}) == expected(200, all));
  }

  TEST_CASE("aggregate_stored_quarters on several threads stops at the first broken quote in quarter order")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    fill_costs(*db);
    // A negative fee in the first quarter (2011Q3) and in the last (2099Q1):
    // one pass names the 2011Q3 quote; so must every split. Then only the
    // last one broken: it is named.
    REQUIRE(db->exec("UPDATE quotes SET fee = -1 WHERE id IN ((SELECT min(id) FROM quotes WHERE period = '2011Q3' "
                     "AND standard_amount_usd = 200), (SELECT min(id) FROM quotes WHERE period = '2099Q1'))"));
    const auto same_error_on_any_split = [&](const std::string& expected) {
      for (const unsigned threads : {1U, 2U, 3U}) {
        CAPTURE(threads);
        const auto a = rw::datasets::aggregate_stored_quarters(*db, 200, std::nullopt, std::nullopt,
                                                              rw::test::builtin_catalogue(), {}, threads);
        REQUIRE_FALSE(a);
        CHECK(a.error().message == expected);
      }
    };
    const auto wide_both = wide_read(*db, 200, "", "");
    REQUIRE_FALSE(wide_both);
    CHECK(wide_both.error().message.find("2011Q3") != std::string::npos);
    same_error_on_any_split(wide_both.error().message);
    REQUIRE(db->exec("UPDATE quotes SET fee = 0 WHERE period = '2011Q3' AND fee = -1"));
    const auto wide_last = wide_read(*db, 200, "", "");
    REQUIRE_FALSE(wide_last);
    CHECK(wide_last.error().message != wide_both.error().message);
    same_error_on_any_split(wide_last.error().message);
  }
}
