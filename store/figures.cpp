#include "store/figures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace rw::store {

namespace {

// Distinct texts of a column (periods, speeds, timestamps) as small numbers;
// most rows repeat the row before.
class Interned
{
public:
  std::uint32_t id(std::string_view text)
  {
    if (m_last < m_texts.size() && m_texts[m_last] == text) {
      return m_last;
    }
    auto it = m_index.find(text);
    if (it == m_index.end()) {
      it = m_index.emplace(std::string(text), static_cast<std::uint32_t>(m_texts.size())).first;
      m_texts.emplace_back(text);
    }
    m_last = it->second;
    return m_last;
  }
  const std::string& text(std::uint32_t id) const { return m_texts[id]; }
  size_t size() const { return m_texts.size(); }

private:
  std::vector<std::string> m_texts;
  std::map<std::string, std::uint32_t, std::less<>> m_index;
  std::uint32_t m_last = 0;
};

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

// The services (a few thousand) read once, instead of three joins per quote,
// with their rank in for_each_quote's order (sender, receiver, service key).
struct Services
{
  std::vector<ServiceRecord> records;
  std::unordered_map<std::int64_t, std::uint32_t> index; // id → records
  std::vector<std::uint32_t> rank;
};

util::Expected<Services>
read_services(Database& database)
{
  auto records = read_rows<ServiceRecord>(
    database.prepare("SELECT s.id, c.sender, c.receiver, p.name, s.service_key, s.firm_type, "
                     "s.payment_instrument, s.receiving_method "
                     "FROM services s JOIN corridors c ON c.id = s.corridor_id JOIN providers p ON p.id = s.provider_id"),
    [](const Statement& s) {
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

struct FigureRow
{
  std::int64_t id = 0;
  std::uint32_t service = 0; // index into Services::records
  std::uint32_t period = 0;  // Interned id
  std::uint32_t speed = 0;   // Interned id + 1; 0: no speed
  size_t collected_at = 0;   // offset into QuoteRows::timestamps
  std::uint32_t collected_at_size = 0;
  double amount = 0, fee = 0, rate = 0, benchmark = 0;
  std::optional<double> received, reported_fx_margin_pct, reported_total_cost_pct;
  bool transparent = true, accessible = true;
};

// Quotes read from the quotes table, and their order.
struct QuoteRows
{
  std::vector<FigureRow> rows; // as read
  std::vector<std::uint32_t> order;
  Interned periods;
  Interned speeds;
  std::string timestamps; // every distinct-from-the-last collected_at, end to end
  size_t read = 0;        // rows read, with any whose service is missing

  std::string_view collected(const FigureRow& row) const
  {
    return std::string_view(timestamps).substr(row.collected_at, row.collected_at_size);
  }
};

// The quotes of one amount in [from, to] (empty: no bound), ordered by
// period, service rank, time collected and id.
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

void
visit_rows(const QuoteRows& rows,
           size_t begin,
           size_t end,
           const Services& services,
           const std::function<void(const QuoteFigures&)>& visit)
{
  QuoteFigures figures;
  for (size_t at = begin; at < end; ++at) {
    const std::uint32_t i = rows.order[at];
    const FigureRow& row = rows.rows[i];
    figures.id = row.id;
    figures.service = &services.records[row.service];
    figures.period = rows.periods.text(row.period);
    figures.collected_at = rows.collected(row);
    figures.amount = row.amount;
    figures.fee = row.fee;
    figures.rate = row.rate;
    figures.benchmark = row.benchmark;
    figures.received = row.received;
    figures.reported_fx_margin_pct = row.reported_fx_margin_pct;
    figures.reported_total_cost_pct = row.reported_total_cost_pct;
    figures.speed =
      row.speed == 0 ? std::nullopt : std::optional<std::string_view>(rows.speeds.text(row.speed - 1));
    figures.transparent = row.transparent;
    figures.accessible = row.accessible;
    visit(figures);
  }
}

util::Expected<bool>
has_table(Database& database, std::string_view name)
{
  auto statement = database.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, name);
  return statement->step();
}

// --- the packed format -------------------------------------------------------
// "RWQF", format (u32), text count (u32), quote count (u32); each text: size
// (u32) and bytes; each quote: id (i64), service id (i64), collected_at (u32),
// speed (u32), flags (u8), amount, fee, rate, benchmark, received, reported FX
// margin, reported total (f64 each, IEEE 754 bits). Little-endian throughout.

constexpr std::string_view k_magic = "RWQF";
constexpr std::uint32_t k_format = 1;
constexpr size_t k_quote_size = 8 + 8 + 4 + 4 + 1 + 7 * 8;

enum Flag : unsigned {
  k_transparent = 1,
  k_accessible = 2,
  k_received = 4,
  k_fx_margin = 8,
  k_total = 16,
  k_all_flags = 31,
};

void
put(std::string& out, std::uint64_t value, size_t bytes)
{
  for (size_t i = 0; i < bytes; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xffU));
  }
}

std::uint64_t
load(const char* at, size_t bytes)
{
  std::uint64_t value = 0;
  for (size_t i = 0; i < bytes; ++i) {
    value |= std::uint64_t{static_cast<unsigned char>(at[i])} << (8 * i);
  }
  return value;
}

std::unexpected<util::Error>
bad_pack(std::string_view why)
{
  return util::make_error(util::ErrorKind::database, fmt::format("packed quote figures: {}", why));
}

// A packed quarter checked whole, its quotes decoded one at a time.
class PackedView
{
public:
  static util::Expected<PackedView> parse(std::string_view bytes)
  {
    PackedView view;
    size_t at = 0;
    const auto left = [&] { return bytes.size() - at; };
    const auto take = [&](size_t size) -> std::optional<std::uint64_t> {
      if (left() < size) {
        return std::nullopt;
      }
      const std::uint64_t value = load(bytes.data() + at, size);
      at += size;
      return value;
    };
    if (!bytes.starts_with(k_magic)) {
      return bad_pack("not packed figures");
    }
    at = k_magic.size();
    const auto format = take(4);
    if (!format || *format != k_format) {
      return bad_pack(format ? fmt::format("format {} (this remitwatch reads {})", *format, k_format)
                             : std::string("cut short"));
    }
    const auto text_count = take(4);
    const auto quote_count = take(4);
    if (!text_count || !quote_count) {
      return bad_pack("cut short");
    }
    // Counts are checked against the bytes left before anything is reserved.
    if (*quote_count > left() / k_quote_size || *text_count > (left() - *quote_count * k_quote_size) / 4) {
      return bad_pack("counts larger than the bytes");
    }
    view.m_texts.reserve(*text_count);
    for (std::uint64_t i = 0; i < *text_count; ++i) {
      const auto size = take(4);
      if (!size || left() < *size) {
        return bad_pack("a text cut short");
      }
      view.m_texts.push_back(bytes.substr(at, *size));
      at += *size;
    }
    if (left() != *quote_count * k_quote_size) {
      return bad_pack(fmt::format("{} bytes for {} quotes", left(), *quote_count));
    }
    view.m_quotes = bytes.substr(at);
    view.m_count = *quote_count;
    for (size_t i = 0; i < view.m_count; ++i) {
      const char* quote = view.m_quotes.data() + i * k_quote_size;
      const std::uint64_t collected_at = load(quote + 16, 4);
      const std::uint64_t speed = load(quote + 20, 4);
      const std::uint64_t flags = load(quote + 24, 1);
      if (collected_at >= view.m_texts.size() || speed > view.m_texts.size() || (flags & ~std::uint64_t{k_all_flags}) != 0) {
        return bad_pack(fmt::format("quote {}: a text index or flag out of range", static_cast<std::int64_t>(load(quote, 8))));
      }
    }
    return view;
  }

