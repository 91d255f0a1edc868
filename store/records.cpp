#include "store/records.hpp"

#include "store/quote_upsert.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace rw::store {

namespace {

enum StatementIndex : size_t {
  k_upsert_country,
  k_upsert_corridor,
  k_insert_corridor,
  k_select_corridor,
  k_insert_provider,
  k_select_provider,
  k_upsert_service,
  k_select_service,
  k_upsert_quote,
  k_select_series,
  k_upsert_series,
  k_insert_run,
  k_finish_run,
  k_statement_count,
};

// Each upsert changes a row only when a value differs, so changes() tells an
// update from an identical re-import.
constexpr std::string_view k_sql[k_statement_count] = {
  R"sql(INSERT INTO countries (iso3, name, currency, region, income_group, g20) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (iso3) DO UPDATE SET name = excluded.name, currency = excluded.currency,
          region = excluded.region, income_group = excluded.income_group, g20 = excluded.g20
        WHERE (countries.name, countries.currency, countries.region, countries.income_group, countries.g20)
          IS DISTINCT FROM (excluded.name, excluded.currency, excluded.region, excluded.income_group, excluded.g20))sql",
  R"sql(INSERT INTO corridors (sender, receiver, flow_usd, flow_year, flow_source) VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (sender, receiver) DO UPDATE SET flow_usd = excluded.flow_usd,
          flow_year = excluded.flow_year, flow_source = excluded.flow_source
        WHERE (corridors.flow_usd, corridors.flow_year, corridors.flow_source)
          IS DISTINCT FROM (excluded.flow_usd, excluded.flow_year, excluded.flow_source))sql",
  R"sql(INSERT INTO corridors (sender, receiver) VALUES (?1, ?2) ON CONFLICT DO NOTHING)sql",
  R"sql(SELECT id FROM corridors WHERE sender = ?1 AND receiver = ?2)sql",
  R"sql(INSERT INTO providers (name) VALUES (?1) ON CONFLICT DO NOTHING)sql",
  R"sql(SELECT id FROM providers WHERE name = ?1)sql",
  R"sql(INSERT INTO services (corridor_id, provider_id, service_key, firm_type, payment_instrument, receiving_method)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (corridor_id, service_key) DO UPDATE SET provider_id = excluded.provider_id,
          firm_type = excluded.firm_type, payment_instrument = excluded.payment_instrument,
          receiving_method = excluded.receiving_method
        WHERE (services.provider_id, services.firm_type, services.payment_instrument, services.receiving_method)
          IS DISTINCT FROM (excluded.provider_id, excluded.firm_type, excluded.payment_instrument, excluded.receiving_method)
        RETURNING id)sql",
  R"sql(SELECT id FROM services WHERE corridor_id = ?1 AND service_key = ?2)sql",
  "", // k_upsert_quote: made of quote_upsert.hpp's parts in Writer::create
  R"sql(SELECT id FROM corridor_series WHERE series = ?1 AND sender = ?2 AND receiver = ?3 AND period = ?4)sql",
  R"sql(INSERT INTO corridor_series (series, sender, receiver, period, value, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (series, sender, receiver, period) DO UPDATE SET value = excluded.value, run_id = excluded.run_id
        WHERE corridor_series.value IS DISTINCT FROM excluded.value)sql",
  R"sql(INSERT INTO runs (kind, source, input, input_sha256, started_at, status) VALUES (?1, ?2, ?3, ?4, ?5, 'running')
        RETURNING id)sql",
  R"sql(UPDATE runs SET finished_at = ?2, status = ?3, message = ?4, rows_read = ?5, imported = ?6, updated = ?7,
          unchanged = ?8, rejected = ?9, flagged = ?10 WHERE id = ?1)sql",
};

util::Expected<std::optional<std::int64_t>>
select_id(Statement& statement)
{
  auto row = statement.step();
  if (!row) {
    return std::unexpected(row.error());
  }
  std::optional<std::int64_t> id;
  if (*row) {
    id = statement.column_int(0);
  }
  statement.reset();
  return id;
}

} // namespace

Writer::Writer(Database& database)
  : m_database(&database)
{
}

