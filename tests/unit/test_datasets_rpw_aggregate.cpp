// Averages straight from an RPW dataset CSV (averages --rpw): the figures of
// a hand-written file derived by hand, the same bits as the importer's path,
// whatever the number of threads and wherever the file is cut.
#include "calculator/aggregates.hpp"
#include "collector/importer.hpp"
#include "readers/rpw.hpp"
#include "datasets/rpw_aggregate.hpp"
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using rw::calculator::QuarterAggregates;
using rw::corridors::Quarter;


const char* const k_rpw_header =
  "period,source_code,destination_code,firm,firm_type,speed actual,cc1 lcu amount,cc1 lcu fee,"
  "cc1 fx margin,cc1 total cost %,cc2 lcu amount,cc2 lcu fee,cc2 fx margin,cc2 total cost %,transparent,"
  "pickup method,payment instrument\n";

// Line 1 is the header; the Bank's name spans lines 3 and 4.
const std::string k_rpw_file = std::string(k_rpw_header)
  // USA-MEX, 2016Q2: Zeta 2.5 % fee... see the test for the hand computation.
  + "2016_2Q,USA,MEX,Zeta Pay,Money Transfer Operator,Next day,200,6,1.0,4.0,500,10,1.0,3.0,yes,Cash,Cash\n"
  + "2016_2Q,USA,MEX,\"Banco \"\"Uno\"\",\nLtd\",Bank,3-5 days,200,10,2.0,7.0,500,15,2.0,5.0,yes,Account,Account\n"
  + "2016_2Q,USA,MEX,Alpha Remit,Money Transfer Operator,Same day,200,5,1.5,4.0,500,10,1.5,3.5,yes,Cash,Cash\n"
  + "2016_2Q,USA,MEX,Opaque Co,Money Transfer Operator,Same day,200,0,0,9.0,,,,,no,Cash,Cash\n"
  + "2016_2Q,GBR,NGA,Post NG,Post office,6 days or more,150,6,2.0,6.0,,,,,yes,Cash,Cash\n"
  + "2016_2Q,GBR,NGA,Mobile M,Mobile operator,Less than one hour,150,3,1.0,3.0,,,,,yes,Wallet,Mobile\n"
  + "2016_3Q,USA,MEX,Alpha Remit,Money Transfer Operator,Same day,200,4,1.0,3.0,,,,,yes,Cash,Cash\n"
  + "2016_3Q,USA,MEX,Only Big,Money Transfer Operator,Same day,,,,,500,10,1.0,3.0,yes,Cash,Cash\n";

rw::datasets::RpwAggregation
aggregate(const std::filesystem::path& path, unsigned threads, int amount = 200, size_t block_bytes = size_t{4} << 20)
{
  auto result = rw::datasets::aggregate_rpw_csv(
    path, rw::test::builtin_catalogue(),
    {.amount_usd = amount, .threads = threads, .min_bytes_per_thread = 1, .block_bytes = block_bytes});
  REQUIRE_MESSAGE(result, result.error().message);
  return std::move(*result);
}

// The importer's path: every quote read as the importer reads it, observed
// with the published figures, collapsed and averaged.
QuarterAggregates
imported(const std::string& text, Quarter quarter, int amount = 200)
{
  const auto file = rw::readers::read_rpw_csv(text, "rpw.csv", rw::test::builtin_catalogue());
  REQUIRE(file);
  REQUIRE(file->rejected.empty());
  std::vector<rw::calculator::ServiceCost> services;
  for (const auto& row : file->quotes) {
    if (row.quote.standard_amount_usd != amount) {
      continue;
    }
    const auto service = rw::calculator::observe(
      row.quote, {row.period, row.service_key, row.reported_fx_margin_pct, row.reported_total_cost_pct});
    REQUIRE(service);
    services.push_back(*service);
  }
  return rw::calculator::aggregate_quarter(services, quarter, rw::test::builtin_catalogue());
}

