// A batch of quotes into PostgreSQL (issue 22): COPY into a staging table,
// then one set-based upsert per table, instead of a round trip per row. The
// result is what the row-at-a-time writer gives (records.cpp): the same
// rows, and for each quote inserted, updated or unchanged.

#include "store/postgres.hpp"
#include "store/postgres_statement.hpp"
#include "store/quote_upsert.hpp"
#include "store/records.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace rw::store {

namespace {

// Temporary, and dropped when the import's transaction ends. Its text
// columns compare as the store's do (bytewise).
constexpr std::string_view k_create_stage = R"sql(
CREATE TEMPORARY TABLE IF NOT EXISTS rw_stage_quotes (
  ord bigint NOT NULL, sender text COLLATE "C", receiver text COLLATE "C", provider text COLLATE "C",
  service_key text COLLATE "C", firm_type text COLLATE "C", payment_instrument text COLLATE "C",
  receiving_method text COLLATE "C", source text COLLATE "C", method text COLLATE "C",
  natural_key text COLLATE "C", source_ref text COLLATE "C", period text COLLATE "C",
  collected_at text COLLATE "C", standard_amount_usd bigint, amount double precision, currency text COLLATE "C",
  receive_currency text COLLATE "C", fee double precision, rate double precision, benchmark double precision,
  benchmark_source text COLLATE "C", received double precision, reported_fx_margin_pct double precision,
  reported_total_cost_pct double precision, speed text COLLATE "C", transparent bigint, accessible bigint,
  flagged bigint, flag_reason text COLLATE "C", raw_ref text COLLATE "C"
) ON COMMIT DROP)sql";

constexpr std::string_view k_copy_stage =
  "COPY rw_stage_quotes (ord, sender, receiver, provider, service_key, firm_type, payment_instrument, "
  "receiving_method, source, method, natural_key, source_ref, period, collected_at, standard_amount_usd, amount, "
  "currency, receive_currency, fee, rate, benchmark, benchmark_source, received, reported_fx_margin_pct, "
  "reported_total_cost_pct, speed, transparent, accessible, flagged, flag_reason, raw_ref) FROM STDIN";

// The corridors and providers the batch names, then its services with the
// values of each one's last row (as row by row: the last write stays).
constexpr std::string_view k_upsert_parents = R"sql(
INSERT INTO corridors (sender, receiver) SELECT DISTINCT sender, receiver FROM rw_stage_quotes
  ON CONFLICT DO NOTHING;
INSERT INTO providers (name) SELECT DISTINCT provider FROM rw_stage_quotes ON CONFLICT DO NOTHING;
INSERT INTO services (corridor_id, provider_id, service_key, firm_type, payment_instrument, receiving_method)
  SELECT DISTINCT ON (c.id, st.service_key) c.id, p.id, st.service_key, st.firm_type, st.payment_instrument,
    st.receiving_method
  FROM rw_stage_quotes st JOIN corridors c ON c.sender = st.sender AND c.receiver = st.receiver
    JOIN providers p ON p.name = st.provider
  ORDER BY c.id, st.service_key, st.ord DESC
  ON CONFLICT (corridor_id, service_key) DO UPDATE SET provider_id = excluded.provider_id,
    firm_type = excluded.firm_type, payment_instrument = excluded.payment_instrument,
    receiving_method = excluded.receiving_method
  WHERE (services.provider_id, services.firm_type, services.payment_instrument, services.receiving_method)
    IS DISTINCT FROM (excluded.provider_id, excluded.firm_type, excluded.payment_instrument,
      excluded.receiving_method))sql";

std::string
upsert_staged_sql()
{
  return fmt::format(
    "INSERT INTO quotes ({}) SELECT s.id, $1::bigint, st.source, st.method, st.natural_key, st.source_ref, "
    "st.period, st.collected_at, st.standard_amount_usd, st.amount, st.currency, st.receive_currency, st.fee, "
    "st.rate, st.benchmark, st.benchmark_source, st.received, st.reported_fx_margin_pct, "
    "st.reported_total_cost_pct, st.speed, st.transparent, st.accessible, st.flagged, st.flag_reason, st.raw_ref "
    "FROM rw_stage_quotes st JOIN corridors c ON c.sender = st.sender AND c.receiver = st.receiver "
    "JOIN services s ON s.corridor_id = c.id AND s.service_key = st.service_key ORDER BY st.ord {} "
    "RETURNING source, natural_key, (xmax = 0)",
    detail::k_quote_columns, detail::k_quote_conflict);
}

std::string
key_of(std::string_view source, std::string_view natural_key)
{
  std::string key(source);
  key += '\x1f';
  key += natural_key;
  return key;
}

postgres::Parameter
text_or_null(const std::optional<std::string>& value)
{
  return value ? postgres::Parameter(*value) : std::nullopt;
}