util::Expected<Writer>
Writer::create(Database& database)
{
  Writer writer(database);
  for (size_t i = 0; i < k_statement_count; ++i) {
    // PostgreSQL has no last rowid to tell an insert from an update: the
    // upsert says which (xmax is 0 in a row version no transaction replaced).
    std::string sql(k_sql[i]);
    if (i == k_upsert_quote) {
      sql = fmt::format("INSERT INTO quotes ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                        "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) {}{}",
                        detail::k_quote_columns, detail::k_quote_conflict,
                        database.is_postgres() ? " RETURNING (xmax = 0)" : "");
    }
    auto statement = database.prepare(sql);
    if (!statement) {
      return std::unexpected(statement.error());
    }
    writer.m_statements.push_back(std::move(*statement));
  }
  return writer;
}

util::Expected<void>
Writer::upsert_country(const CountryRecord& c)
{
  return m_statements[k_upsert_country]
    .bind(1, c.iso3)
    .bind(2, c.name)
    .bind(3, c.currency)
    .bind(4, c.region)
    .bind(5, c.income_group)
    .bind(6, c.g20 ? 1 : 0)
    .run();
}

util::Expected<void>
Writer::upsert_corridor(const CorridorRecord& c)
{
  return m_statements[k_upsert_corridor]
    .bind(1, c.sender)
    .bind(2, c.receiver)
    .bind(3, c.flow_usd)
    .bind(4, c.flow_year)
    .bind(5, c.flow_source)
    .run();
}

util::Expected<std::int64_t>
Writer::corridor_id(const std::string& sender, const std::string& receiver)
{
  if (const auto it = m_corridor_ids.find({sender, receiver}); it != m_corridor_ids.end()) {
    return it->second;
  }
  if (auto ok = m_statements[k_insert_corridor].bind(1, sender).bind(2, receiver).run(); !ok) {
    return std::unexpected(ok.error());
  }
  auto id = select_id(m_statements[k_select_corridor].bind(1, sender).bind(2, receiver));
  if (!id) {
    return std::unexpected(id.error());
  }
  m_corridor_ids.emplace(std::pair{sender, receiver}, id->value_or(0));
  return id->value_or(0);
}

util::Expected<std::int64_t>
Writer::provider_id(const std::string& name)
{
  if (const auto it = m_provider_ids.find(name); it != m_provider_ids.end()) {
    return it->second;
  }
  if (auto ok = m_statements[k_insert_provider].bind(1, name).run(); !ok) {
    return std::unexpected(ok.error());
  }
  auto id = select_id(m_statements[k_select_provider].bind(1, name));
  if (!id) {
    return std::unexpected(id.error());
  }
  m_provider_ids.emplace(name, id->value_or(0));
  return id->value_or(0);
}

util::Expected<std::int64_t>
Writer::service_id(const QuoteRecord& q)
{
  auto corridor = corridor_id(q.sender, q.receiver);
  if (!corridor) {
    return corridor;
  }
  auto provider = provider_id(q.provider);
  if (!provider) {
    return provider;
  }
  if (const auto& last = m_last_service;
      last && last->corridor == *corridor && last->provider == *provider && last->key == q.service_key
      && last->firm_type == q.firm_type && last->payment_instrument == q.payment_instrument
      && last->receiving_method == q.receiving_method) {
    return last->id; // written just now with the same values
  }
  // A new or changed service returns its id; an unchanged one is looked up.
  auto id = select_id(m_statements[k_upsert_service]
                        .bind(1, *corridor)
                        .bind(2, *provider)
                        .bind(3, q.service_key)
                        .bind(4, q.firm_type)
                        .bind(5, q.payment_instrument)
                        .bind(6, q.receiving_method));
  if (id && !id->has_value()) {
    id = select_id(m_statements[k_select_service].bind(1, *corridor).bind(2, q.service_key));
  }
  if (!id) {
    return std::unexpected(id.error());
  }
  m_last_service = LastService{*corridor, *provider, id->value_or(0), q.service_key, q.firm_type,
                               q.payment_instrument, q.receiving_method};
  return id->value_or(0);
}

