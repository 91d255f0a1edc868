// Reads the services and the quotes of one amount from their tables into
// rows (quote_rows.hpp), sorted in the readers' order.

#include "store/quote_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <tuple>

namespace rw::store {

namespace {

// Ranks of distinct values in sort order, equal values equal ranks.
template <typename Less>
std::vector<std::uint32_t>
dense_ranks(size_t count, Less less)
{
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t{0});
  std::ranges::sort(order, less);
  std::vector<std::uint32_t> ranks(count);
  std::uint32_t rank = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && less(order[i - 1], order[i])) {
      ++rank;
    }
    ranks[order[i]] = rank;
  }
  return ranks;
}

} // namespace

namespace {

// The services a statement selects (id, sender, receiver, provider, key,
// firm type, instrument, method), indexed and ranked.
util::Expected<Services>
read_services_from(util::Expected<Statement> statement)
{
  auto records = read_rows<ServiceRecord>(std::move(statement), [](const Statement& s) {
    return ServiceRecord{s.column_int(0),  s.column_text(1), s.column_text(2), s.column_text(3),
                         s.column_text(4), s.column_text(5), s.column_text(6), s.column_text(7)};
  });
  if (!records) {
    return std::unexpected(records.error());
  }
  Services services{.records = std::move(*records)};
  for (size_t i = 0; i < services.records.size(); ++i) {
    services.index.emplace(services.records[i].id, static_cast<std::uint32_t>(i));
  }
  services.rank = dense_ranks(services.records.size(), [&](size_t a, size_t b) {
    const ServiceRecord& x = services.records[a];
    const ServiceRecord& y = services.records[b];
    return std::tie(x.sender, x.receiver, x.service_key) < std::tie(y.sender, y.receiver, y.service_key);
  });
  return services;
}

constexpr std::string_view k_services =
  "SELECT s.id, c.sender, c.receiver, p.name, s.service_key, s.firm_type, s.payment_instrument, s.receiving_method "
  "FROM services s JOIN corridors c ON c.id = s.corridor_id JOIN providers p ON p.id = s.provider_id";

} // namespace

util::Expected<Services>
read_services(Database& database)
{
  return read_services_from(database.prepare(k_services));
}

util::Expected<Services>
read_services(Database& database, const std::string& period)
{
  auto statement =
    database.prepare(fmt::format("{} WHERE s.id IN (SELECT service_id FROM quotes WHERE period = ?1)", k_services));
  if (statement) {
    statement->bind(1, period);
  }
  return read_services_from(std::move(statement));
}

util::Expected<QuoteRows>
read_quote_rows(Database& database,
                const Services& services,
                int standard_amount_usd,
                const std::string& from,
                const std::string& to,
                size_t expected_rows)
{
  auto statement = database.prepare(R"sql(
    SELECT id, service_id, period, collected_at, amount, fee, rate, benchmark, received,
           reported_fx_margin_pct, reported_total_cost_pct, speed, transparent, accessible
    FROM quotes
    WHERE standard_amount_usd = ?1 AND (?2 = '' OR period >= ?2) AND (?3 = '' OR period <= ?3))sql");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, standard_amount_usd).bind(2, from).bind(3, to);
  QuoteRows out;
  out.rows.reserve(expected_rows);
  std::string_view last_timestamp;
  size_t last_timestamp_at = 0;
  while (true) {
    auto step = statement->step();
    if (!step) {
      return std::unexpected(step.error());
    }
    if (!*step) {
      break;
    }
    ++out.read;
    const Statement& r = *statement;
    const auto service = services.index.find(r.column_int(1));
    if (service == services.index.end()) {
      continue; // as for_each_quote's join: a quote without its service is not read
    }
    FigureRow& row = out.rows.emplace_back();
    row.id = r.column_int(0);
    row.service = service->second;
    row.period = out.periods.id(r.column_view(2));
    const std::string_view collected_at = r.column_view(3);
    if (out.timestamps.empty() || collected_at != last_timestamp) {
      last_timestamp_at = out.timestamps.size();
      out.timestamps.append(collected_at);
    }
    // Views into `timestamps` are taken after the last append (it may move).
    row.collected_at = last_timestamp_at;
    row.collected_at_size = static_cast<std::uint32_t>(collected_at.size());
    last_timestamp = std::string_view(out.timestamps).substr(last_timestamp_at);
    row.amount = r.column_double(4);
    row.fee = r.column_double(5);
    row.rate = r.column_double(6);
    row.benchmark = r.column_double(7);
    row.received = r.column_optional_double(8);
    row.reported_fx_margin_pct = r.column_optional_double(9);
    row.reported_total_cost_pct = r.column_optional_double(10);
    row.speed = r.is_null(11) ? 0 : out.speeds.id(r.column_view(11)) + 1;
    row.transparent = r.column_int(12) != 0;
    row.accessible = r.column_int(13) != 0;
  }

  const auto period_rank = dense_ranks(out.periods.size(), [&](size_t a, size_t b) {
    return out.periods.text(static_cast<std::uint32_t>(a)) < out.periods.text(static_cast<std::uint32_t>(b));
  });
  out.order.resize(out.rows.size());
  std::iota(out.order.begin(), out.order.end(), std::uint32_t{0});
  std::ranges::sort(out.order, [&](std::uint32_t a, std::uint32_t b) {
    const FigureRow& x = out.rows[a];
    const FigureRow& y = out.rows[b];
    if (period_rank[x.period] != period_rank[y.period]) {
      return period_rank[x.period] < period_rank[y.period];
    }
    if (services.rank[x.service] != services.rank[y.service]) {
      return services.rank[x.service] < services.rank[y.service];
    }
    return std::tuple(out.collected(x), x.id) < std::tuple(out.collected(y), y.id);
  });
  return out;
}

} // namespace rw::store