  size_t size() const { return m_count; }
  const std::vector<std::string_view>& texts() const { return m_texts; }

  PackedQuote quote(size_t i) const
  {
    const char* at = m_quotes.data() + i * k_quote_size;
    const auto number = [&](size_t offset) { return std::bit_cast<double>(load(at + offset, 8)); };
    const auto flags = static_cast<unsigned>(load(at + 24, 1));
    PackedQuote q;
    q.id = static_cast<std::int64_t>(load(at, 8));
    q.service_id = static_cast<std::int64_t>(load(at + 8, 8));
    q.collected_at = static_cast<std::uint32_t>(load(at + 16, 4));
    q.speed = static_cast<std::uint32_t>(load(at + 20, 4));
    q.amount = number(25);
    q.fee = number(33);
    q.rate = number(41);
    q.benchmark = number(49);
    q.received = (flags & k_received) != 0 ? std::optional(number(57)) : std::nullopt;
    q.reported_fx_margin_pct = (flags & k_fx_margin) != 0 ? std::optional(number(65)) : std::nullopt;
    q.reported_total_cost_pct = (flags & k_total) != 0 ? std::optional(number(73)) : std::nullopt;
    q.transparent = (flags & k_transparent) != 0;
    q.accessible = (flags & k_accessible) != 0;
    return q;
  }

private:
  std::vector<std::string_view> m_texts;
  std::string_view m_quotes;
  size_t m_count = 0;
};

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
    figures.id = quote.id;
    figures.service = &services.records[service->second];
    figures.collected_at = texts[quote.collected_at];
    figures.amount = quote.amount;
    figures.fee = quote.fee;
    figures.rate = quote.rate;
    figures.benchmark = quote.benchmark;
    figures.received = quote.received;
    figures.reported_fx_margin_pct = quote.reported_fx_margin_pct;
    figures.reported_total_cost_pct = quote.reported_total_cost_pct;
    figures.speed = quote.speed == 0 ? std::nullopt : std::optional<std::string_view>(texts[quote.speed - 1]);
    figures.transparent = quote.transparent;
    figures.accessible = quote.accessible;
    visit(figures);
  }
}

