#include "store/queries.hpp"

#include <fmt/format.h>

#include <string_view>

namespace rw::store {

namespace {

// `table` is one of ours, never input: it is written into the SQL.
util::Expected<PeriodCoverage>
period_coverage(Database& database, std::string_view table)
{
  auto rows = read_rows<PeriodCoverage>(
    database.prepare(fmt::format(
      "SELECT count(DISTINCT period), coalesce(min(period), ''), coalesce(max(period), '') FROM {}", table)),
    [](const Statement& s) { return PeriodCoverage{s.column_int(0), s.column_text(1), s.column_text(2)}; });
  if (!rows) {
    return std::unexpected(rows.error());
  }
  return rows->at(0); // an aggregate without GROUP BY: always one row
}

} // namespace

util::Expected<std::vector<RunSummary>>
load_runs(Database& database)
{
  return read_rows<RunSummary>(
    database.prepare("SELECT id, kind, source, input, coalesce(input_sha256, ''), started_at, "
                     "coalesce(finished_at, ''), status, message, rows_read, imported, updated, unchanged, "
                     "rejected, flagged FROM runs ORDER BY started_at DESC, id DESC"),
    [](const Statement& s) {
      RunSummary run;
      run.id = s.column_int(0);
      run.kind = s.column_text(1);
      run.source = s.column_text(2);
      run.input = s.column_text(3);
      run.input_sha256 = s.column_text(4);
      run.started_at = s.column_text(5);
      run.finished_at = s.column_text(6);
      run.status = s.column_text(7);
      run.message = s.column_text(8);
      run.rows_read = s.column_int(9);
      run.imported = s.column_int(10);
      run.updated = s.column_int(11);
      run.unchanged = s.column_int(12);
      run.rejected = s.column_int(13);
      run.flagged = s.column_int(14);
      return run;
    });
}

util::Expected<std::string>
latest_run_time(Database& database)
{
  auto rows = read_rows<std::string>(
    database.prepare("SELECT coalesce(max(t), '') FROM (SELECT started_at AS t FROM runs UNION ALL "
                     "SELECT finished_at FROM runs) AS times"),
    [](const Statement& s) { return s.column_text(0); });
  if (!rows) {
    return std::unexpected(rows.error());
  }
  return rows->at(0); // an aggregate without GROUP BY: always one row
}

util::Expected<std::vector<SeriesRecord>>
load_series_all(Database& database, const std::string& series)
{
  auto statement = database.prepare("SELECT series, sender, receiver, period, value FROM corridor_series "
                                    "WHERE series = ?1 ORDER BY period, sender, receiver");
  if (statement) {
    statement->bind(1, series);
  }
  return read_rows<SeriesRecord>(std::move(statement), [](const Statement& s) {
    return SeriesRecord{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_double(4)};
  });
}

util::Expected<std::vector<FlagCount>>
flagged_quotes(Database& database, int standard_amount_usd, const std::string& period)
{
  auto statement = database.prepare("SELECT flag_reason, count(*) FROM quotes "
                                    "WHERE flagged = 1 AND standard_amount_usd = ?1 AND period = ?2 "
                                    "GROUP BY flag_reason ORDER BY count(*) DESC, flag_reason");
  if (statement) {
    statement->bind(1, standard_amount_usd).bind(2, period);
  }
  return read_rows<FlagCount>(std::move(statement),
                              [](const Statement& s) { return FlagCount{s.column_text(0), s.column_int(1)}; });
}

util::Expected<std::vector<BenchmarkCoverage>>
benchmark_coverage(Database& database)
{
  return read_rows<BenchmarkCoverage>(
    database.prepare("SELECT b.source, b.base, b.day, count(*) FROM benchmark_rates b "
                     "WHERE b.day = (SELECT max(day) FROM benchmark_rates l WHERE l.source = b.source AND "
                     "l.base = b.base) GROUP BY b.source, b.base, b.day ORDER BY b.source, b.base"),
    [](const Statement& s) {
      return BenchmarkCoverage{s.column_text(0), s.column_text(1), s.column_text(2), s.column_int(3)};
    });
}

util::Expected<std::int64_t>
quote_count(Database& database)
{
  return database.query_int("SELECT count(*) FROM quotes");
}

util::Expected<PeriodCoverage>
quote_periods(Database& database)
{
  return period_coverage(database, "quotes");
}

util::Expected<PeriodCoverage>
series_periods(Database& database)
{
  return period_coverage(database, "corridor_series");
}

} // namespace rw::store
