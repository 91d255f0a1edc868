// The project's main promise: from the World Bank's raw RPW rows, remitwatch
// reproduces the corridor averages the World Bank published in DataBank.
#include "calculator/aggregates.hpp"
#include "readers/databank.hpp"
#include "readers/rpw.hpp"
#include "tests/unit/support.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <algorithm>
#include <map>
#include <set>

TEST_SUITE("realdata::rpw")
{
  TEST_CASE("corridor averages from raw RPW rows equal DataBank's ATCR.CORR within 1e-7")
  {
    const auto catalogue = rw::corridors::Catalogue::load_builtin();
    REQUIRE(catalogue);
    const auto dir = rw::test::shared_data_dir();
    const auto rpw_text = rw::util::read_file(dir / "rpw/rpw_east_africa_2011Q1-2013Q1.csv");
    const auto databank_text = rw::util::read_file(dir / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv");
    REQUIRE(rpw_text);
    REQUIRE(databank_text);
    const auto rows = rw::readers::read_rpw_csv(*rpw_text, "rpw.csv", *catalogue);
    const auto series = rw::readers::read_databank_csv(*databank_text, "databank.csv", *catalogue);
    REQUIRE(rows);
    REQUIRE(series);
    CHECK(rows->rows == 281);
    CHECK(rows->rejected.empty());

    std::vector<rw::calculator::ServiceCost> services;
    size_t flagged = 0;
    for (const auto& row : rows->quotes) {
      flagged += row.flagged ? 1U : 0U;
      if (row.quote.standard_amount_usd != 200) {
        continue;
      }
      const auto service = rw::calculator::observe(
        row.quote, {row.period, row.service_key, row.reported_fx_margin_pct, row.reported_total_cost_pct});
      REQUIRE(service);
      services.push_back(*service);
    }
    CHECK(services.size() == 281);
    CHECK(flagged == 0); // every row of the extract is consistent to 0.01 pp

    std::map<std::pair<rw::corridors::CorridorKey, rw::corridors::Quarter>, double> published;
    for (const auto& value : series->values) {
      published[{value.corridor, value.period}] = value.value;
    }
    std::set<rw::corridors::Quarter> quarters;
    for (const auto& service : services) {
      quarters.insert(service.quarter);
    }
    size_t compared = 0;
    size_t excluded = 0;
    for (const auto& quarter : quarters) {
      const auto aggregates = rw::calculator::aggregate_quarter(services, quarter, *catalogue);
      excluded += aggregates.excluded_non_transparent;
      for (const auto& corridor : aggregates.corridors) {
        const auto it = published.find({corridor.corridor, quarter});
        if (it == published.end()) {
          continue;
        }
        CAPTURE(corridor.corridor.to_string());
        CAPTURE(quarter.to_string());
        REQUIRE(corridor.average.has_value());
        // DataBank stores single-precision floats: 1e-7 relative.
        CHECK(std::fabs(*corridor.average - it->second) / it->second < 1e-7);
        ++compared;
      }
    }
    CHECK(compared == 23);
    CHECK(excluded == 1); // the one non-transparent row (KEN→UGA 2011Q3)

    // The data README's worked example: KEN→UGA 2011Q3, 11 transparent services.
    const auto q3 = rw::calculator::aggregate_quarter(services, rw::corridors::Quarter(2011, 3), *catalogue);
    const auto ken_uga = std::ranges::find(q3.corridors, rw::corridors::CorridorKey{"KEN", "UGA"},
                                           &rw::calculator::CorridorAverage::corridor);
    REQUIRE(ken_uga != q3.corridors.end());
    CHECK(ken_uga->services == 11);
    CHECK(ken_uga->excluded_non_transparent == 1);
    CHECK(*ken_uga->average == doctest::Approx(9.70090909).epsilon(1e-9));
  }
}
