// The report's data notes: what the quarter's data allows, the sources, the
// recorded runs, corridors without data, benchmark coverage and staleness,
// and the quotes flagged at import — all from the loaded inputs.

#include "reports/report_quarters.hpp"

#include "calculator/cost.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>

namespace rw::reports {

namespace {

using corridors::Quarter;

std::string
join(const std::vector<std::string>& items, size_t limit)
{
  std::string text;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    text += (i > 0 ? ", " : "") + items[i];
  }
  if (items.size() > limit) {
    text += fmt::format(" and {} more", items.size() - limit);
  }
  return text;
}

// What the quarter's data allows and what limits the figures.
void
add_basis(Notes& notes,
          const Compared& compared,
          const corridors::Catalogue& catalogue,
          const ReportOptions& options,
          Quarter quarter)
{
  const QuarterData& data = *compared.current;
  if (data.aggregates) {
    notes.basis.push_back(fmt::format("Service-level figures are computed from {} transparent services in {} "
                                      "corridors (USD {}).",
                                      data.aggregates->services, data.corridors.size() - data.from_series,
                                      options.amount));
    if (data.from_series > 0) {
      notes.basis.push_back(fmt::format(
        "{} corridors have no service rows this quarter: their averages are the World Bank's published corridor "
        "values (DataBank ATCR.CORR, marked \"databank\") and enter only the corridor-level figures (corridor "
        "tables, bands, mean of corridor averages, weighted average), not the service-level ones.",
        data.from_series));
    }
  } else {
    notes.basis.push_back(fmt::format(
      "{} holds no service rows, only the World Bank's published corridor averages (DataBank ATCR.CORR) for {} "
      "corridors. Computed from them: the mean of corridor averages, the weighted average, the corridor bands and "
      "the corridor tables. Not computable without service rows: the service-level global average (the target "
      "measure), SmaRT, channels, regions, G20 and income groups, South-North, competition, transparency and speed.",
      quarter.to_string(), data.corridors.size()));
  }
  if (!options.scope.global()) {
    notes.basis.push_back(fmt::format("Limited to {} ({}): every figure covers these corridors only.",
                                      options.scope.describe(catalogue), options.scope.to_string()));
  }
  if (compared.previous == nullptr) {
    notes.basis.push_back("No earlier quarter with data: no quarter-on-quarter changes.");
  }
}

// What the changes and the history table compare with.
void
add_comparison_basis(Notes& notes, const Compared& compared, const ReportOptions& options, Quarter quarter)
{
  if (compared.previous_quarter && *compared.previous_quarter != quarter.previous()) {
    notes.basis.push_back(fmt::format("Changes are against {}, the latest earlier quarter with data.",
                                      compared.previous_quarter->to_string()));
  }
  if (options.amount != 200 || !options.scope.global()) {
    notes.basis.push_back("The World Bank's published global figures are for USD 200 over all corridors, so "
                          "the history table shows only computed figures here.");
  }
}

void
add_sources(Notes& notes, const corridors::Catalogue& catalogue)
{
  notes.sources.push_back(fmt::format("Corridor catalogue: built in, {} economies (World Bank regions, FY2025 "
                                      "income groups) and {} corridors, {} with a bilateral flow.",
                                      catalogue.countries().size(), catalogue.corridors().size(),
                                      std::ranges::count_if(catalogue.corridors(),
                                                            [](const auto& c) { return c.flow_usd.has_value(); })));
  notes.sources.push_back("Published figures: the World Bank's RPW reports, as listed in the history table with "
                          "each figure's source; they are the World Bank's, not computed here.");
}

// Catalogue corridors without data, and corridors that dropped out since the previous quarter.
void
add_coverage(Notes& notes,
             const Compared& compared,
             const corridors::Catalogue& catalogue,
             const ReportOptions& options,
             Quarter quarter)
{
  const QuarterData& data = *compared.current;
  std::vector<std::string> missing;
  for (const auto& info : catalogue.corridors()) {
    if (options.scope.contains(info.key) && !data.corridors.contains(info.key)) {
      missing.push_back(info.key.to_string());
    }
  }
  if (!missing.empty()) {
    notes.coverage.push_back(fmt::format("{} catalogue corridors have no data for {}: {}.", missing.size(),
                                         quarter.to_string(), join(missing, 20)));
  }
  if (compared.previous != nullptr) {
    std::vector<std::string> dropped;
    for (const auto& [key, value] : compared.previous->corridors) {
      if (!data.corridors.contains(key)) {
        dropped.push_back(key.to_string());
      }
    }
    if (!dropped.empty()) {
      notes.coverage.push_back(fmt::format("{} corridors with data in the previous quarter have none now: {}.",
                                           dropped.size(), join(dropped, 20)));
    }
  }
}

void
add_benchmarks(Notes& notes,
               const std::vector<store::BenchmarkCoverage>& benchmarks,
               const std::string& generated_at,
               Quarter quarter)
{
  // Stale: the newest rate is more than k_report_benchmark_stale_days older
  // than the quarter's end (or than the report's date, for a quarter still running).
  auto generated = util::parse_timestamp(generated_at);
  date::sys_days reference = date::sys_days(quarter.last_day());
  if (generated) {
    reference = std::min(reference, std::chrono::floor<date::days>(*generated));
  }
  for (const auto& benchmark : benchmarks) {
    std::string verdict;
    if (auto day = util::parse_timestamp(benchmark.latest_day + "T00:00:00Z"); day) {
      const auto age = (reference - std::chrono::floor<date::days>(*day)).count();
      verdict = age > calculator::k_report_benchmark_stale_days
                  ? fmt::format(" (stale: {} days before {})", age, date::format("%F", reference))
                  : "";
    }
    notes.benchmarks.push_back(fmt::format("{} rates against {}: newest day {}, {} currencies{}.", benchmark.source,
                                           benchmark.base, benchmark.latest_day, benchmark.currencies, verdict));
  }
  if (notes.benchmarks.empty()) {
    notes.benchmarks.push_back("No benchmark rates stored; quotes carry the benchmark their source gave.");
  }
}

} // namespace

Notes
notes_for(const ReportInputs& inputs,
          const Compared& compared,
          const corridors::Catalogue& catalogue,
          const ReportOptions& options)
{
  const Quarter quarter = inputs.quarter;
  Notes notes;
  add_basis(notes, compared, catalogue, options, quarter);
  add_comparison_basis(notes, compared, options, quarter);
  add_sources(notes, catalogue);
  for (const auto& run : inputs.runs) {
    notes.runs.push_back({run.kind, run.source, run.input, run.started_at, run.status, run.message, run.rows_read,
                          run.imported, run.updated, run.unchanged, run.rejected, run.flagged});
  }
  add_coverage(notes, compared, catalogue, options, quarter);
  add_benchmarks(notes, inputs.benchmarks, options.generated_at, quarter);
  for (const auto& flag : inputs.flagged) {
    notes.flagged.push_back(fmt::format("{} quotes: {}", flag.count, flag.reason));
  }
  return notes;
}

} // namespace rw::reports
