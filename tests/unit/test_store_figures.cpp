#include "collector/importer.hpp"
#include "store/figures.hpp"
#include "store/quote_rows.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <vector>

using rw::collector::ImportKind;
using rw::collector::import_file;
using rw::store::PackedQuarter;
using rw::store::PackedQuote;

namespace {

using rw::test::k_now;

// One visited quote, every field copied (views do not outlive the visit).
struct Seen
{
  std::int64_t id = 0, service_id = 0;
  std::string period, collected_at;
  double amount = 0, fee = 0, rate = 0, benchmark = 0;
  std::optional<double> received, fx, total;
  std::optional<std::string> speed;
  bool transparent = false, accessible = false;

  bool operator==(const Seen&) const = default;
};

std::vector<Seen>
read_all(rw::store::Database& db, int amount, const std::string& from = "", const std::string& to = "")
{
  std::vector<Seen> seen;
  REQUIRE(rw::store::for_each_quote_figures(db, amount, from, to, [&](const rw::store::QuoteFigures& q) {
    seen.push_back({.id = q.id,
                    .service_id = q.service->id,
                    .period = std::string(q.period),
                    .collected_at = std::string(q.collected_at),
                    .amount = q.amount,
                    .fee = q.fee,
                    .rate = q.rate,
                    .benchmark = q.benchmark,
                    .received = q.received,
                    .fx = q.reported_fx_margin_pct,
                    .total = q.reported_total_cost_pct,
                    .speed = q.speed ? std::optional<std::string>(*q.speed) : std::nullopt,
                    .transparent = q.transparent,
                    .accessible = q.accessible});
  }));
  return seen;
}

// (amount, period) → packed (true) or stale (false).
std::map<std::pair<std::int64_t, std::string>, bool>
packed_state(rw::store::Database& db)
{
  auto statement = db.prepare("SELECT standard_amount_usd, period, figures IS NOT NULL FROM quote_figures");
  REQUIRE(statement);
  std::map<std::pair<std::int64_t, std::string>, bool> state;
  while (*statement->step()) {
    state[{statement->column_int(0), statement->column_text(1)}] = statement->column_int(2) != 0;
  }
  return state;
}

size_t
stale_count(rw::store::Database& db)
{
  return static_cast<size_t>(*db.query_int("SELECT count(*) FROM quote_figures WHERE figures IS NULL"));
}

// The survey example and the RPW sample, imported (so packed at import).
void
fill_figures(rw::store::Database& db)
{
  const auto root = rw::test::source_dir();
  REQUIRE(import_file(db, ImportKind::survey, root / "examples/survey.csv", rw::test::builtin_catalogue(), k_now));
  REQUIRE(import_file(db, ImportKind::rpw, root / "tests/fixtures/rpw-sample.csv", rw::test::builtin_catalogue(), k_now));
}

// A database in `dir` with fill()'s quotes (optional: used as the tests use
// Database::open's result).
std::optional<rw::store::Database>
filled_store(const rw::test::TempDir& dir)
{
  auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
  REQUIRE(db);
  fill_figures(*db);
  return std::move(*db);
}

PackedQuarter
sample_quarter()
{
  PackedQuarter packed;
  packed.texts = {"2024-10-01T00:00:00Z", "", "1 hour or less"};
  packed.quotes.push_back({.id = 1,
                           .service_id = 7,
                           .collected_at = 0,
                           .speed = 3, // texts[2]
                           .amount = 200,
                           .fee = 5.5,
                           .rate = 0.1,
                           .benchmark = 0.1,
                           .received = 1.0 / 3.0,
                           .reported_fx_margin_pct = -0.0,
                           .reported_total_cost_pct = std::nullopt,
                           .transparent = true,
                           .accessible = false});
  packed.quotes.push_back({.id = std::numeric_limits<std::int64_t>::max(),
                           .service_id = -2,
                           .collected_at = 1,
                           .speed = 0,
                           .amount = std::numeric_limits<double>::denorm_min(),
                           .fee = 0,
                           .rate = std::numeric_limits<double>::infinity(),
                           .benchmark = 1e308,
                           .received = std::nullopt,
                           .reported_fx_margin_pct = std::nullopt,
                           .reported_total_cost_pct = 12.25,
                           .transparent = false,
                           .accessible = true});
  return packed;
}

void
check_same_packed(const PackedQuarter& a, const PackedQuarter& b)
{
  REQUIRE(a.texts == b.texts);
  REQUIRE(a.quotes.size() == b.quotes.size());
  const auto bits = [](std::optional<double> v) {
    return v ? std::optional(std::bit_cast<std::uint64_t>(*v)) : std::nullopt;
  };
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    CAPTURE(i);
    const PackedQuote& x = a.quotes[i];
    const PackedQuote& y = b.quotes[i];
    CHECK(x.id == y.id);
    CHECK(x.service_id == y.service_id);
    CHECK(x.collected_at == y.collected_at);
    CHECK(x.speed == y.speed);
    // Bits, not values: -0.0 stays negative, a denormal stays itself.
    CHECK(bits(x.amount) == bits(y.amount));
    CHECK(bits(x.fee) == bits(y.fee));
    CHECK(bits(x.rate) == bits(y.rate));
    CHECK(bits(x.benchmark) == bits(y.benchmark));
    CHECK(bits(x.received) == bits(y.received));
    CHECK(bits(x.reported_fx_margin_pct) == bits(y.reported_fx_margin_pct));
    CHECK(bits(x.reported_total_cost_pct) == bits(y.reported_total_cost_pct));
    CHECK(x.transparent == y.transparent);
    CHECK(x.accessible == y.accessible);
  }
}

} // namespace

