// The packer: refresh_quote_figures packs every quarter the triggers marked
// stale into its quote_figures row (docs/schema.md, "Packed by the writers").
// The bytes' format is packed_figures.cpp's; the rows are read as the reader
// reads them (quote_rows.cpp), so both see the same quotes in the same order.

#include "store/figures.hpp"
#include "store/packed_figures.hpp"
#include "store/quote_rows.hpp"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <utility>

namespace rw::store {

namespace {

// One quarter's rows, in their order, as packed bytes: timestamps and speeds
// in one table of texts, each once.
std::string
pack_rows(const QuoteRows& rows, const Services& services)
{
  Interned texts;
  PackedQuarter packed;
  packed.quotes.reserve(rows.rows.size());
  for (const std::uint32_t i : rows.order) {
    const FigureRow& row = rows.rows[i];
    PackedQuote& quote = packed.quotes.emplace_back();
    copy_common_figures(quote, row);
    quote.service_id = services.records[row.service].id;
    quote.collected_at = texts.id(rows.collected(row));
    quote.speed = row.speed == 0 ? 0 : texts.id(rows.speeds.text(row.speed - 1)) + 1;
  }
  packed.texts.reserve(texts.size());
  for (std::uint32_t t = 0; t < texts.size(); ++t) {
    packed.texts.emplace_back(texts.text(t));
  }
  return pack_quarter(packed);
}

} // namespace

util::Expected<size_t>
refresh_quote_figures(Database& database)
{
  auto stale = read_rows<std::pair<std::int64_t, std::string>>(
    database.prepare("SELECT standard_amount_usd, period FROM quote_figures WHERE figures IS NULL "
                     "ORDER BY period, standard_amount_usd"),
    [](const Statement& s) { return std::pair(s.column_int(0), s.column_text(1)); });
  if (!stale) {
    return std::unexpected(stale.error());
  }
  if (stale->empty()) {
    return 0;
  }
  if (database.is_postgres()) {
    // The planner's figures for what the writer just wrote: tables never
    // analyzed (a new store), or holding the dead rows of an import that was
    // rolled back, made it read the quarter's quotes by nested loops for
    // minutes (an 80,000-quote import: 460 s instead of 6 s).
    if (auto ok = database.exec("ANALYZE quotes, services, corridors, providers"); !ok) {
      return std::unexpected(ok.error());
    }
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
  // The quarter's services only (read once for both amounts): memory
  // bounded by the quarter, not the database.
  std::optional<Services> services;
  std::string services_period;
  for (const auto& [amount, period] : *stale) {
    if (!services || services_period != period) {
      services.reset(); // the last quarter's freed before the next is read
      auto read = read_services(database, period);
      if (!read) {
        return std::unexpected(read.error());
      }
      services = std::move(*read);
      services_period = period;
    }
    auto rows = read_quote_rows(database, *services, static_cast<int>(amount), period, period, 0);
    if (!rows) {
      return std::unexpected(rows.error());
    }
    Statement& write = rows->read == 0 ? *remove : *update;
    write.reset();
    write.bind(1, amount).bind(2, period);
    if (rows->read > 0) {
      write.bind_blob(3, pack_rows(*rows, *services)).bind(4, static_cast<std::int64_t>(rows->rows.size()));
      ++packed_quarters;
    }
    if (auto ok = write.run(); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return packed_quarters;
}

DeferredMarking::DeferredMarking(Database& database)
  : m_database(&database)
{
}

util::Expected<DeferredMarking>
DeferredMarking::begin(Database& database)
{
  DeferredMarking marking(database);
  if (database.is_postgres()) {
    // Dropping a trigger or an index takes PostgreSQL's strongest lock on
    // quotes until the import commits, which every reader would wait for:
    // there the triggers mark each row's quarter as it is written.
    return marking;
  }
  auto sql = read_rows<std::string>(
    database.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'quotes' "
                     "AND name IN ('quote_figures_after_insert', 'quote_figures_after_update') ORDER BY name"),
    [](const Statement& s) { return s.column_text(0); });
  if (!sql) {
    return std::unexpected(sql.error());
  }
  marking.m_triggers = std::move(*sql);
  if (auto ok = marking.drop_indexes_if_empty(); !ok) {
    return std::unexpected(ok.error());
  }
  if (marking.m_triggers.empty()) {
    return marking;
  }
  if (auto ok = database.exec("DROP TRIGGER IF EXISTS quote_figures_after_insert; "
                              "DROP TRIGGER IF EXISTS quote_figures_after_update");
      !ok) {
    return std::unexpected(ok.error());
  }
  return marking;
}

// The secondary indexes on quotes (not the UNIQUE constraint's), dropped
// when there is no quote to index yet.
util::Expected<void>
DeferredMarking::drop_indexes_if_empty()
{
  auto empty = m_database->query_int("SELECT NOT EXISTS (SELECT 1 FROM quotes)");
  if (!empty) {
    return std::unexpected(empty.error());
  }
  if (*empty == 0) {
    return {};
  }
  auto indexes = read_rows<std::pair<std::string, std::string>>(
    m_database->prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'quotes' "
                        "AND sql IS NOT NULL ORDER BY name"),
    [](const Statement& s) { return std::pair{s.column_text(0), s.column_text(1)}; });
  if (!indexes) {
    return std::unexpected(indexes.error());
  }
  for (auto& [name, sql] : *indexes) {
    if (auto ok = m_database->exec(fmt::format("DROP INDEX \"{}\"", name)); !ok) {
      return ok;
    }
    m_indexes.push_back(std::move(sql));
  }
  return {};
}

util::Expected<void>
DeferredMarking::finish(const std::set<std::pair<int, std::string>>& quarters)
{
  // The triggers' body (schema.cpp), once per quarter.
  auto mark = m_database->prepare(
    "INSERT INTO quote_figures (standard_amount_usd, period) VALUES (?1, ?2) "
    "ON CONFLICT (standard_amount_usd, period) DO UPDATE SET figures = NULL, quotes = NULL "
    "WHERE quote_figures.figures IS NOT NULL");
  if (!mark) {
    return std::unexpected(mark.error());
  }
  for (const auto& [amount, period] : quarters) {
    if (auto ok = mark->bind(1, amount).bind(2, period).run(); !ok) {
      return ok;
    }
  }
  for (const auto& sql : m_indexes) {
    if (auto ok = m_database->exec(sql); !ok) {
      return ok;
    }
  }
  m_indexes.clear();
  for (const auto& sql : m_triggers) {
    if (auto ok = m_database->exec(sql); !ok) {
      return ok;
    }
  }
  m_triggers.clear();
  return {};
}

} // namespace rw::store
