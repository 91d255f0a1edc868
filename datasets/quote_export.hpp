#pragma once

// The stored quotes as one flat table, one row per quote, for spreadsheet
// users: what the quote was (who, where, how much, when), its countries by
// name, and the fee, FX margin and total cost it counts with in every
// aggregate (service_cost(): the source's published figures kept).

#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "corridors/scope.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/table.hpp"

#include <array>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace rw::datasets {

inline constexpr std::array<std::string_view, 24> k_export_columns = {
  "quarter",        "collected_at",     "corridor",      "sender",         "sender_name",      "receiver",
  "receiver_name",  "provider",         "firm_type",     "payment_instrument", "receiving_method", "speed",
  "amount",         "send_currency",    "receive_currency", "fee",          "rate",             "benchmark",
  "fee_pct",        "fx_margin_pct",    "total_cost_pct", "transparent",    "source",           "method"};

// The index of a column of k_export_columns (a programming error if absent).
size_t export_column(std::string_view name);

// One quote as a row of k_export_columns: numbers as numbers, firm type and
// speed in words, a missing speed empty. Errors name the quote.
util::Expected<std::vector<util::Cell>> export_row(const store::QuoteRecord& record,
                                                   const corridors::Catalogue& catalogue);

struct ExportFilter
{
  int amount_usd = 200;
  std::optional<corridors::Quarter> from, to; // empty: no bound
  corridors::Scope scope;                     // global(): every corridor
};

// The stored quotes the filter keeps, each as a row, in the store's order
// (quarter, corridor, service, time collected). Each row is visited as it is
// made and not kept; a visit's error stops the export and is returned.
// Returns the rows visited.
util::Expected<size_t> for_each_export_row(
  store::Database& database,
  const ExportFilter& filter,
  const corridors::Catalogue& catalogue,
  const std::function<util::Expected<void>(const std::vector<util::Cell>&)>& visit);

} // namespace rw::datasets
