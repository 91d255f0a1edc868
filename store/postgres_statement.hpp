#pragma once

// What a store::Statement and store::Database are on PostgreSQL (issue 22):
// the store's queries are written once, with SQLite's ?N placeholders, and
// run on either backend. Here a statement keeps its parameters as text (the
// server's input syntax: integers, doubles to their shortest exact digits,
// BLOBs as bytea's \x hex), runs when first stepped, and reads its rows from
// the whole result (so another statement may run while it is read, as on
// SQLite). Only store/database.cpp uses this header.

#include "store/postgres.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::store::detail {

// The connection of a store::Database on PostgreSQL, with what SQLite keeps
// for a connection: the rows the last statement changed.
struct PostgresStore
{
  postgres::Connection connection;
  std::int64_t changes = 0;
  bool busy = false; // the last write transaction gave up waiting for the writer's lock
};

// SQLite's placeholders (?N, and a bare ? as the next number) as
// PostgreSQL's $N, outside quoted text and identifiers.
std::string postgres_placeholders(std::string_view sql);

// A double in PostgreSQL's float8 input syntax, exact (the shortest digits
// that read back as the same double; Infinity and NaN by name).
std::string postgres_double(double value);

class PostgresStatement
{
public:
  PostgresStatement(PostgresStore& store, std::string_view sql);

  void bind(int index, std::optional<std::string> text);
  util::Expected<bool> step();
  void reset();

  bool is_null(int column) const;
  std::string_view text(int column) const;
  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  // bytea's \x hex decoded; valid until the next step or reset.
  std::string_view blob(int column) const;
  int column_count() const;
  std::string column_name(int column) const;
  const std::string& sql() const { return m_sql; }

private:
  PostgresStore* m_store;
  std::string m_sql;
  std::vector<std::optional<std::string>> m_parameters;
  std::optional<postgres::Result> m_result;
  int m_row = -1;
  mutable std::vector<std::optional<std::string>> m_blobs; // decoded for the current row
};

} // namespace rw::store::detail