// Reads in one SQLite transaction (a snapshot: a writer committing meanwhile
// is not half seen), inside the caller's if it has one.
class ReadSnapshot
{
public:
  static util::Expected<ReadSnapshot> begin(Database& database)
  {
    if (auto ok = database.exec("SAVEPOINT rw_read_figures"); !ok) {
      return std::unexpected(ok.error());
    }
    return ReadSnapshot(database);
  }
  ReadSnapshot(ReadSnapshot&& other) noexcept : m_database(std::exchange(other.m_database, nullptr)) {}
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;
  ~ReadSnapshot()
  {
    if (m_database != nullptr) {
      (void)m_database->exec("RELEASE rw_read_figures"); // nothing was written: nothing to lose
    }
  }

private:
  explicit ReadSnapshot(Database& database) : m_database(&database) {}
  Database* m_database;
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

// Every quarter of `rows` (sorted by period) as a range of it.
void
add_row_quarters(std::vector<StoredFigures::State::Quarter>& quarters, std::shared_ptr<const QuoteRows> rows)
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

} // namespace

std::string
pack_quarter(const PackedQuarter& quarter)
{
  std::string out;
  size_t size = k_magic.size() + 12 + quarter.quotes.size() * k_quote_size;
  for (const auto text : quarter.texts) {
    size += 4 + text.size();
  }
  out.reserve(size);
  out.append(k_magic);
  put(out, k_format, 4);
  put(out, quarter.texts.size(), 4);
  put(out, quarter.quotes.size(), 4);
  for (const auto text : quarter.texts) {
    put(out, text.size(), 4);
    out.append(text);
  }
  for (const PackedQuote& q : quarter.quotes) {
    put(out, static_cast<std::uint64_t>(q.id), 8);
    put(out, static_cast<std::uint64_t>(q.service_id), 8);
    put(out, q.collected_at, 4);
    put(out, q.speed, 4);
    const unsigned flags = (q.transparent ? k_transparent : 0U) | (q.accessible ? k_accessible : 0U)
                           | (q.received ? k_received : 0U) | (q.reported_fx_margin_pct ? k_fx_margin : 0U)
                           | (q.reported_total_cost_pct ? k_total : 0U);
    put(out, flags, 1);
    for (const double value : {q.amount, q.fee, q.rate, q.benchmark, q.received.value_or(0.0),
                               q.reported_fx_margin_pct.value_or(0.0), q.reported_total_cost_pct.value_or(0.0)}) {
      put(out, std::bit_cast<std::uint64_t>(value), 8);
    }
  }
  return out;
}

