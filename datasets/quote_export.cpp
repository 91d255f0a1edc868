#include "datasets/quote_export.hpp"

#include "datasets/corridor_view.hpp"
#include "datasets/stored_costs.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace rw::datasets {

size_t
export_column(std::string_view name)
{
  const auto found = std::ranges::find(k_export_columns, name);
  if (found == k_export_columns.end()) {
    throw std::logic_error("no export column " + std::string(name));
  }
  return static_cast<size_t>(found - k_export_columns.begin());
}

util::Expected<std::vector<util::Cell>>
export_row(const store::QuoteRecord& r, const corridors::Catalogue& catalogue)
{
  auto cost = service_cost(r); // the figures every aggregate counts with
  if (!cost) {
    return std::unexpected(cost.error());
  }
  const auto name = [&](const std::string& code) {
    const auto* country = catalogue.find_country(code);
    return country ? country->name : std::string();
  };
  return std::vector<util::Cell>{
    r.period,
    r.collected_at,
    cost->corridor.to_string(),
    r.sender,
    name(r.sender),
    r.receiver,
    name(r.receiver),
    r.provider,
    std::string(firm_type_words(cost->firm_type)),
    r.payment_instrument,
    r.receiving_method,
    cost->speed ? std::string(corridors::display_name(*cost->speed)) : util::Cell(),
    r.amount,
    r.currency,
    r.receive_currency,
    r.fee,
    r.rate,
    r.benchmark,
    cost->fee_pct,
    cost->fx_margin_pct,
    cost->total_pct,
    std::string(r.transparent ? "yes" : "no"),
    r.source,
    r.method,
  };
}

util::Expected<size_t>
for_each_export_row(store::Database& database,
                    const ExportFilter& filter,
                    const corridors::Catalogue& catalogue,
                    const std::function<util::Expected<void>(const std::vector<util::Cell>&)>& visit)
{
  size_t rows = 0;
  std::optional<util::Error> failure;
  auto ok = store::for_each_quote(
    database, filter.amount_usd, filter.from ? filter.from->to_string() : std::string(),
    filter.to ? filter.to->to_string() : std::string(), [&](const store::QuoteRecord& record) {
      if (failure || !filter.scope.contains(record.sender, record.receiver)) {
        return;
      }
      auto row = export_row(record, catalogue);
      if (!row) {
        failure = row.error();
        return;
      }
      if (auto written = visit(*row); !written) {
        failure = written.error();
        return;
      }
      ++rows;
    });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  if (failure) {
    return std::unexpected(*failure);
  }
  return rows;
}

} // namespace rw::datasets
