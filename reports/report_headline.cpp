// The report's headline: each figure with what it rests on (its coverage),
// the figure it leads with and a summary in words. When the service rows
// cover only part of the quarter's corridors (5 of 219 in 2012Q3) the
// service-level average is a sample, not the global figure: the headline
// leads with the mean of corridor averages over every corridor with a value.

#include "reports/report_quarters.hpp"

#include <fmt/format.h>

namespace rw::reports {

namespace {

using calculator::QuarterAggregates;

Coverage
coverage_of(size_t services, size_t corridors, size_t quarter_corridors)
{
  Coverage coverage;
  coverage.services = services;
  coverage.corridors = corridors;
  coverage.quarter_corridors = quarter_corridors;
  if (quarter_corridors > 0) {
    coverage.share = 100.0 * static_cast<double>(corridors) / static_cast<double>(quarter_corridors);
  }
  return coverage;
}

// Known flows (USD) of every catalogue corridor in scope.
double
scope_flows(const corridors::Catalogue& catalogue, const corridors::Scope& scope)
{
  double total = 0;
  for (const auto& corridor : catalogue.corridors()) {
    if (corridor.flow_usd && *corridor.flow_usd > 0 && scope.contains(corridor.key)) {
      total += *corridor.flow_usd;
    }
  }
  return total;
}

void
add_coverage(Headline& h, const QuarterData& data, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  const size_t all = data.corridors.size();
  const size_t computed = service_corridors(data);
  h.global_coverage = coverage_of(h.services, data.aggregates ? computed : 0, all);
  h.smart_coverage = coverage_of(h.services, data.aggregates ? data.aggregates->smart_global.count : 0, all);
  h.mean_coverage = coverage_of(0, all, all); // a corridor-level figure
  h.weighted_coverage = coverage_of(0, h.weighted_corridors, all);
  if (const double flows = scope_flows(catalogue, options.scope); flows > 0) {
    h.weighted_coverage.flow_share = 100.0 * data.level.weighted.total_flow_usd / flows;
  }
  // Under half the corridors or under half the known flows: not a headline card.
  h.weighted_shown = h.weighted.value && 2 * h.weighted_corridors >= all && h.weighted_coverage.flow_share
                     && *h.weighted_coverage.flow_share >= 50.0;
}

std::string
percent_text(std::optional<double> value)
{
  return value ? fmt::format("{:.2f} %", *value) : "n/a";
}

std::string
summary_of(const Headline& h, const ReportOptions& options, const std::string& scope, corridors::Quarter quarter)
{
  const bool global = options.scope.global();
  std::string text = global ? "" : fmt::format("Scope: {} ({}). ", scope, options.scope.to_string());
  const size_t all = h.mean_coverage.corridors;
  if (h.basis == Basis::corridor_series) {
    return text + fmt::format("Only published corridor averages are held for {}: the mean of corridor averages over "
                              "{} corridors is {}; the service-level figures cannot be computed.",
                              quarter.to_string(), all, percent_text(h.mean_of_corridor_averages.value));
  }
  if (h.partial_sample) {
    return text + fmt::format("The service-level sample covers {} of {} corridors ({:.0f} %); the representative "
                              "figure is the mean of corridor averages over all {} corridors, {}; the sample's own "
                              "average, {}, is shown as a sample.",
                              h.global_coverage.corridors, all, h.global_coverage.share.value_or(0), all,
                              percent_text(h.mean_of_corridor_averages.value), percent_text(h.global.value));
  }
  return text + fmt::format("{} {} over {} transparent services in {} corridors (every corridor with a value "
                            "this quarter).",
                            global ? "The global average is" : fmt::format("The average over {} is", scope),
                            percent_text(h.global.value), h.services, all);
}

} // namespace

size_t
service_corridors(const QuarterData& data)
{
  return data.corridors.size() - data.from_series;
}

std::optional<double>
representative_average(const QuarterData& data)
{
  if (data.aggregates && data.from_series == 0) {
    return data.aggregates->global.value;
  }
  return data.level.mean_of_corridor_averages.value;
}

std::string
default_title(corridors::Quarter quarter, const std::string& scope)
{
  std::string title = fmt::format("Remittance costs, {}", quarter.to_string());
  if (!scope.empty()) {
    title += " — " + scope;
  }
  return title;
}

Headline
headline_of(const Compared& compared, const corridors::Catalogue& catalogue, const ReportOptions& options)
{
  const QuarterData& data = *compared.current;
  Headline headline;
  headline.previous = compared.previous_quarter;
  headline.year_ago = compared.year_ago_quarter;
  headline.basis = data.aggregates ? Basis::services : Basis::corridor_series;
  headline.global = compared.figure([](const QuarterAggregates& a) { return a.global; });
  headline.smart = compared.figure([](const QuarterAggregates& a) { return a.smart_global; });
  headline.weighted = compared.level_figure([](const auto& level) { return level.weighted.value; },
                                            data.level.weighted.corridors_used);
  headline.weighted_corridors = data.level.weighted.corridors_used;
  headline.corridors_without_flow = data.level.weighted.corridors_without_flow;
  headline.mean_of_corridor_averages = compared.level_figure(
    [](const auto& level) { return level.mean_of_corridor_averages.value; }, data.corridors.size());
  headline.corridors = data.corridors.size();
  headline.corridors_from_series = data.from_series;
  if (data.aggregates) {
    headline.services = data.aggregates->services;
    headline.excluded_non_transparent = data.aggregates->excluded_non_transparent;
  }
  add_coverage(headline, data, catalogue, options);
  headline.partial_sample = data.aggregates != nullptr && data.from_series > 0;
  headline.lead = headline.basis == Basis::services && !headline.partial_sample ? "global" : "mean_of_corridor_averages";
  headline.summary = summary_of(headline, options, options.scope.describe(catalogue), compared.current_quarter);
  return headline;
}

} // namespace rw::reports