// Every figure, bit for bit.
void
check_same_aggregates(const QuarterAggregates& a, const QuarterAggregates& b)
{
  CHECK(a.quarter == b.quarter);
  CHECK(a.services == b.services);
  CHECK(a.excluded_non_transparent == b.excluded_non_transparent);
  REQUIRE(a.corridors.size() == b.corridors.size());
  for (size_t i = 0; i < a.corridors.size(); ++i) {
    const auto& x = a.corridors[i];
    const auto& y = b.corridors[i];
    INFO(x.corridor.to_string());
    CHECK(x.corridor == y.corridor);
    CHECK(x.average == y.average);
    CHECK(x.services == y.services);
    CHECK(x.excluded_non_transparent == y.excluded_non_transparent);
    CHECK(x.cheapest == y.cheapest);
    CHECK(x.cheapest_provider == y.cheapest_provider);
    CHECK(x.smart.value == y.smart.value);
    CHECK(x.smart.qualifying == y.smart.qualifying);
  }
  CHECK(a.global.value == b.global.value);
  CHECK(a.global.count == b.global.count);
  CHECK(a.weighted.value == b.weighted.value);
  CHECK(a.smart_global.value == b.smart_global.value);
  CHECK(a.mean_of_corridor_averages.value == b.mean_of_corridor_averages.value);
  for (const auto& [type, mean] : a.by_firm_type) {
    CHECK(mean.value == b.by_firm_type.at(type).value);
    CHECK(mean.count == b.by_firm_type.at(type).count);
  }
  CHECK(a.by_region.size() == b.by_region.size());
  for (const auto& [region, mean] : a.by_region) {
    REQUIRE(b.by_region.contains(region));
    CHECK(mean.value == b.by_region.at(region).value);
  }
  CHECK(a.speed.counts == b.speed.counts);
  CHECK(a.shares.above_5 == b.shares.above_5);
}

