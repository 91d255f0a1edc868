// The reader of quote figures: StoredFigures (and for_each_quote_figures on
// it) takes each quarter from its packed row (packed_figures.hpp) when that
// holds, else from the quotes table (quote_rows.hpp), all in one read
// transaction (docs/schema.md, "Checked when read").

#include "store/figures.hpp"

#include "store/queries.hpp"
#include "store/quote_rows.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace rw::store {

namespace {

// A quarter read from the quotes table, in the rows' order.
void
visit_rows(const QuoteRows& rows,
           size_t begin,
           size_t end,
           const Services& services,
           const std::function<void(const QuoteFigures&)>& visit)
{
  QuoteFigures figures;
  for (size_t at = begin; at < end; ++at) {
    const FigureRow& row = rows.rows[rows.order[at]];
    copy_common_figures(figures, row);
    figures.service = &services.records[row.service];
    figures.period = rows.periods.text(row.period);
    figures.collected_at = rows.collected(row);
    figures.speed =
      row.speed == 0 ? std::nullopt : std::optional<std::string_view>(rows.speeds.text(row.speed - 1));
    visit(figures);
  }
}

// A quarter read from its packed row, in the packed order.
void
visit_packed(const PackedView& packed,
             std::string_view period,
             const Services& services,
             const std::function<void(const QuoteFigures&)>& visit)
{
  QuoteFigures figures;
  figures.period = period;
  const auto& texts = packed.texts();
  for (size_t i = 0; i < packed.size(); ++i) {
    const PackedQuote quote = packed.quote(i);
    const auto service = services.index.find(quote.service_id);
    if (service == services.index.end()) {
      continue; // as read from the quotes
    }
    copy_common_figures(figures, quote);
    figures.service = &services.records[service->second];
    figures.collected_at = texts[quote.collected_at];
    figures.speed = quote.speed == 0 ? std::nullopt : std::optional<std::string_view>(texts[quote.speed - 1]);
    visit(figures);
  }
}

util::Expected<bool>
has_table(Database& database, std::string_view name)
{
  auto statement = database.prepare(
    database.is_postgres()
      ? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?1"
      : "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, name);
  return statement->step();
}

// Reads in one SQLite transaction (a snapshot: a writer committing meanwhile
// is not half seen), inside the caller's if it has one.
class ReadSnapshot
{
public:
  static util::Expected<ReadSnapshot> begin(Database& database)
  {
    // PostgreSQL has no SAVEPOINT outside a transaction: a snapshot of its
    // own there, or the caller's transaction as it is.
    const char* start = "SAVEPOINT rw_read_figures";
    const char* end = "RELEASE rw_read_figures"; // nothing was written: nothing to lose
    if (database.is_postgres()) {
      start = database.in_transaction() ? "" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
      end = *start == '\0' ? "" : "COMMIT";
    }
    if (*start != '\0') {
      if (auto ok = database.exec(start); !ok) {
        return std::unexpected(ok.error());
      }
    }
    return ReadSnapshot(database, end);
  }
  ReadSnapshot(ReadSnapshot&& other) noexcept
    : m_database(std::exchange(other.m_database, nullptr)),
      m_end(other.m_end)
  {
  }
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;
  ~ReadSnapshot()
  {
    if (m_database != nullptr && *m_end != '\0') {
      (void)m_database->exec(m_end);
    }
  }

private:
  ReadSnapshot(Database& database, const char* end) : m_database(&database), m_end(end) {}
  Database* m_database;
  const char* m_end;
};

} // namespace

// One quarter as read: its packed bytes (checked), or a range of quotes read
// from the quotes table.
struct StoredFigures::State
{
  struct Quarter
  {
    std::string period;
    std::string packed; // empty: read from the quotes
    std::shared_ptr<const QuoteRows> rows;
    size_t begin = 0, end = 0; // of rows->order
    size_t quotes = 0;
  };
  Services services;
  std::vector<Quarter> quarters;
};

namespace {

using Quarter = StoredFigures::State::Quarter;

// Every quarter of `rows` (sorted by period) as a range of it.
void
add_row_quarters(std::vector<Quarter>& quarters, std::shared_ptr<const QuoteRows> rows)
{
  size_t begin = 0;
  while (begin < rows->order.size()) {
    const std::uint32_t period = rows->rows[rows->order[begin]].period;
    size_t end = begin;
    while (end < rows->order.size() && rows->rows[rows->order[end]].period == period) {
      ++end;
    }
    quarters.push_back({.period = rows->periods.text(period), .rows = rows, .begin = begin, .end = end,
                        .quotes = end - begin});
    begin = end;
  }
}

// Every quote of the amount in [from, to] read from the quotes table: for a
// database not migrated yet, or packed rows that miss a quarter.
util::Expected<std::vector<Quarter>>
read_every_quote(Database& database,
                 const Services& services,
                 int standard_amount_usd,
                 const std::string& from,
                 const std::string& to)
{
  size_t reserve = 0;
  if (auto count = quote_count(database); count && *count > 0) {
    reserve = static_cast<size_t>(*count); // an upper bound: no reallocation
  }
  auto rows = read_quote_rows(database, services, standard_amount_usd, from, to, reserve);
  if (!rows) {
    return std::unexpected(rows.error());
  }
  std::vector<Quarter> quarters;
  add_row_quarters(quarters, std::make_shared<const QuoteRows>(std::move(*rows)));
  return quarters;
}

// A quarter whose row is stale (or whose bytes do not unpack), read from the
// quotes table instead.
util::Expected<void>
read_stale_quarter(Database& database, const Services& services, int standard_amount_usd, Quarter& quarter)
{
  auto rows = read_quote_rows(database, services, standard_amount_usd, quarter.period, quarter.period, 0);
  if (!rows) {
    return std::unexpected(rows.error());
  }
  quarter.packed.clear();
  quarter.begin = 0;
  quarter.end = quarter.quotes = rows->order.size();
  quarter.rows = std::make_shared<const QuoteRows>(std::move(*rows));
  return {};
}

// The quarters quote_figures lists for the amount in [from, to], in period
// order, each with its bytes kept only when they unpack and count the quotes
// the row says (else left empty: stale).
util::Expected<std::vector<Quarter>>
list_packed_quarters(Database& database, int standard_amount_usd, const std::string& from, const std::string& to)
{
  auto listed = database.prepare(R"sql(
    SELECT period, quotes, figures FROM quote_figures
    WHERE standard_amount_usd = ?1 AND (?2 = '' OR period >= ?2) AND (?3 = '' OR period <= ?3)
    ORDER BY period)sql");
  if (!listed) {
    return std::unexpected(listed.error());
  }
  listed->bind(1, standard_amount_usd).bind(2, from).bind(3, to);
  std::vector<Quarter> quarters;
  while (true) {
    auto step = listed->step();
    if (!step) {
      return std::unexpected(step.error());
    }
    if (!*step) {
      return quarters;
    }
    Quarter& quarter = quarters.emplace_back();
    quarter.period = listed->column_text(0);
    const auto packed_count = listed->column_optional_int(1);
    if (packed_count && !listed->is_null(2)) {
      const auto bytes = listed->column_blob(2);
      if (auto view = PackedView::parse(bytes); view && view->size() == static_cast<size_t>(*packed_count)) {
        quarter.packed = std::string(bytes);
        quarter.quotes = view->size();
      }
    }
  }
}

// The quarters with quotes of the amount in [from, to], found by one index
// seek each.
util::Expected<std::vector<std::string>>
quarters_with_quotes(Database& database, int standard_amount_usd, const std::string& from, const std::string& to)
{
  auto statement = database.prepare(R"sql(
    WITH RECURSIVE p(period) AS (
      SELECT (SELECT min(period) FROM quotes WHERE standard_amount_usd = ?1 AND period >= ?2)
      UNION ALL
      SELECT (SELECT min(period) FROM quotes WHERE standard_amount_usd = ?1 AND period > p.period)
      FROM p WHERE p.period IS NOT NULL AND (?3 = '' OR p.period < ?3))
    SELECT period FROM p WHERE period IS NOT NULL AND (?3 = '' OR period <= ?3))sql");
  if (statement) {
    statement->bind(1, standard_amount_usd).bind(2, from).bind(3, to);
  }
  return read_rows<std::string>(std::move(statement), [](const Statement& s) { return s.column_text(0); });
}

// Each quarter from its packed row where that holds, else from the quotes.
util::Expected<std::vector<Quarter>>
read_quarters(Database& database,
              const Services& services,
              int standard_amount_usd,
              const std::string& from,
              const std::string& to)
{
  auto packed_table = has_table(database, "quote_figures");
  if (!packed_table) {
    return std::unexpected(packed_table.error());
  }
  if (!*packed_table) {
    return read_every_quote(database, services, standard_amount_usd, from, to); // a database not migrated yet
  }
  auto quarters = list_packed_quarters(database, standard_amount_usd, from, to);
  if (!quarters) {
    return std::unexpected(quarters.error());
  }
  for (Quarter& quarter : *quarters) {
    if (quarter.packed.empty()) {
      if (auto ok = read_stale_quarter(database, services, standard_amount_usd, quarter); !ok) {
        return std::unexpected(ok.error());
      }
    }
  }
  // The triggers keep a row for every quarter with quotes; should a quarter
  // with quotes have no row all the same, every quote is read instead.
  auto with_quotes = quarters_with_quotes(database, standard_amount_usd, from, to);
  if (!with_quotes) {
    return std::unexpected(with_quotes.error());
  }
  const bool all_listed = std::ranges::all_of(*with_quotes, [&](const std::string& period) {
    return std::ranges::binary_search(*quarters, period, {}, &Quarter::period);
  });
  if (!all_listed) {
    return read_every_quote(database, services, standard_amount_usd, from, to);
  }
  return quarters;
}

} // namespace

StoredFigures::StoredFigures() : m_state(std::make_unique<State>()) {}
StoredFigures::StoredFigures(StoredFigures&&) noexcept = default;
StoredFigures& StoredFigures::operator=(StoredFigures&&) noexcept = default;
StoredFigures::~StoredFigures() = default;

util::Expected<StoredFigures>
StoredFigures::read(Database& database, int standard_amount_usd, const std::string& from, const std::string& to)
{
  auto snapshot = ReadSnapshot::begin(database);
  if (!snapshot) {
    return std::unexpected(snapshot.error());
  }
  StoredFigures figures;
  State& state = *figures.m_state;
  auto services = read_services(database);
  if (!services) {
    return std::unexpected(services.error());
  }
  state.services = std::move(*services);
  auto quarters = read_quarters(database, state.services, standard_amount_usd, from, to);
  if (!quarters) {
    return std::unexpected(quarters.error());
  }
  state.quarters = std::move(*quarters);
  return figures;
}

size_t
StoredFigures::quarters() const
{
  return m_state->quarters.size();
}

size_t
StoredFigures::quotes(size_t quarter) const
{
  return m_state->quarters.at(quarter).quotes;
}

void
StoredFigures::visit(size_t quarter, const std::function<void(const QuoteFigures&)>& visit) const
{
  const State::Quarter& part = m_state->quarters.at(quarter);
  if (part.packed.empty()) {
    visit_rows(*part.rows, part.begin, part.end, m_state->services, visit);
    return;
  }
  // Checked when read: it parses again.
  const auto view = PackedView::parse(part.packed);
  visit_packed(*view, part.period, m_state->services, visit);
}

util::Expected<void>
for_each_quote_figures(Database& database,
                       int standard_amount_usd,
                       const std::string& from,
                       const std::string& to,
                       const std::function<void(const QuoteFigures&)>& visit)
{
  auto figures = StoredFigures::read(database, standard_amount_usd, from, to);
  if (!figures) {
    return std::unexpected(figures.error());
  }
  for (size_t i = 0; i < figures->quarters(); ++i) {
    figures->visit(i, visit);
  }
  return {};
}

} // namespace rw::store
