#include "store/copy.hpp"

#include "store/postgres_schema.hpp"
#include "store/schema.hpp"
#include "store/table_rows.hpp"
#include "util/sha256.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <string_view>

namespace rw::store {

namespace {

using table_rows::check_same_tables;
using table_rows::column_list;
using table_rows::each_row;
using table_rows::Kind;
using table_rows::parse_bytea;
using table_rows::parse_double;
using table_rows::PostgresTransaction;
using table_rows::read_tables;
using table_rows::Table;

// The tables whose triggers mark quote_figures stale: set aside while a copy
// writes the figures as they were.
constexpr std::array<std::string_view, 3> k_triggered = {"quotes", "services", "corridors"};

constexpr std::string_view k_snapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

class Digest
{
public:
  explicit Digest(std::string* text)
    : m_text(text)
  {
  }
  void add(std::string_view data)
  {
    m_sha256.update(data);
    if (m_text != nullptr) {
      *m_text += data;
    }
  }
  std::string hex() { return m_sha256.hex(); }

private:
  util::Sha256 m_sha256;
  std::string* m_text;
};

// The source's schema must be this remitwatch's: copied as it is, never
// migrated by a copy.
template<typename Store>
util::Expected<void>
check_current(Store& store, std::string_view where)
{
  auto version = stored_schema_version(store);
  if (!version) {
    return std::unexpected(version.error());
  }
  if (*version == schema_version()) {
    return {};
  }
  return util::make_error(util::ErrorKind::database,
                          fmt::format("{}: schema version {}, not {}: {}", where, *version, schema_version(),
                                      *version == 0 ? "it holds no remitwatch store"
                                                    : "bring it up to date with this remitwatch first"));
}

// The source's tables, when the target has the same.
template<typename From, typename To>
util::Expected<std::vector<Table>>
matching_tables(From& from, To& to, std::string_view from_where, std::string_view to_where)
{
  auto source = read_tables(from);
  if (!source) {
    return source;
  }
  auto target = read_tables(to);
  if (!target) {
    return target;
  }
  if (auto ok = check_same_tables(*source, *target, from_where, to_where); !ok) {
    return std::unexpected(ok.error());
  }
  return source;
}

util::Expected<void>
check_empty(postgres::Connection& connection, const std::vector<Table>& tables)
{
  for (const auto& table : tables) {
    auto any = connection.query(fmt::format("SELECT EXISTS (SELECT 1 FROM \"{}\")", table.name));
    if (!any) {
      return std::unexpected(any.error());
    }
    if (any->text(0, 0) == "t") {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("{}: already holds data (table {}); copy into an empty database",
                                          connection.where(), table.name));
    }
  }
  return {};
}

util::Expected<void>
check_empty(Database& database, const std::vector<Table>& tables)
{
  for (const auto& table : tables) {
    auto any = database.query_int(fmt::format("SELECT EXISTS (SELECT 1 FROM \"{}\")", table.name));
    if (!any) {
      return std::unexpected(any.error());
    }
    if (*any != 0) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("{}: already holds data (table {}); copy into a new file",
                                          database.path(), table.name));
    }
  }
  return {};
}

// The triggers on the given tables, dropped; their SQL to create them again.
util::Expected<std::vector<std::string>>
set_triggers_aside(Database& database)
{
  auto triggers = read_rows<std::pair<std::string, std::string>>(
    database.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"),
    [](const Statement& s) { return std::pair{s.column_text(0), s.column_text(1)}; });
  if (!triggers) {
    return std::unexpected(triggers.error());
  }
  std::vector<std::string> sql;
  for (auto& [name, text] : *triggers) {
    if (auto ok = database.exec(fmt::format("DROP TRIGGER \"{}\"", name)); !ok) {
      return std::unexpected(ok.error());
    }
    sql.push_back(std::move(text));
  }
  return sql;
}

util::Expected<void>
set_postgres_triggers(postgres::Connection& connection, std::string_view state)
{
  for (const auto table : k_triggered) {
    if (auto ok = connection.exec(fmt::format("ALTER TABLE \"{}\" {} TRIGGER USER", table, state)); !ok) {
      return ok;
    }
  }
  return {};
}

util::Expected<void>
bind_field(Statement& insert, int index, const postgres::Result& result, int row, const Table& table, size_t i)
{
  const int column = static_cast<int>(i);
  if (result.is_null(row, column)) {
    insert.bind(index, nullptr);
    return {};
  }
  const auto text = result.text(row, column);
  switch (table.columns[i].kind) {
  case Kind::integer: {
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    insert.bind(index, value);
    return {};
  }
  case Kind::real: {
    auto value = parse_double(text, table, table.columns[i]);
    if (!value) {
      return std::unexpected(value.error());
    }
    insert.bind(index, *value);
    return {};
  }
  case Kind::text: insert.bind(index, text); return {};
  case Kind::blob: {
    auto bytes = parse_bytea(text, table, table.columns[i]);
    if (!bytes) {
      return std::unexpected(bytes.error());
    }
    insert.bind_blob(index, *bytes);
    return {};
  }
  }
  return {};
}

// The canonical form of a store (SQLite or PostgreSQL), inside the caller's
// snapshot.
template<typename Store>
util::Expected<Canonical>
canonical_form(Store& store, std::string* text)
{
  auto tables = read_tables(store);
  if (!tables) {
    return std::unexpected(tables.error());
  }
  Canonical result;
  Digest digest(text);
  std::string line;
  for (const auto& table : *tables) {
    digest.add(fmt::format("== {}\n", table.name));
    auto rows = each_row(store, table, [&](const auto&... row) -> util::Expected<void> {
      line.clear();
      if (auto ok = append_line(line, row..., table); !ok) {
        return ok;
      }
      digest.add(line);
      return {};
    });
    if (!rows) {
      return std::unexpected(rows.error());
    }
    result.tables.push_back({table.name, *rows});
  }
  result.sha256 = digest.hex();
  return result;
}

} // namespace

