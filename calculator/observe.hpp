#pragma once

// A quote as an observation of its service: ServiceCost, and the cost a quote
// counts with (computed, or as its source published it).

#include "calculator/cost.hpp"
#include "corridors/firm_type.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace rw::calculator {

// One service's cost in one quarter, in percent. Built from a quote
// (observe()) or from a source's own figures (RPW rows keep the World Bank's
// margin and total), then collapsed to one value per service and quarter.
struct ServiceCost
{
  corridors::Quarter quarter{2000, 1};
  corridors::CorridorKey corridor;
  std::string service_key; // corridors::Service::key()
  std::string provider;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
  bool accessible = true;
  double fee_pct = 0;
  double fx_margin_pct = 0;
  double total_pct = 0;
  size_t quotes = 1; // quotes behind this value
};

// A quote as one observation of its service (computes the quote's cost).
util::Expected<ServiceCost> observe(const corridors::Quote& quote);

// What a source says about a quote beyond the quote itself (RPW publishes
// each service's margin and total cost, and its own period).
struct SourceFigures
{
  corridors::Quarter period{2000, 1};
  std::string service_key; // overrides quote.service.key() when not empty
  std::optional<double> fx_margin_pct;
  std::optional<double> total_pct;
};

// The fee, FX margin and total cost % a quote counts with: the source's
// published margin and total when it has a total (fee % = fee / amount × 100;
// margin, when not published, total − fee %), else quote_cost()'s. observe()
// uses it; readers of stored quotes call it without building a Quote.
util::Expected<QuoteCost> counted_cost(const QuoteInput& input,
                                       std::optional<double> published_fx_margin_pct,
                                       std::optional<double> published_total_pct);

// A quote whose source published its cost: the published margin and total are
// used as they are (never recomputed); fee % is fee / amount × 100. Without a
// published total, the cost is computed as observe() does.
util::Expected<ServiceCost> observe(const corridors::Quote& quote, const SourceFigures& figures);

} // namespace rw::calculator