util::Expected<PackedQuarter>
unpack_quarter(std::string_view bytes)
{
  auto view = PackedView::parse(bytes);
  if (!view) {
    return std::unexpected(view.error());
  }
  PackedQuarter packed;
  packed.texts = view->texts();
  packed.quotes.reserve(view->size());
  for (size_t i = 0; i < view->size(); ++i) {
    packed.quotes.push_back(view->quote(i));
  }
  return packed;
}

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
  const auto read_all = [&]() -> util::Expected<StoredFigures> {
    state.quarters.clear();
    size_t reserve = 0;
    if (auto count = database.query_int("SELECT count(*) FROM quotes"); count && *count > 0) {
      reserve = static_cast<size_t>(*count); // an upper bound: no reallocation
    }
    auto rows = read_quote_rows(database, state.services, standard_amount_usd, from, to, reserve);
    if (!rows) {
      return std::unexpected(rows.error());
    }
    add_row_quarters(state.quarters, std::make_shared<const QuoteRows>(std::move(*rows)));
    return std::move(figures);
  };
  const auto read_quarter = [&](State::Quarter& quarter) -> util::Expected<void> {
    auto rows = read_quote_rows(database, state.services, standard_amount_usd, quarter.period, quarter.period, 0);
    if (!rows) {
      return std::unexpected(rows.error());
    }
    quarter.packed.clear();
    quarter.begin = 0;
    quarter.end = quarter.quotes = rows->order.size();
    quarter.rows = std::make_shared<const QuoteRows>(std::move(*rows));
    return {};
  };

  auto packed_table = has_table(database, "quote_figures");
  if (!packed_table) {
    return std::unexpected(packed_table.error());
  }
  if (!*packed_table) {
    return read_all(); // a database not migrated yet
  }
  auto listed = database.prepare(R"sql(
    SELECT period, quotes, figures FROM quote_figures
    WHERE standard_amount_usd = ?1 AND (?2 = '' OR period >= ?2) AND (?3 = '' OR period <= ?3)
    ORDER BY period)sql");
  if (!listed) {
    return std::unexpected(listed.error());
  }
  listed->bind(1, standard_amount_usd).bind(2, from).bind(3, to);
  while (true) {
    auto step = listed->step();
    if (!step) {
      return std::unexpected(step.error());
    }
    if (!*step) {
      break;
    }
    State::Quarter& quarter = state.quarters.emplace_back();
    quarter.period = listed->column_text(0);
    const auto packed_count = listed->column_optional_int(1);
    // Kept only when the bytes unpack and count the quotes the row says.
    if (packed_count && !listed->is_null(2)) {
      const auto bytes = listed->column_blob(2);
      if (auto view = PackedView::parse(bytes); view && view->size() == static_cast<size_t>(*packed_count)) {
        quarter.packed = std::string(bytes);
        quarter.quotes = view->size();
      }
    }
  }
  for (State::Quarter& quarter : state.quarters) {
    if (quarter.packed.empty()) {
      if (auto ok = read_quarter(quarter); !ok) {
        return std::unexpected(ok.error());
      }
    }
  }
  // The triggers keep a row for every quarter with quotes; should a quarter
  // with quotes have no row all the same, every quote is read instead. The
  // quarters with quotes are found by one index seek each.
  auto with_quotes = read_rows<std::string>(
    [&] {
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
      return statement;
    }(),
    [](const Statement& s) { return s.column_text(0); });
  if (!with_quotes) {
    return std::unexpected(with_quotes.error());
  }
  const bool all_listed = std::ranges::all_of(*with_quotes, [&](const std::string& period) {
    return std::ranges::binary_search(state.quarters, period, {}, &State::Quarter::period);
  });
  if (!all_listed) {
    return read_all();
  }
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

util::Expected<size_t>
refresh_quote_figures(Database& database)
{
  auto stale = read_rows<std::pair<std::int64_t, std::string>>(
    database.prepare("SELECT standard_amount_usd, period FROM quote_figures WHERE figures IS NULL "
                     "ORDER BY standard_amount_usd, period"),
    [](const Statement& s) { return std::pair(s.column_int(0), s.column_text(1)); });
  if (!stale) {
    return std::unexpected(stale.error());
  }
  if (stale->empty()) {
    return 0;
  }
  auto services = read_services(database);
  if (!services) {
    return std::unexpected(services.error());
  }
  auto update =
    database.prepare("UPDATE quote_figures SET figures = ?3, quotes = ?4 WHERE standard_amount_usd = ?1 AND period = ?2");
  auto remove = database.prepare("DELETE FROM quote_figures WHERE standard_amount_usd = ?1 AND period = ?2");
  if (!update) {
    return std::unexpected(update.error());
  }
  if (!remove) {
    return std::unexpected(remove.error());
  }
  size_t packed_quarters = 0;
  for (const auto& [amount, period] : *stale) {
    auto rows = read_quote_rows(database, *services, static_cast<int>(amount), period, period, 0);
    if (!rows) {
      return std::unexpected(rows.error());
    }
    Statement& write = rows->read == 0 ? *remove : *update;
    write.reset();
    write.bind(1, amount).bind(2, period);
    if (rows->read > 0) {
      // Timestamps and speeds in one table of texts, each once.
      Interned texts;
      PackedQuarter packed;
      packed.quotes.reserve(rows->rows.size());
      for (const std::uint32_t i : rows->order) {
        const FigureRow& row = rows->rows[i];
        packed.quotes.push_back(
          {.id = row.id,
           .service_id = services->records[row.service].id,
           .collected_at = texts.id(rows->collected(row)),
           .speed = row.speed == 0 ? 0 : texts.id(rows->speeds.text(row.speed - 1)) + 1,
           .amount = row.amount,
           .fee = row.fee,
           .rate = row.rate,
           .benchmark = row.benchmark,
           .received = row.received,
           .reported_fx_margin_pct = row.reported_fx_margin_pct,
           .reported_total_cost_pct = row.reported_total_cost_pct,
           .transparent = row.transparent,
           .accessible = row.accessible});
      }
      packed.texts.reserve(texts.size());
      for (std::uint32_t t = 0; t < texts.size(); ++t) {
        packed.texts.emplace_back(texts.text(t));
      }
      write.bind_blob(3, pack_quarter(packed)).bind(4, static_cast<std::int64_t>(packed.quotes.size()));
      ++packed_quarters;
    }
    if (auto ok = write.run(); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return packed_quarters;
}

} // namespace rw::store