// One quote as a line of COPY's text format.
void
append_line(std::string& out, size_t ord, const QuoteRecord& q)
{
  const auto number = [](double value) { return detail::postgres_double(value); };
  const auto optional_number = [](const std::optional<double>& value) {
    return value ? std::optional<std::string>(detail::postgres_double(*value)) : std::nullopt;
  };
  const std::string texts[] = {std::to_string(ord), std::to_string(q.standard_amount_usd), number(q.amount),
                               number(q.fee), number(q.rate), number(q.benchmark)};
  const std::optional<std::string> optionals[] = {optional_number(q.received),
                                                  optional_number(q.reported_fx_margin_pct),
                                                  optional_number(q.reported_total_cost_pct)};
  const postgres::Parameter fields[] = {
    texts[0], q.sender, q.receiver, q.provider, q.service_key, q.firm_type, q.payment_instrument,
    q.receiving_method, q.source, q.method, q.natural_key, q.source_ref, q.period, q.collected_at, texts[1],
    texts[2], q.currency, q.receive_currency, texts[3], texts[4], texts[5], q.benchmark_source,
    text_or_null(optionals[0]), text_or_null(optionals[1]), text_or_null(optionals[2]), text_or_null(q.speed),
    q.transparent ? "1" : "0", q.accessible ? "1" : "0", q.flagged ? "1" : "0", q.flag_reason,
    text_or_null(q.raw_ref)};
  bool first = true;
  for (const auto& field : fields) {
    postgres::append_copy_field(out, field, first);
    first = false;
  }
  out += '\n';
}

} // namespace

util::Expected<std::vector<Upsert>>
Writer::upsert_quotes(const std::vector<QuoteRecord>& quotes, std::int64_t run_id)
{
  if (m_database->is_postgres() && !quotes.empty()) {
    auto staged = stage_quotes(quotes);
    if (!staged) {
      return std::unexpected(staged.error());
    }
    if (*staged) {
      return upsert_staged(quotes, run_id);
    }
  }
  std::vector<Upsert> results;
  results.reserve(quotes.size());
  for (const auto& quote : quotes) {
    auto result = upsert_quote(quote, run_id);
    if (!result) {
      return std::unexpected(result.error());
    }
    results.push_back(*result);
  }
  return results;
}

// Copies the batch into the staging table; false when a natural key comes
// twice (the row-at-a-time writer then says inserted, then updated or
// unchanged, which one set-based statement cannot).
util::Expected<bool>
Writer::stage_quotes(const std::vector<QuoteRecord>& quotes)
{
  auto& connection = m_database->postgres_connection();
  if (auto ok = connection.exec(m_staging_table ? std::string("TRUNCATE rw_stage_quotes")
                                                : std::string(k_create_stage));
      !ok) {
    return std::unexpected(ok.error());
  }
  m_staging_table = true;
  auto copy = connection.copy_in(k_copy_stage);
  if (!copy) {
    return std::unexpected(copy.error());
  }
  std::string lines;
  for (size_t i = 0; i < quotes.size(); ++i) {
    append_line(lines, i, quotes[i]);
    if (lines.size() >= (size_t{1} << 20) || i + 1 == quotes.size()) {
      if (auto ok = copy->put(lines); !ok) {
        return std::unexpected(ok.error());
      }
      lines.clear();
    }
  }
  if (auto ended = copy->end(); !ended) {
    return std::unexpected(ended.error());
  }
  // The planner's figures for the batch (a temporary table has none): without
  // them, after an import was rolled back (its dead rows still in services),
  // it chose nested loops that took minutes. Once: every batch is alike, and
  // TRUNCATE keeps them.
  if (!m_staging_analyzed) {
    if (auto ok = connection.exec("ANALYZE rw_stage_quotes"); !ok) {
      return std::unexpected(ok.error());
    }
    m_staging_analyzed = true;
  }
  auto repeated = m_database->query_int(
    "SELECT count(*) - count(DISTINCT (source, natural_key)) FROM rw_stage_quotes");
  if (!repeated) {
    return std::unexpected(repeated.error());
  }
  return *repeated == 0;
}

util::Expected<std::vector<Upsert>>
Writer::upsert_staged(const std::vector<QuoteRecord>& quotes, std::int64_t run_id)
{
  auto& connection = m_database->postgres_connection();
  if (auto ok = connection.exec(k_upsert_parents); !ok) {
    return std::unexpected(ok.error());
  }
  m_last_service.reset(); // the services may have changed under it
  const std::string run = std::to_string(run_id);
  const postgres::Parameter parameters[] = {run};
  auto written = connection.query(upsert_staged_sql(), parameters);
  if (!written) {
    return std::unexpected(written.error());
  }
  std::unordered_map<std::string, size_t> index;
  index.reserve(quotes.size());
  for (size_t i = 0; i < quotes.size(); ++i) {
    index.emplace(key_of(quotes[i].source, quotes[i].natural_key), i);
  }
  std::vector<Upsert> results(quotes.size(), Upsert::unchanged);
  for (int row = 0; row < written->rows(); ++row) {
    const auto found = index.find(key_of(written->text(row, 0), written->text(row, 1)));
    if (found == index.end()) {
      continue; // not one of the batch's: cannot be
    }
    results[found->second] = written->text(row, 2) == "t" ? Upsert::inserted : Upsert::updated;
    note_changed(quotes[found->second].standard_amount_usd, quotes[found->second].period);
  }
  return results;
}

} // namespace rw::store
