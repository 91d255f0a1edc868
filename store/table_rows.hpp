#pragma once

// A store's tables and rows on either backend, for store/copy.cpp: the
// schema's tables in foreign-key order, their columns as one kind per
// backend's type, the rows in key order, each as one line in COPY's text
// format. Not for other layers: they use store/copy.hpp.

#include "store/database.hpp"
#include "store/postgres.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rw::store::table_rows {

enum class Kind { integer, real, text, blob };

struct Column
{
  std::string name;
  Kind kind;
  bool operator==(const Column&) const = default;
};

// A table of the schema: its columns in order, and those of its primary key.
struct Table
{
  std::string name;
  std::vector<Column> columns;
  std::array<std::string_view, 2> key;
};

// Every table of the store, in the order of their foreign keys (parents
// first), read from its catalogue; refused unless they are the schema's.
util::Expected<std::vector<Table>> read_tables(Database& database);
util::Expected<std::vector<Table>> read_tables(postgres::Connection& connection);

// The same tables with the same columns and kinds on both sides.
util::Expected<void> check_same_tables(const std::vector<Table>& a, const std::vector<Table>& b,
                                       std::string_view a_where, std::string_view b_where);

// "\"a\", \"b\"": the columns, quoted, for SELECT, INSERT and COPY.
std::string column_list(const Table& table);

// The table's rows in key order; text keys in byte order on PostgreSQL too.
std::string select_sql(const Table& table, bool postgres);

// One row as a canonical line (COPY's text format, REALs shortest), from
// SQLite or from PostgreSQL's text output.
util::Expected<void> append_line(std::string& line, const Statement& row, const Table& table);
util::Expected<void> append_line(std::string& line, const postgres::Result& result, int row, const Table& table);

// A REAL and a bytea in PostgreSQL's text output, as values.
util::Expected<double> parse_double(std::string_view text, const Table& table, const Column& column);
util::Expected<std::string> parse_bytea(std::string_view text, const Table& table, const Column& column);

// Calls `each(const Statement&)` for every row of the table, in key order.
template<typename Each>
util::Expected<std::int64_t>
each_row(Database& database, const Table& table, Each each)
{
  auto select = database.prepare(select_sql(table, false));
  if (!select) {
    return std::unexpected(select.error());
  }
  std::int64_t rows = 0;
  while (true) {
    auto more = select->step();
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      return rows;
    }
    if (auto ok = each(*select); !ok) {
      return std::unexpected(ok.error());
    }
    ++rows;
  }
}

// Calls `each(const Result&, int row)` for every row of the table, in key
// order, fetched through a cursor a few thousand at a time (inside the
// caller's transaction), so memory does not grow with the table.
template<typename Each>
util::Expected<std::int64_t>
each_row(postgres::Connection& connection, const Table& table, Each each)
{
  if (auto ok = connection.exec(fmt::format("DECLARE rw_rows NO SCROLL CURSOR FOR {}", select_sql(table, true))); !ok) {
    return std::unexpected(ok.error());
  }
  std::int64_t rows = 0;
  while (true) {
    auto batch = connection.query("FETCH FORWARD 4096 FROM rw_rows");
    if (!batch) {
      return std::unexpected(batch.error());
    }
    if (batch->rows() == 0) {
      break;
    }
    for (int row = 0; row < batch->rows(); ++row) {
      if (auto ok = each(*batch, row); !ok) {
        return std::unexpected(ok.error());
      }
    }
    rows += batch->rows();
  }
  if (auto ok = connection.exec("CLOSE rw_rows"); !ok) {
    return std::unexpected(ok.error());
  }
  return rows;
}

// A PostgreSQL transaction rolled back unless committed.
class PostgresTransaction
{
public:
  static util::Expected<PostgresTransaction> begin(postgres::Connection& connection, std::string_view how)
  {
    if (auto ok = connection.exec(how); !ok) {
      return std::unexpected(ok.error());
    }
    return PostgresTransaction(connection);
  }
  PostgresTransaction(PostgresTransaction&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr))
  {
  }
  PostgresTransaction& operator=(PostgresTransaction&&) = delete;
  ~PostgresTransaction()
  {
    if (m_connection != nullptr) {
      (void)m_connection->exec("ROLLBACK");
    }
  }
  util::Expected<void> commit() { return std::exchange(m_connection, nullptr)->exec("COMMIT"); }

private:
  explicit PostgresTransaction(postgres::Connection& connection)
    : m_connection(&connection)
  {
  }
  postgres::Connection* m_connection;
};

} // namespace rw::store::table_rows
