// The report's one loader: every store read the report makes (stored
// services aggregated by quarter, DataBank's corridor series, runs,
// benchmark coverage, flagged quotes) plus the compiled-in published
// figures, so that build_report itself never touches the store.

#include "reports/report_quarters.hpp"

#include "datasets/corridor_series.hpp"
#include "datasets/stored_costs.hpp"
#include "reports/published.hpp"
#include "store/queries.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::reports {

namespace {

using corridors::CorridorKey;
using corridors::Quarter;

// The services of one amount, grouped by quarter, and the published corridor
// series, both limited to the filter and to quarters up to options.quarter.
util::Expected<void>
load_quarters(ReportInputs& inputs,
              store::Database& database,
              const corridors::Catalogue& catalogue,
              const ReportOptions& options)
{
  auto aggregates = datasets::aggregate_stored_quarters(
    database, options.amount, std::nullopt, options.quarter, catalogue,
    [&](std::string_view sender, std::string_view receiver) {
      return options.scope.contains(sender, receiver);
    });
  if (!aggregates) {
    return std::unexpected(aggregates.error());
  }
  inputs.aggregates = std::move(*aggregates);
  // DataBank's corridor series are USD 200 figures.
  if (options.amount == 200) {
    auto series = datasets::load_corridor_series(database, options.quarter, [&](std::string_view sender, std::string_view receiver) {
      return options.scope.contains(sender, receiver);
    });
    if (!series) {
      return std::unexpected(series.error());
    }
    inputs.series = std::move(series->by_quarter);
    inputs.left_out = std::move(series->skipped);
  }
  return {};
}

// No data for the quarter asked for (or none at all): say which quarters
// the store holds, or that it needs an import.
util::Expected<ReportInputs>
no_data(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  ReportInputs all;
  auto held_loaded = load_quarters(all, database, catalogue, {std::nullopt, options.amount, options.scope});
  const auto held = quarters_with_data(all);
  std::string what = options.quarter ? fmt::format("no data for {}", options.quarter->to_string()) : "no data";
  if (held_loaded && !held.empty()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("{}: {} at USD {}{}; quarters with data: {} to {} ({} quarters)",
                                        database.path(), what, options.amount,
                                        options.scope.global() ? "" : " for the corridors asked for",
                                        held.begin()->to_string(), held.rbegin()->to_string(), held.size()));
  }
  return util::make_error(util::ErrorKind::not_found,
                          fmt::format("{}: {} at USD {}{}; import quotes or series first (remitwatch import)",
                                      database.path(), what, options.amount,
                                      options.scope.global() ? "" : " for the corridors asked for"));
}

// The notes' store reads: runs, benchmark coverage, the quarter's flagged quotes.
util::Expected<void>
load_notes_inputs(ReportInputs& inputs, store::Database& database, int amount)
{
  auto runs = store::load_runs(database);
  if (!runs) {
    return std::unexpected(runs.error());
  }
  inputs.runs = std::move(*runs);
  auto benchmarks = store::benchmark_coverage(database);
  if (!benchmarks) {
    return std::unexpected(benchmarks.error());
  }
  inputs.benchmarks = std::move(*benchmarks);
  auto flagged = store::flagged_quotes(database, amount, inputs.quarter.to_string());
  if (!flagged) {
    return std::unexpected(flagged.error());
  }
  inputs.flagged = std::move(*flagged);
  return {};
}

} // namespace

util::Expected<ReportInputs>
load_report_inputs(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  if (options.amount != 200 && options.amount != 500) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("--amount {}: the standard amounts are 200 and 500 (USD)", options.amount));
  }
  ReportInputs inputs;
  if (auto loaded = load_quarters(inputs, database, catalogue, options); !loaded) {
    return std::unexpected(loaded.error());
  }
  const auto quarters = quarters_with_data(inputs);
  if (quarters.empty() || (options.quarter && !quarters.contains(*options.quarter))) {
    return no_data(database, catalogue, options);
  }
  inputs.quarter = options.quarter.value_or(*quarters.rbegin());
  auto published = published_figures();
  if (!published) {
    return std::unexpected(published.error());
  }
  inputs.published = std::move(*published);
  if (auto loaded = load_notes_inputs(inputs, database, options.amount); !loaded) {
    return std::unexpected(loaded.error());
  }
  return inputs;
}

util::Expected<Report>
build_report(store::Database& database, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  auto inputs = load_report_inputs(database, catalogue, options);
  if (!inputs) {
    return std::unexpected(inputs.error());
  }
  return build_report(*inputs, catalogue, options);
}

} // namespace rw::reports