TEST_SUITE("store::figures")
{
  TEST_CASE("a packed quarter unpacks to what was packed, bit for bit" * rw::test::no_store())
  {
    const PackedQuarter packed = sample_quarter();
    const std::string bytes = rw::store::pack_quarter(packed);
    // 16 bytes of header, three texts (4 + 20, 4 + 0, 4 + 14), two quotes of 81 bytes.
    CHECK(bytes.size() == 16 + 24 + 4 + 18 + 2 * 81);
    const auto unpacked = rw::store::unpack_quarter(bytes);
    REQUIRE(unpacked);
    check_same_packed(*unpacked, packed);
    CHECK(std::signbit(*unpacked->quotes[0].reported_fx_margin_pct));

    const auto empty = rw::store::unpack_quarter(rw::store::pack_quarter({}));
    REQUIRE(empty);
    CHECK(empty->quotes.empty());
    CHECK(empty->texts.empty());
  }

  TEST_CASE("copy_common_figures copies the shared figures and leaves each form's labels alone"
            * rw::test::no_store())
  {
    // sample_quarter()'s first quote: absent total, negative zero margin, not accessible.
    const PackedQuote from = sample_quarter().quotes[0];
    rw::store::QuoteFigures to;
    to.period = "2024Q4";
    to.collected_at = "kept";
    rw::store::copy_common_figures(to, from);
    CHECK(to.id == 1);
    CHECK(to.amount == 200);
    CHECK(to.fee == 5.5);
    CHECK(to.rate == 0.1);
    CHECK(to.benchmark == 0.1);
    CHECK(to.received == 1.0 / 3.0);
    REQUIRE(to.reported_fx_margin_pct);
    CHECK(std::signbit(*to.reported_fx_margin_pct));
    CHECK_FALSE(to.reported_total_cost_pct);
    CHECK(to.transparent);
    CHECK_FALSE(to.accessible);
    // Labels are not shared figures: untouched.
    CHECK(to.period == "2024Q4");
    CHECK(to.collected_at == "kept");
    CHECK(to.service == nullptr);
    CHECK_FALSE(to.speed);
  }

  TEST_CASE("the fuzz seeds, written by hand from docs/schema.md, unpack as the document says"
            * rw::test::no_store())
  {
    const auto dir = rw::test::source_dir() / "tests/fuzz/seeds/packed_figures";
    std::list<std::string> files; // the unpacked texts view them
    const auto read = [&](const char* name) {
      auto bytes = rw::util::read_file(dir / name);
      REQUIRE(bytes);
      auto packed = rw::store::unpack_quarter(files.emplace_back(std::move(*bytes)));
      REQUIRE(packed);
      return *packed;
    };
    CHECK(read("empty").quotes.empty());
    const auto rpw = read("rpw");
    REQUIRE(rpw.quotes.size() == 2);
    CHECK(rpw.texts[rpw.quotes[0].speed - 1] == "Less than one hour");
    CHECK(rpw.quotes[0].reported_total_cost_pct == 6.96);
    CHECK_FALSE(rpw.quotes[0].received);
    const auto survey = read("survey");
    REQUIRE(survey.quotes.size() == 2);
    CHECK(survey.quotes[0].received == 25620.0);
    CHECK(survey.texts[survey.quotes[1].collected_at] == "2024-10-02T09:00:00Z");
    CHECK_FALSE(survey.quotes[1].transparent);
    CHECK(survey.quotes[1].accessible);
    CHECK(survey.quotes[1].speed == 0);
  }

  TEST_CASE("packed bytes that are not exactly a packed quarter are refused" * rw::test::no_store())
  {
    const std::string bytes = rw::store::pack_quarter(sample_quarter());
    // Every shorter prefix and one byte more.
    for (size_t size = 0; size < bytes.size(); ++size) {
      CAPTURE(size);
      CHECK_FALSE(rw::store::unpack_quarter(std::string_view(bytes).substr(0, size)));
    }
    CHECK_FALSE(rw::store::unpack_quarter(bytes + '\0'));

    const auto patched = [&](size_t at, std::string_view with) {
      std::string copy = bytes;
      copy.replace(at, with.size(), with);
      return rw::store::unpack_quarter(copy);
    };
    CHECK_FALSE(patched(0, "RWQG"));                    // magic
    const auto format = patched(4, std::string("\2\0\0\0", 4)); // format 2
    REQUIRE_FALSE(format);
    CHECK(format.error().message.find("format 2") != std::string::npos);
    CHECK_FALSE(patched(8, std::string("\xff\xff\xff\x0f", 4)));  // text count beyond the bytes
    CHECK_FALSE(patched(12, std::string("\xff\xff\xff\xff", 4))); // quote count beyond the bytes
    CHECK_FALSE(patched(16, std::string("\xff\0\0\0", 4)));       // first text longer than the bytes
    // The first quote starts after the header (16) and the texts (46).
    const size_t quote = 16 + 46;
    CHECK_FALSE(patched(quote + 16, std::string("\3\0\0\0", 4))); // collected_at: 3 texts, index 3
    CHECK_FALSE(patched(quote + 20, std::string("\4\0\0\0", 4))); // speed: index + 1 = 4 > 3
    CHECK_FALSE(patched(quote + 24, std::string("\x20", 1)));      // an unknown flag
    CHECK(patched(quote + 20, std::string("\1\0\0\0", 4)));        // speed "" (index 0) is fine
  }

  TEST_CASE("an import packs the quarters it wrote; reads of packed and stale quarters agree")
  {
    rw::test::TempDir dir;
    auto db = filled_store(dir);
    // Quarters in the files: survey 2024Q3, 2024Q4 (USD 200 and 500), RPW
    // 2011Q3, 2012Q1 (USD 200) and 2011Q3 (USD 500): every one packed.
    const auto state = packed_state(*db);
    CHECK(state.size() == 6);
    CHECK(stale_count(*db) == 0);
    CHECK(state.contains({200, "2011Q3"}));
    CHECK(state.contains({500, "2011Q3"}));

    const auto packed200 = read_all(*db, 200);
    const auto packed500 = read_all(*db, 500);
    // 41 − 3 of test_datasets_stored_costs (the three hand-written quotes are not here).
    CHECK(packed200.size() == 38);
    CHECK(packed500.size() == 2);

    // Every quarter stale: read from the quotes.
    REQUIRE(db->exec("UPDATE quote_figures SET figures = NULL"));
    CHECK(read_all(*db, 200) == packed200);
    CHECK(read_all(*db, 500) == packed500);
    // One stale among packed ones, and bounds.
    REQUIRE(rw::store::refresh_quote_figures(*db) == size_t{6});
    REQUIRE(db->exec("UPDATE quote_figures SET figures = NULL, quotes = NULL WHERE period = '2024Q3'"));
    CHECK(read_all(*db, 200) == packed200);
    const auto from_rows = read_all(*db, 200, "2024Q3", "2024Q4");
    CHECK(from_rows.size() == 9 + 19);
    // A blob that does not unpack is read from the quotes too.
    auto garbled = db->prepare("UPDATE quote_figures SET figures = ?1 WHERE period = '2024Q4'");
    REQUIRE(garbled);
    REQUIRE(garbled->bind_blob(1, std::string_view("\0", 1)).run());
    CHECK(read_all(*db, 200, "2024Q3", "2024Q4") == from_rows);
    // A row whose count disagrees with its bytes: that quarter is read from
    // the quotes. A quarter with quotes but no row (triggers dropped, say):
    // every quote is read.
    REQUIRE(db->exec("UPDATE quote_figures SET quotes = quotes + 1 WHERE period = '2012Q1'"));
    CHECK(read_all(*db, 200) == packed200);
    REQUIRE(db->exec("UPDATE quote_figures SET quotes = quotes - 1 WHERE period = '2012Q1'"));
    REQUIRE(rw::store::refresh_quote_figures(*db) == size_t{1}); // 2024Q3; the garbled row is not NULL
    REQUIRE(db->exec("DELETE FROM quote_figures WHERE period = '2011Q3'"));
    CHECK(read_all(*db, 200) == packed200);
    CHECK(read_all(*db, 500) == packed500);
    // A database without the table at all.
    REQUIRE(db->exec("DROP TABLE quote_figures"));
    CHECK(read_all(*db, 200) == packed200);
  }

  TEST_CASE("packed quarters are read from their rows, not from the quotes")
  {
    rw::test::TempDir dir;
    auto db = filled_store(dir);
    const auto packed = read_all(*db, 200);
    // Every quote's fee changed with the triggers off: a read of the packed
    // rows still sees the fees as packed; once the rows are marked stale, the
    // new fees.
    REQUIRE(db->exec(std::string("DROP TRIGGER quote_figures_after_update") + (db->is_postgres() ? " ON quotes" : "")));
    REQUIRE(db->exec("UPDATE quotes SET fee = fee + 1000"));
    CHECK(read_all(*db, 200) == packed);
    REQUIRE(db->exec("UPDATE quote_figures SET figures = NULL, quotes = NULL"));
    const auto fresh = read_all(*db, 200);
    REQUIRE(fresh.size() == packed.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
      CHECK(fresh[i].fee == packed[i].fee + 1000);
    }
    // Packed again, the new fees from the rows.
    REQUIRE(rw::store::refresh_quote_figures(*db) == size_t{6});
    CHECK(read_all(*db, 200) == fresh);
  }

  TEST_CASE("the triggers mark stale exactly the quarters whose figures change")
  {
    rw::test::TempDir dir;
    auto db = filled_store(dir);
    REQUIRE(stale_count(*db) == 0);
    const auto stale_only = [&](std::vector<std::pair<std::int64_t, std::string>> expected) {
      std::vector<std::pair<std::int64_t, std::string>> stale;
      for (const auto& [key, packed] : packed_state(*db)) {
        if (!packed) {
          stale.push_back(key);
        }
      }
      CHECK(stale == expected);
      REQUIRE(rw::store::refresh_quote_figures(*db) == expected.size());
      CHECK(stale_count(*db) == 0);
    };
    // A figure of one quote: its quarter only.
    REQUIRE(db->exec("UPDATE quotes SET fee = fee + 1 WHERE id = (SELECT min(id) FROM quotes WHERE period = '2024Q4' "
                     "AND standard_amount_usd = 200)"));
    stale_only({{200, "2024Q4"}});
    // A column the figures do not hold: nothing.
    REQUIRE(db->exec("UPDATE quotes SET flagged = 1, flag_reason = 'checked' WHERE period = '2011Q3'"));
    stale_only({});
    // A quote moved to another quarter and amount: both.
    REQUIRE(db->exec("UPDATE quotes SET period = '2012Q1', standard_amount_usd = 500 "
                     "WHERE id = (SELECT min(id) FROM quotes WHERE period = '2011Q3' AND standard_amount_usd = 200)"));
    stale_only({{200, "2011Q3"}, {500, "2012Q1"}});
    // A quote deleted; and the last quote of a quarter deleted: its row goes.
    REQUIRE(db->exec("DELETE FROM quotes WHERE period = '2012Q1' AND standard_amount_usd = 500"));
    CHECK(packed_state(*db).at({500, "2012Q1"}) == false);
    REQUIRE(rw::store::refresh_quote_figures(*db) == size_t{0});
    CHECK_FALSE(packed_state(*db).contains({500, "2012Q1"}));
    // A service's key (the order within a quarter): every quarter.
    REQUIRE(db->exec("UPDATE services SET service_key = service_key || '~' WHERE id = (SELECT min(id) FROM services)"));
    CHECK(stale_count(*db) == packed_state(*db).size());
    REQUIRE(rw::store::refresh_quote_figures(*db));
    // A service's firm type is read with the services, not packed: nothing.
    REQUIRE(db->exec("UPDATE services SET firm_type = 'bank' WHERE id = (SELECT min(id) FROM services)"));
    CHECK(stale_count(*db) == 0);
    // A corridor's flow: nothing; its codes: every quarter.
    REQUIRE(db->exec("UPDATE corridors SET flow_usd = 1e9"));
    CHECK(stale_count(*db) == 0);
    REQUIRE(db->exec("UPDATE corridors SET sender = 'ZZZ' WHERE id = (SELECT min(corridor_id) FROM services)"));
    CHECK(stale_count(*db) == packed_state(*db).size());
  }

  // Schema 2 was SQLite's only: the PostgreSQL store began later.
  TEST_CASE("a store written before the packed figures is packed when it is brought up to date"
            * rw::test::sqlite_only())
  {
    rw::test::TempDir dir;
    std::vector<Seen> before;
    {
      auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
      REQUIRE(db);
      fill_figures(*db);
      before = read_all(*db, 200);
      // Back to schema 2, as a remitwatch of then left it.
      for (const char* trigger : {"insert", "update", "delete", "service_update", "service_delete",
                                  "corridor_update", "corridor_delete"}) {
        REQUIRE(db->exec(std::string("DROP TRIGGER quote_figures_after_") + trigger));
      }
      REQUIRE(db->exec("DROP TABLE releases; DROP TABLE flows; DROP TABLE quote_figures; PRAGMA user_version = 2"));
    }
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::store::migrate(*db) == 2);
    CHECK(packed_state(*db).size() == 6);
    CHECK(stale_count(*db) == 0);
    CHECK(read_all(*db, 200) == before);
  }
}
