#pragma once

#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rw::store {

// Read-only questions the report and the alerts ask of the store. Plain
// records, like records.hpp; callers translate to domain types.

// A recorded import or collection, newest first.
struct RunSummary
{
  std::int64_t id = 0;
  std::string kind, source, input, input_sha256, started_at, finished_at, status, message;
  std::int64_t rows_read = 0, imported = 0, updated = 0, unchanged = 0, rejected = 0, flagged = 0;
};
util::Expected<std::vector<RunSummary>> load_runs(Database& database);

// When an import or a collection last started or finished ("" when none is
// recorded): the time of the stored data, which `serve` stamps its reports with.
util::Expected<std::string> latest_run_time(Database& database);

// Every value of one published series (e.g. "ATCR.CORR"), ordered by period,
// sender and receiver.
util::Expected<std::vector<SeriesRecord>> load_series_all(Database& database, const std::string& series);

// Quotes flagged at import in one period, counted by reason (most first).
struct FlagCount
{
  std::string reason;
  std::int64_t count = 0;
};
util::Expected<std::vector<FlagCount>>
flagged_quotes(Database& database, int standard_amount_usd, const std::string& period);

// The newest day held per benchmark source and base currency.
struct BenchmarkCoverage
{
  std::string source, base, latest_day;
  std::int64_t currencies = 0; // currencies quoted on that day
};
util::Expected<std::vector<BenchmarkCoverage>> benchmark_coverage(Database& database);

// How many quotes are stored, of every amount and quarter (an upper bound
// for a reader to reserve room for).
util::Expected<std::int64_t> quote_count(Database& database);

// The quarters a table's rows cover: the quotes' (quote_periods) or the
// published series' (series_periods, every series).
struct PeriodCoverage
{
  std::int64_t quarters = 0; // distinct periods; 0: no rows (first and last empty)
  std::string first, last;   // the lowest and highest period
};
util::Expected<PeriodCoverage> quote_periods(Database& database);
util::Expected<PeriodCoverage> series_periods(Database& database);

} // namespace rw::store