const rw::calculator::CorridorAverage&
corridor(const QuarterAggregates& a, const std::string& key)
{
  for (const auto& c : a.corridors) {
    if (c.corridor.to_string() == key) {
      return c;
    }
  }
  FAIL("no corridor " << key);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_SUITE("collector::rpw_aggregate")
{
  TEST_CASE("a hand-written file: every figure as computed by hand" * rw::test::no_store())
  {
    rw::test::TempDir dir;
    rw::test::write_file(dir / "rpw.csv", k_rpw_file);
    const auto rpw = aggregate(dir / "rpw.csv", 1);
    CHECK(rpw.rows == 8);
    CHECK(rpw.services == 7); // "Only Big" has no USD 200 figures
    REQUIRE(rpw.quarters.size() == 2);
    const auto q2 = rpw.quarters.at(Quarter(2016, 2)).finish();

    // USA-MEX: transparent 4.0 (Zeta), 7.0 (Banco), 4.0 (Alpha) → 15 / 3 = 5;
    // Opaque Co excluded. Cheapest 4.0: Zeta comes first in the file, but Alpha
    // is first in service-key order ("alpharemit|…" < "zetapay|…").
    const auto& mex = corridor(q2, "USA-MEX");
    CHECK(mex.average == 5.0);
    CHECK(mex.services == 3);
    CHECK(mex.excluded_non_transparent == 1);
    CHECK(mex.cheapest == 4.0);
    CHECK(mex.cheapest_provider == "Alpha Remit");
    // SmaRT: all three deliver within five days: (4 + 4 + 7) / 3 = 5.
    CHECK(mex.smart.value == 5.0);
    CHECK(mex.smart.qualifying == 3);
    // GBR-NGA: (6 + 3) / 2 = 4.5; SmaRT: only Mobile M (the post office takes
    // 6 days or more): 3, flagged.
    const auto& nga = corridor(q2, "GBR-NGA");
    CHECK(nga.average == 4.5);
    CHECK(nga.smart.value == 3.0);
    CHECK(nga.smart.fewer_than_three);
    // Global: (4 + 7 + 4 + 6 + 3) / 5 = 4.8 (the binary nearest 4.8).
    CHECK(q2.global.value == 24.0 / 5.0);
    CHECK(q2.global.count == 5);
    CHECK(q2.by_firm_type.at(rw::corridors::FirmType::mto).value == 4.0);
    CHECK(q2.by_firm_type.at(rw::corridors::FirmType::bank).value == 7.0);
    CHECK(q2.by_firm_type.at(rw::corridors::FirmType::post_office).value == 6.0);
    CHECK(q2.by_firm_type.at(rw::corridors::FirmType::mobile_operator).value == 3.0);
    // Receiving regions: Mexico (LAC, upper middle income) 5, Nigeria (SSA) 4.5.
    CHECK(q2.by_region.at("lac").value == 5.0);
    CHECK(q2.by_region.at("ssa").value == 4.5);
    // SmaRT global: (5 + 3) / 2 = 4.
    CHECK(q2.smart_global.value == 4.0);

    const auto q3 = rpw.quarters.at(Quarter(2016, 3)).finish();
    CHECK(q3.global.value == 3.0);
    CHECK(q3.global.count == 1);
  }

  TEST_CASE("the same bits as importing the file and averaging the quotes, at both amounts"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    rw::test::write_file(dir / "rpw.csv", k_rpw_file);
    for (const int amount : {200, 500}) {
      const auto rpw = aggregate(dir / "rpw.csv", 1, amount);
      for (const auto& [quarter, accumulator] : rpw.quarters) {
        INFO(quarter.to_string(), " USD ", amount);
        check_same_aggregates(accumulator.finish(), imported(k_rpw_file, quarter, amount));
      }
    }
  }

  TEST_CASE("the release's shapes: a spacer row under the header, unlabelled trailing cells, upper-case names"
            * rw::test::no_store())
  {
    // As the World Bank's extracts have them (issue #20): the header in upper
    // case with two unnamed columns after it, a spacer row of empty cells
    // under it, and cells past the named ones on two rows.
    const std::string text =
      "PERIOD,SOURCE_CODE,DESTINATION_CODE,FIRM,FIRM_TYPE,SPEED ACTUAL,CC1 LCU AMOUNT,CC1 LCU FEE,CC1 FX MARGIN,"
      "CC1 TOTAL COST %,TRANSPARENT,PICK-UP METHOD,PAYMENT INSTRUMENT,,\n"
      ",,,,,,,,,,,,,,\n"
      "2025_3Q,KEN,UGA,Alpha,Bank,Same day,18000,315,3.74,5.49,yes,Cash,Cash,,,2025,AGO2025,x\n"
      "2025_3Q,KEN,UGA,Beta,Bank,Next day,18000,900,2.0,7.0,yes,Cash,Cash,,,2025,AGO2025\n"
      "2025_3Q,KEN,UGA,Gamma,Money Transfer Operator,Next day,18000,900,2.0,7.0,yes,Cash,Cash\n";
    rw::test::TempDir dir;
    rw::test::write_file(dir / "release.csv", text);
    for (const unsigned threads : {1U, 3U}) {
      INFO(threads, " threads");
      const auto rpw = aggregate(dir / "release.csv", threads);
      CHECK(rpw.rows == 3); // the spacer row is not a row
      CHECK(rpw.services == 3);
      const auto q = rpw.quarters.at(Quarter(2025, 3)).finish();
      // KEN-UGA: (5.49 + 7.0 + 7.0) / 3 = 19.49 / 3 = 6.4966...
      CHECK(corridor(q, "KEN-UGA").average == doctest::Approx(19.49 / 3.0).epsilon(1e-12));
      CHECK(corridor(q, "KEN-UGA").services == 3);
      // The importer reads the same text to the same bits.
      check_same_aggregates(q, imported(text, Quarter(2025, 3)));
    }
  }

  TEST_CASE("cut into parts for threads anywhere, even inside a quoted line break: the same figures"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    // Many copies of the rows (ids make them distinct services), so that the
    // parts' nominal cuts fall inside records and inside the quoted name.
    std::string text = k_rpw_header;
    const std::string body = k_rpw_file.substr(std::string(k_rpw_header).size());
    for (int i = 0; i < 40; ++i) {
      text += body;
    }
    rw::test::write_file(dir / "rpw.csv", text);
    const auto one = aggregate(dir / "rpw.csv", 1);
    for (const unsigned threads : {2U, 3U, 7U, 16U}) {
      INFO(threads, " threads");
      const auto many = aggregate(dir / "rpw.csv", threads);
      CHECK(many.rows == one.rows);
      CHECK(many.rows == 8 * 40);
      for (const auto& [quarter, accumulator] : one.quarters) {
        check_same_aggregates(many.quarters.at(quarter).finish(), accumulator.finish());
      }
    }
  }

  TEST_CASE("read in blocks of any size, records and the header across them: the same figures"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    // A byte order mark, CRLF line ends and the quoted name with its line
    // break, repeated so that blocks end everywhere: inside the header, inside
    // a quoted field, between a CR and its LF.
    std::string text = "\xEF\xBB\xBF" + std::string(k_rpw_header);
    const std::string body = k_rpw_file.substr(std::string(k_rpw_header).size());
    for (int i = 0; i < 12; ++i) {
      for (const char c : body) {
        if (c == '\n') {
          text += '\r';
        }
        text += c;
      }
    }
    rw::test::write_file(dir / "rpw.csv", text);
    const auto whole = aggregate(dir / "rpw.csv", 1); // one block holds the file
    CHECK(whole.rows == 8 * 12);
    // 1 byte: every record is longer than a block, which grows for it.
    for (const size_t block : {size_t{1}, size_t{7}, size_t{64}, size_t{333}}) {
      for (const unsigned threads : {1U, 3U}) {
        INFO(block, " bytes a block, ", threads, " threads");
        const auto blocks = aggregate(dir / "rpw.csv", threads, 200, block);
        CHECK(blocks.rows == whole.rows);
        CHECK(blocks.services == whole.services);
        for (const auto& [quarter, accumulator] : whole.quarters) {
          check_same_aggregates(blocks.quarters.at(quarter).finish(), accumulator.finish());
        }
      }
    }
  }

  TEST_CASE("rejected rows refuse the file, named by their line in the file whatever the threads"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    std::string text = k_rpw_file;
    for (int i = 0; i < 30; ++i) {
      text += "2016_3Q,USA,MEX,Alpha Remit,Money Transfer Operator,Same day,200,4,1.0,3.0,,,,,yes,Cash,Cash\n";
    }
    // k_file is 10 lines (the bank's name takes two), then 30 good rows: the
    // bad rows are on lines 41 and 42.
    text += "2016_3Q,XXX,MEX,Beta,Bank,Same day,200,4,1.0,3.0,,,,,yes,Cash,Cash\n";
    text += "2016_3Q,USA,MEX,Gamma,Bank,Same day,200,4,1.0,lots,,,,,yes,Cash,Cash\n";
    rw::test::write_file(dir / "rpw.csv", text);
    // Blocks of 50 bytes: most rows start in a block after the first.
    for (const auto& [threads, block] : {std::pair{1U, size_t{4} << 20}, std::pair{4U, size_t{4} << 20},
                                         std::pair{1U, size_t{50}}, std::pair{4U, size_t{50}}}) {
      INFO(threads, " threads, blocks of ", block);
      const auto result = rw::datasets::aggregate_rpw_csv(
        dir / "rpw.csv", rw::test::builtin_catalogue(),
        {.threads = threads, .min_bytes_per_thread = 1, .block_bytes = block});
      REQUIRE_FALSE(result);
      const std::string path = (dir / "rpw.csv").string();
      CHECK(result.error().message.find(path + ": 2 of 40 rows rejected") != std::string::npos);
      CHECK(result.error().message.find(path + ":41: unknown country code 'XXX'") != std::string::npos);
      CHECK(result.error().message.find(path + ":42: cc1 total cost % 'lots' is not a number")
            != std::string::npos);
    }
  }

  TEST_CASE("a FIFO (a pipe, /dev/stdin) gives the same figures as the file" * rw::test::no_store())
  {
    rw::test::TempDir dir;
    rw::test::write_file(dir / "rpw.csv", k_rpw_file);
    const auto fifo = dir / "rpw.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Opening a FIFO waits for the other end: the writer runs beside the read.
    // A reader that gives up early must fail the test, not kill it (SIGPIPE).
    ::signal(SIGPIPE, SIG_IGN);
    std::jthread writer([&] { rw::test::write_file(fifo, k_rpw_file); });
    const auto piped = aggregate(fifo, 2);
    writer.join();
    const auto file = aggregate(dir / "rpw.csv", 2);
    CHECK(piped.rows == 8);
    CHECK(piped.rows == file.rows);
    CHECK(piped.services == file.services);
    REQUIRE(piped.quarters.size() == file.quarters.size());
    for (const auto& [quarter, accumulator] : file.quarters) {
      INFO(quarter.to_string());
      REQUIRE(piped.quarters.contains(quarter));
      check_same_aggregates(piped.quarters.at(quarter).finish(), accumulator.finish());
    }
  }

  TEST_CASE("not an RPW file: a missing column, binary content, a quote never closed"
            * rw::test::no_store())
  {
    rw::test::TempDir dir;
    rw::test::write_file(dir / "survey.csv", "corridor,provider,amount\nUSA-MEX,A,200\n");
    auto result = rw::datasets::aggregate_rpw_csv(dir / "survey.csv", rw::test::builtin_catalogue());
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("not an RPW dataset") != std::string::npos);

    rw::test::write_file(dir / "binary.csv", k_rpw_file + std::string("\0\x01\x02\n", 4));
    result = rw::datasets::aggregate_rpw_csv(dir / "binary.csv", rw::test::builtin_catalogue());
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("binary content") != std::string::npos);

    rw::test::write_file(dir / "open.csv", k_rpw_file + "2016_3Q,USA,MEX,\"Never closed,Bank\n");
    for (const size_t block : {size_t{4} << 20, size_t{16}}) {
      INFO("blocks of ", block);
      result = rw::datasets::aggregate_rpw_csv(dir / "open.csv", rw::test::builtin_catalogue(), {.block_bytes = block});
      REQUIRE_FALSE(result);
      CHECK(result.error().message.find("open.csv:11: not an RPW dataset CSV: broken quoting") != std::string::npos);
    }
    // Binary content after the first block.
    result = rw::datasets::aggregate_rpw_csv(dir / "binary.csv", rw::test::builtin_catalogue(), {.block_bytes = 100});
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("binary content") != std::string::npos);

    rw::test::write_file(dir / "empty.csv", "");
    result = rw::datasets::aggregate_rpw_csv(dir / "empty.csv", rw::test::builtin_catalogue());
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("empty.csv: not an RPW dataset CSV: the file is empty") != std::string::npos);

    result = rw::datasets::aggregate_rpw_csv(dir / "missing.csv", rw::test::builtin_catalogue());
    REQUIRE_FALSE(result);
    CHECK(result.error().message.find("missing.csv") != std::string::npos);
  }
}

