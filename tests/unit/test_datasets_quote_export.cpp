#include "collector/importer.hpp"
#include "datasets/quote_export.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include <set>

namespace {

using rw::datasets::export_column;

double
number(const std::vector<rw::util::Cell>& row, std::string_view column)
{
  const auto* value = std::get_if<double>(&row[export_column(column)]);
  REQUIRE(value != nullptr);
  return *value;
}

std::string
text(const std::vector<rw::util::Cell>& row, std::string_view column)
{
  const auto* value = std::get_if<std::string>(&row[export_column(column)]);
  REQUIRE(value != nullptr);
  return *value;
}

rw::store::QuoteRecord
survey_quote()
{
  rw::store::QuoteRecord q;
  q.sender = "USA";
  q.receiver = "MEX";
  q.provider = "Andes Transfer";
  q.service_key = "andes|cash|cash";
  q.firm_type = "mto";
  q.payment_instrument = "cash";
  q.receiving_method = "cash pick-up";
  q.source = "survey";
  q.method = "survey";
  q.natural_key = "k1";
  q.period = "2024Q4";
  q.collected_at = "2024-12-15T10:00:00Z";
  q.amount = 200;
  q.currency = "USD";
  q.receive_currency = "MXN";
  q.fee = 5;
  q.rate = 19;
  q.benchmark = 20;
  q.speed = "same_day";
  return q;
}

} // namespace

TEST_SUITE("datasets::quote_export")
{
  TEST_CASE("a quote's row: countries by name, words, and its fee, FX margin and total derived from it"
            * rw::test::no_store())
  {
    const auto row = rw::datasets::export_row(survey_quote(), rw::test::builtin_catalogue());
    REQUIRE(row);
    REQUIRE(row->size() == rw::datasets::k_export_columns.size());
    CHECK(text(*row, "corridor") == "USA-MEX");
    CHECK(text(*row, "sender_name") == "United States");
    CHECK(text(*row, "receiver_name") == "Mexico");
    CHECK(text(*row, "firm_type") == "Money transfer operator");
    CHECK(text(*row, "speed") == "Same day");
    CHECK(text(*row, "transparent") == "yes");
    CHECK(number(*row, "amount") == 200);
    // By hand: fee 5 / 200 = 2.5 %; margin (1 − 19 / 20) × 100 = 5 %; total 7.5 %.
    CHECK(number(*row, "fee_pct") == doctest::Approx(2.5));
    CHECK(number(*row, "fx_margin_pct") == doctest::Approx(5));
    CHECK(number(*row, "total_cost_pct") == doctest::Approx(7.5));
  }

  TEST_CASE("a source's published margin and total are kept, as in every aggregate"
            * rw::test::no_store())
  {
    auto quote = survey_quote();
    quote.amount = 18000;
    quote.fee = 315;
    quote.reported_fx_margin_pct = 4.3;
    quote.reported_total_cost_pct = 6.05;
    quote.speed.reset();
    quote.transparent = false;
    const auto row = rw::datasets::export_row(quote, rw::test::builtin_catalogue());
    REQUIRE(row);
    CHECK(number(*row, "fee_pct") == doctest::Approx(1.75)); // 315 / 18000
    CHECK(number(*row, "fx_margin_pct") == doctest::Approx(4.3));
    CHECK(number(*row, "total_cost_pct") == doctest::Approx(6.05));
    CHECK(std::holds_alternative<std::monostate>((*row)[export_column("speed")]));
    CHECK(text(*row, "transparent") == "no");
  }

  TEST_CASE("the filter keeps the scope's corridors and the quarters asked for")
  {
    rw::test::TempDir dir;
    auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
    REQUIRE(db);
    REQUIRE(rw::collector::import_file(*db, rw::collector::ImportKind::survey,
                                       rw::test::source_dir() / "examples/survey.csv", rw::test::builtin_catalogue(),
                                       "2025-01-15T12:00:00Z"));
    auto scope = rw::corridors::Scope::parse({}, {}, {}, {"KEN-UGA"});
    REQUIRE(scope);
    rw::datasets::ExportFilter filter{.amount_usd = 200, .from = {}, .to = {}, .scope = *scope};
    std::set<std::string> corridors, quarters;
    const auto visit = [&](const std::vector<rw::util::Cell>& row) -> rw::util::Expected<void> {
      corridors.insert(text(row, "corridor"));
      quarters.insert(text(row, "quarter"));
      return {};
    };
    // examples/survey.csv: KEN-UGA has 2 USD 200 quotes in 2024Q3 and 3 in 2024Q4.
    auto all = rw::datasets::for_each_export_row(*db, filter, rw::test::builtin_catalogue(), visit);
    REQUIRE(all);
    CHECK(*all == 5);
    CHECK(corridors == std::set<std::string>{"KEN-UGA"});
    filter.from = filter.to = rw::corridors::Quarter{2024, 4};
    quarters.clear();
    auto q4 = rw::datasets::for_each_export_row(*db, filter, rw::test::builtin_catalogue(), visit);
    REQUIRE(q4);
    CHECK(*q4 == 3);
    CHECK(quarters == std::set<std::string>{"2024Q4"});
  }
}