util::Expected<Upsert>
Writer::upsert_quote(const QuoteRecord& q, std::int64_t run_id)
{
  auto service = service_id(q);
  if (!service) {
    return std::unexpected(service.error());
  }
  auto& statement = m_statements[k_upsert_quote];
  statement.bind(1, *service)
    .bind(2, run_id)
    .bind(3, q.source)
    .bind(4, q.method)
    .bind(5, q.natural_key)
    .bind(6, q.source_ref)
    .bind(7, q.period)
    .bind(8, q.collected_at)
    .bind(9, q.standard_amount_usd)
    .bind(10, q.amount)
    .bind(11, q.currency)
    .bind(12, q.receive_currency)
    .bind(13, q.fee)
    .bind(14, q.rate)
    .bind(15, q.benchmark)
    .bind(16, q.benchmark_source)
    .bind(17, q.received)
    .bind(18, q.reported_fx_margin_pct)
    .bind(19, q.reported_total_cost_pct)
    .bind(20, q.speed)
    .bind(21, q.transparent ? 1 : 0)
    .bind(22, q.accessible ? 1 : 0)
    .bind(23, q.flagged ? 1 : 0)
    .bind(24, q.flag_reason)
    .bind(25, q.raw_ref);
  // No SELECT first: an insert sets the last rowid (never 0), the upsert's
  // DO UPDATE does not, and changes() is 0 when every value was the same.
  // On PostgreSQL the statement returns a row when it wrote one, saying
  // whether it inserted it.
  m_database->set_last_insert_rowid(0);
  auto written = statement.step();
  if (!written) {
    return std::unexpected(written.error());
  }
  const bool inserted = m_database->is_postgres() ? *written && statement.column_int(0) == 1
                                                  : m_database->last_insert_rowid() != 0;
  statement.reset();
  if (m_database->changes() == 0) {
    return Upsert::unchanged;
  }
  note_changed(q.standard_amount_usd, q.period);
  return inserted ? Upsert::inserted : Upsert::updated;
}

void
Writer::note_changed(int standard_amount_usd, const std::string& period)
{
  if (m_last_changed.first != standard_amount_usd || m_last_changed.second != period) {
    m_last_changed = {standard_amount_usd, period}; // rows of a quarter follow each other
    m_changed_quarters.insert(m_last_changed);
  }
}

util::Expected<Upsert>
Writer::upsert_series(const SeriesRecord& v, std::int64_t run_id)
{
  auto existing = select_id(
    m_statements[k_select_series].bind(1, v.series).bind(2, v.sender).bind(3, v.receiver).bind(4, v.period));
  if (!existing) {
    return std::unexpected(existing.error());
  }
  if (auto ok = m_statements[k_upsert_series]
                  .bind(1, v.series)
                  .bind(2, v.sender)
                  .bind(3, v.receiver)
                  .bind(4, v.period)
                  .bind(5, v.value)
                  .bind(6, run_id)
                  .run();
      !ok) {
    return std::unexpected(ok.error());
  }
  if (!existing->has_value()) {
    return Upsert::inserted;
  }
  return m_database->changes() > 0 ? Upsert::updated : Upsert::unchanged;
}

util::Expected<std::int64_t>
Writer::begin_run(const RunRecord& run)
{
  auto id = select_id(m_statements[k_insert_run]
                        .bind(1, run.kind)
                        .bind(2, run.source)
                        .bind(3, run.input)
                        .bind(4, run.input_sha256)
                        .bind(5, run.started_at));
  if (!id) {
    return std::unexpected(id.error());
  }
  return id->value_or(0);
}

util::Expected<void>
Writer::finish_run(const RunRecord& run, std::string_view status, std::string_view message,
                   std::string_view finished_at)
{
  return m_statements[k_finish_run]
    .bind(1, run.id)
    .bind(2, finished_at)
    .bind(3, status)
    .bind(4, message)
    .bind(5, run.rows_read)
    .bind(6, run.imported)
    .bind(7, run.updated)
    .bind(8, run.unchanged)
    .bind(9, run.rejected)
    .bind(10, run.flagged)
    .run();
}