TEST_SUITE("realdata::rpw_aggregate")
{
  TEST_CASE("the World Bank's RPW rows: averages straight from the file equal the importer's, bit for bit")
  {
    const auto path = rw::test::shared_data_dir() / "rpw/rpw_east_africa_2011Q1-2013Q1.csv";
    const auto text = rw::util::read_file(path);
    REQUIRE(text);
    for (const unsigned threads : {1U, 3U}) {
      const auto rpw = aggregate(path, threads);
      CHECK(rpw.rows == 281);
      CHECK(rpw.quarters.size() == 5); // 2011Q1, 2011Q3, 2012Q1, 2012Q3, 2013Q1 (half-yearly then)
      for (const auto& [quarter, accumulator] : rpw.quarters) {
        INFO(quarter.to_string(), ", ", threads, " threads");
        check_same_aggregates(accumulator.finish(), imported(*text, quarter));
      }
    }
  }

  TEST_CASE("a date outside 1990 to 2099: import rejects the row, averages --rpw refuses the file naming it alike")
  {
    // Before, --rpw left the date unread (only the amount's figures) and
    // averaged the row that the import rejects, so import-then-average and
    // read-straight disagreed. Each date form: RPW's, ISO, an Excel serial.
    for (const std::string date : {"01/Jan/1899", "01/Jan/99999", "2100-01-01", "1"}) {
      CAPTURE(date);
      rw::test::TempDir dir;
      const std::string header = "period,source_code,destination_code,firm,firm_type,speed actual,cc1 lcu amount,"
                                 "cc1 lcu fee,cc1 fx margin,cc1 total cost %,transparent,pickup method,date\n";
      rw::test::write_file(dir / "rpw.csv", header
                               + "2016_2Q,USA,MEX,Zeta Pay,Money Transfer Operator,Next day,200,6,1.0,4.0,yes,Cash,"
                                 "05/Apr/2016\n"
                               + "2016_2Q,USA,MEX,Alpha,Money Transfer Operator,Next day,200,5,1.0,3.5,yes,Cash,"
                               + date + "\n");
      const std::string path = (dir / "rpw.csv").string();

      auto db = rw::store::Database::open(rw::test::store_at(dir / "t.db"));
      REQUIRE(db);
      const auto imported_file = rw::collector::import_file(*db, rw::collector::ImportKind::rpw, path,
                                                            rw::test::builtin_catalogue(), "2025-01-15T12:00:00Z");
      REQUIRE(imported_file);
      REQUIRE(imported_file->rejected_rows.size() == 1);
      const std::string rejection = imported_file->rejected_rows[0].message;
      CHECK(rejection.starts_with(path + ":3: date '" + date + "'"));

      for (const int amount : {200, 500}) {
        const auto averaged = rw::datasets::aggregate_rpw_csv(path, rw::test::builtin_catalogue(),
                                                              {.amount_usd = amount, .threads = 1});
        REQUIRE_FALSE(averaged);
        CHECK(averaged.error().message.find(path + ": 1 of 2 rows rejected") != std::string::npos);
        CHECK_MESSAGE(averaged.error().message.find("\n  " + rejection) != std::string::npos,
                      averaged.error().message);
      }
    }
  }
}
