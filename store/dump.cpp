#include "store/dump.hpp"

#include <fmt/format.h>

namespace rw::store {

namespace {

util::Expected<std::vector<std::string>>
user_tables(Database& database)
{
  // On PostgreSQL, the store's tables in its schema (without remitwatch_schema,
  // which is what PRAGMA user_version is in a SQLite file), in the same order.
  auto statement = database.prepare(
    database.is_postgres()
      ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name <> 'remitwatch_schema' ORDER BY table_name COLLATE \"C\""
      : "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  std::vector<std::string> names;
  while (true) {
    auto row = statement->step();
    if (!row) {
      return std::unexpected(row.error());
    }
    if (!*row) {
      return names;
    }
    names.push_back(statement->column_text(0));
  }
}

} // namespace

util::Expected<std::string>
dump(Database& database)
{
  auto tables = user_tables(database);
  if (!tables) {
    return std::unexpected(tables.error());
  }
  std::string out;
  for (const auto& table : *tables) {
    auto statement = database.prepare(fmt::format("SELECT * FROM \"{}\" ORDER BY 1", table));
    if (!statement) {
      return std::unexpected(statement.error());
    }
    out += fmt::format("== {}\n", table);
    while (true) {
      auto row = statement->step();
      if (!row) {
        return std::unexpected(row.error());
      }
      if (!*row) {
        break;
      }
      for (int i = 0; i < statement->column_count(); ++i) {
        out += i > 0 ? "|" : "";
        if (statement->is_null(i)) {
          out += "NULL";
        } else {
          out += statement->column_text(i);
        }
      }
      out += '\n';
    }
  }
  return out;
}

util::Expected<std::string>
integrity_check(Database& database)
{
  if (database.is_postgres()) {
    // The server checks what the two pragmas look for as it writes (its
    // pages' checksums, its constraints and foreign keys): there is no file
    // of ours to check. Whether it answers is what can be asked here.
    auto answer = database.query_int("SELECT 1");
    if (!answer) {
      return std::unexpected(answer.error());
    }
    return std::string("ok");
  }
  std::string problems;
  for (const char* sql : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
    auto statement = database.prepare(sql);
    if (!statement) {
      return std::unexpected(statement.error());
    }
    while (true) {
      auto row = statement->step();
      if (!row) {
        return std::unexpected(row.error());
      }
      if (!*row) {
        break;
      }
      std::string line;
      for (int i = 0; i < statement->column_count(); ++i) {
        if (i > 0) {
          line += ' ';
        }
        line += statement->column_text(i);
      }
      if (line != "ok") {
        problems += line + "\n";
      }
    }
  }
  return problems.empty() ? std::string("ok") : problems;
}

util::Expected<std::vector<std::pair<std::string, std::int64_t>>>
table_counts(Database& database)
{
  auto tables = user_tables(database);
  if (!tables) {
    return std::unexpected(tables.error());
  }
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (const auto& table : *tables) {
    auto count = database.query_int(fmt::format("SELECT count(*) FROM \"{}\"", table));
    if (!count) {
      return std::unexpected(count.error());
    }
    counts.emplace_back(table, *count);
  }
  return counts;
}

} // namespace rw::store