util::Expected<void>
for_each_quote(Database& database,
               int standard_amount_usd,
               const std::string& from,
               const std::string& to,
               const std::function<void(const QuoteRecord&)>& visit)
{
  // Read in table order, then sorted here: SQLite's sorter would carry every
  // column of every row through its temporary b-tree (five times slower on
  // 36 quarters of RPW).
  auto statement = database.prepare(R"sql(
    SELECT c.sender, c.receiver, p.name, s.service_key, s.firm_type, s.payment_instrument, s.receiving_method,
           q.source, q.method, q.natural_key, q.source_ref, q.period, q.collected_at, q.standard_amount_usd,
           q.amount, q.currency, q.receive_currency, q.fee, q.rate, q.benchmark, q.benchmark_source, q.received,
           q.reported_fx_margin_pct, q.reported_total_cost_pct, q.speed, q.transparent, q.accessible, q.flagged,
           q.flag_reason, q.raw_ref, q.id
    FROM quotes q JOIN services s ON s.id = q.service_id JOIN corridors c ON c.id = s.corridor_id
      JOIN providers p ON p.id = s.provider_id
    WHERE q.standard_amount_usd = ?1 AND (?2 = '' OR q.period >= ?2) AND (?3 = '' OR q.period <= ?3))sql");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, standard_amount_usd).bind(2, from).bind(3, to);
  std::vector<QuoteRecord> records;
  std::vector<std::int64_t> ids;
  if (auto rows = database.query_int("SELECT count(*) FROM quotes"); rows && *rows > 0) {
    records.reserve(static_cast<size_t>(*rows)); // an upper bound: no reallocation
  }
  while (true) {
    auto row = statement->step();
    if (!row) {
      return std::unexpected(row.error());
    }
    if (!*row) {
      break;
    }
    const Statement& r = *statement;
    QuoteRecord& q = records.emplace_back();
    q.sender = r.column_text(0);
    q.receiver = r.column_text(1);
    q.provider = r.column_text(2);
    q.service_key = r.column_text(3);
    q.firm_type = r.column_text(4);
    q.payment_instrument = r.column_text(5);
    q.receiving_method = r.column_text(6);
    q.source = r.column_text(7);
    q.method = r.column_text(8);
    q.natural_key = r.column_text(9);
    q.source_ref = r.column_text(10);
    q.period = r.column_text(11);
    q.collected_at = r.column_text(12);
    q.standard_amount_usd = static_cast<int>(r.column_int(13));
    q.amount = r.column_double(14);
    q.currency = r.column_text(15);
    q.receive_currency = r.column_text(16);
    q.fee = r.column_double(17);
    q.rate = r.column_double(18);
    q.benchmark = r.column_double(19);
    q.benchmark_source = r.column_text(20);
    q.received = r.column_optional_double(21);
    q.reported_fx_margin_pct = r.column_optional_double(22);
    q.reported_total_cost_pct = r.column_optional_double(23);
    q.speed = r.column_optional_text(24);
    q.transparent = r.column_int(25) != 0;
    q.accessible = r.column_int(26) != 0;
    q.flagged = r.column_int(27) != 0;
    q.flag_reason = r.column_text(28);
    q.raw_ref = r.column_optional_text(29);
    ids.push_back(r.column_int(30));
  }
  // Period, corridor, service, then time collected and id: a fixed order, so
  // every reader of the quotes sees them the same way.
  std::vector<size_t> order(records.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::ranges::sort(order, [&](size_t a, size_t b) {
    const QuoteRecord& x = records[a];
    const QuoteRecord& y = records[b];
    return std::tie(x.period, x.sender, x.receiver, x.service_key, x.collected_at, ids[a])
           < std::tie(y.period, y.sender, y.receiver, y.service_key, y.collected_at, ids[b]);
  });
  for (const size_t i : order) {
    visit(records[i]);
  }
  return {};
}

util::Expected<std::string>
describe_quote(Database& database, std::int64_t quote_id)
{
  auto statement = database.prepare("SELECT source, natural_key FROM quotes WHERE id = ?1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, quote_id);
  auto row = statement->step();
  if (!row) {
    return std::unexpected(row.error());
  }
  if (!*row) {
    return fmt::format("quote {}", quote_id);
  }
  return fmt::format("{} {}", statement->column_text(0), statement->column_text(1));
}

util::Expected<std::vector<SeriesRecord>>
load_series(Database& database, const std::string& series, const std::string& sender, const std::string& receiver)
{
  auto statement = database.prepare(
    "SELECT series, sender, receiver, period, value FROM corridor_series "
    "WHERE series = ?1 AND (?2 = '' OR sender = ?2) AND (?3 = '' OR receiver = ?3) "
    "ORDER BY sender, receiver, period");
  if (statement) {
    statement->bind(1, series).bind(2, sender).bind(3, receiver);
  }
  return read_rows<SeriesRecord>(std::move(statement), [](const Statement& s) {
    return SeriesRecord{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_double(4)};
  });
}

util::Expected<std::vector<CorridorRecord>>
load_corridors(Database& database)
{
  return read_rows<CorridorRecord>(
    database.prepare(
      "SELECT sender, receiver, flow_usd, flow_year, flow_source FROM corridors ORDER BY sender, receiver"),
    [](const Statement& s) {
      return CorridorRecord{s.column_text(0), s.column_text(1), s.column_optional_double(2),
                            s.column_optional_int(3), s.column_optional_text(4)};
    });
}

} // namespace rw::store
