// One label, one computation, on the World Bank's own files: raw RPW rows
// for 5 East African corridors and DataBank's corridor values for every
// corridor. In 2012Q3 `averages --by global` and the report must print the
// same mean_of_corridor_averages (issue 18 found 16.38 beside 8.91), and
// averages must label the mean over the 5 computed corridors for what it is.
#include "tests/unit/process.hpp"
#include "tests/unit/support.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

namespace {

// The standard output of the binary run with `args` (a shell command line of
// plain words), and its exit status.
std::pair<std::string, int>
output_of(const std::string& args)
{
  FILE* pipe = ::popen((std::string(RW_BINARY) + " " + args + " 2>/dev/null").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    out.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

struct Measure
{
  double value = 0;
  long long count = 0;
};

// quarter,measure,value,count rows by measure (empty values skipped).
std::map<std::string, Measure>
global_rows(const std::string& csv)
{
  std::map<std::string, Measure> rows;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line); // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string quarter, measure, value, count;
    std::getline(fields, quarter, ',');
    std::getline(fields, measure, ',');
    std::getline(fields, value, ',');
    std::getline(fields, count, ',');
    rows[measure] = {value.empty() ? 0.0 : std::stod(value), std::stoll(count)};
  }
  return rows;
}

} // namespace

TEST_SUITE("realdata::app_averages")
{
  TEST_CASE("averages --by global and the report agree on mean_of_corridor_averages in 2012Q3")
  {
    const rw::test::TempDir dir;
    const std::string db = (dir.path() / "rpw.db").string();
    const auto data = rw::test::shared_data_dir();
    REQUIRE(rw::test::run_remitwatch({"import", "rpw", (data / "rpw/rpw_east_africa_2011Q1-2013Q1.csv").string(),
                                      "--db", db})
            == 0);
    REQUIRE(rw::test::run_remitwatch(
              {"import", "databank", (data / "worldbank/rpw_databank_corridors_ATCR_2011Q1_2020Q3.csv").string(),
               "--db", db})
            == 0);

    const auto [csv, status] = output_of("averages --db " + db + " --quarter 2012Q3 --by global --format csv");
    REQUIRE(status == 0);
    const auto rows = global_rows(csv);
    // The 5 corridors of the RPW extract (TZA→KEN/RWA/UGA, KEN→RWA/UGA) are
    // computed; DataBank gives the other corridors with a 2012Q3 value.
    CHECK(rows.at("mean_of_computed_corridor_averages").count == 5);
    CHECK(rows.at("corridors_from_databank").count == rows.at("mean_of_corridor_averages").count - 5);
    CHECK(rows.at("mean_of_corridor_averages").count == 219); // issue 18: DataBank values for 219 corridors
    CHECK(rows.at("mean_of_computed_corridor_averages").value == doctest::Approx(16.38).epsilon(0.0005));
    CHECK(rows.at("mean_of_corridor_averages").value == doctest::Approx(8.91).epsilon(0.0005));

    const std::string json_path = (dir.path() / "report.json").string();
    REQUIRE(rw::test::run_remitwatch({"report", "--db", db, "--quarter", "2012Q3", "--format", "json", "--out",
                                      json_path})
            == 0);
    const auto report = nlohmann::json::parse(rw::test::file_text(json_path));
    const auto& figure = report.at("headline").at("mean_of_corridor_averages");
    CHECK(figure.at("value").get<double>() == doctest::Approx(rows.at("mean_of_corridor_averages").value).epsilon(1e-12));
    CHECK(figure.at("count").get<long long>() == rows.at("mean_of_corridor_averages").count);
  }
}