util::Expected<Canonical>
canonical(Database& database, std::string* text)
{
  auto snapshot = ReadTransaction::begin(database);
  if (!snapshot) {
    return std::unexpected(snapshot.error());
  }
  return canonical_form(database, text);
}

util::Expected<Canonical>
canonical(postgres::Connection& connection, std::string* text)
{
  // Read only: ended by the ROLLBACK on destruction.
  auto snapshot = PostgresTransaction::begin(connection, k_snapshot);
  if (!snapshot) {
    return std::unexpected(snapshot.error());
  }
  return canonical_form(connection, text);
}

util::Expected<Canonical>
copy_store(Database& from, postgres::Connection& to)
{
  if (auto ok = check_current(from, from.path()); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto migrated = migrate(to); !migrated) {
    return std::unexpected(migrated.error());
  }
  auto snapshot = ReadTransaction::begin(from);
  if (!snapshot) {
    return std::unexpected(snapshot.error());
  }
  auto source = matching_tables(from, to, from.path(), to.where());
  if (!source) {
    return std::unexpected(source.error());
  }
  auto transaction = PostgresTransaction::begin(to, "BEGIN");
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto ok = check_empty(to, *source); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = set_postgres_triggers(to, "DISABLE"); !ok) {
    return std::unexpected(ok.error());
  }
  Canonical copied;
  Digest digest(nullptr);
  constexpr size_t k_chunk = 1 << 20;
  for (const auto& table : *source) {
    auto copy = to.copy_in(fmt::format("COPY \"{}\" ({}) FROM STDIN", table.name, column_list(table)));
    if (!copy) {
      return std::unexpected(copy.error());
    }
    digest.add(fmt::format("== {}\n", table.name));
    std::string chunk;
    auto rows = each_row(from, table, [&](const Statement& row) -> util::Expected<void> {
      const size_t line = chunk.size();
      if (auto ok = append_line(chunk, row, table); !ok) {
        return ok;
      }
      digest.add(std::string_view(chunk).substr(line));
      if (chunk.size() < k_chunk) {
        return {};
      }
      auto sent = copy->put(chunk);
      chunk.clear();
      return sent;
    });
    if (!rows) {
      return std::unexpected(rows.error());
    }
    if (auto sent = copy->put(chunk); !sent) {
      return std::unexpected(sent.error());
    }
    auto stored = copy->end();
    if (!stored) {
      return std::unexpected(stored.error());
    }
    if (*stored != *rows) {
      return util::make_error(util::ErrorKind::database, fmt::format("{}: table {}: {} rows read, {} stored",
                                                                     to.where(), table.name, *rows, *stored));
    }
    const bool identity = !table.columns.empty() && table.columns.front().name == "id" && table.key[0] == "id";
    if (identity && *rows > 0) {
      if (auto ok = to.exec(fmt::format("SELECT setval(pg_get_serial_sequence('\"{0}\"', 'id'), max(id)) FROM \"{0}\"",
                                        table.name));
          !ok) {
        return std::unexpected(ok.error());
      }
    }
    copied.tables.push_back({table.name, *rows});
  }
  if (auto ok = set_postgres_triggers(to, "ENABLE"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  copied.sha256 = digest.hex();
  return copied;
}

util::Expected<Canonical>
copy_store(postgres::Connection& from, Database& to)
{
  if (auto ok = check_current(from, from.where()); !ok) {
    return std::unexpected(ok.error());
  }
  auto snapshot = PostgresTransaction::begin(from, k_snapshot);
  if (!snapshot) {
    return std::unexpected(snapshot.error());
  }
  auto source = matching_tables(from, to, from.where(), to.path());
  if (!source) {
    return std::unexpected(source.error());
  }
  auto transaction = Transaction::begin(to);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto ok = check_empty(to, *source); !ok) {
    return std::unexpected(ok.error());
  }
  auto triggers = set_triggers_aside(to);
  if (!triggers) {
    return std::unexpected(triggers.error());
  }
  Canonical copied;
  Digest digest(nullptr);
  std::string line;
  for (const auto& table : *source) {
    digest.add(fmt::format("== {}\n", table.name));
    std::string values;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      values += fmt::format("{}?{}", i > 0 ? ", " : "", i + 1);
    }
    auto insert = to.prepare(fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", table.name, column_list(table), values));
    if (!insert) {
      return std::unexpected(insert.error());
    }
    auto rows = each_row(from, table, [&](const postgres::Result& batch, int row) -> util::Expected<void> {
      line.clear();
      if (auto ok = append_line(line, batch, row, table); !ok) {
        return ok;
      }
      digest.add(line);
      for (size_t i = 0; i < table.columns.size(); ++i) {
        if (auto ok = bind_field(*insert, static_cast<int>(i) + 1, batch, row, table, i); !ok) {
          return ok;
        }
      }
      return insert->run();
    });
    if (!rows) {
      return std::unexpected(rows.error());
    }
    copied.tables.push_back({table.name, *rows});
  }
  for (const auto& sql : *triggers) {
    if (auto ok = to.exec(sql); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = snapshot->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  copied.sha256 = digest.hex();
  return copied;
}

} // namespace rw::store
