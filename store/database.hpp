#pragma once

#include "util/error.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace rw::store {

namespace postgres {
class Connection;
}
namespace detail {
class PostgresStatement;
struct PostgresStore;
} // namespace detail

// A prepared statement. Indices are 1-based for bind, 0-based for columns,
// as in SQLite. Move-only; finalized on destruction. On PostgreSQL the same
// SQL runs with $N for ?N (store/postgres_statement.hpp).
class Statement
{
public:
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullptr_t);
  // The bytes as a BLOB (bind(string_view) binds TEXT).
  Statement& bind_blob(int index, std::string_view bytes);
  template<typename T>
  Statement& bind(int index, const std::optional<T>& value)
  {
    return value ? bind(index, *value) : bind(index, nullptr);
  }

  // true: a row is available; false: done. Errors name the database and SQL.
  util::Expected<bool> step();
  // Steps a statement that returns no rows (INSERT, UPDATE, ...).
  util::Expected<void> run();
  void reset();

  bool is_null(int column) const;
  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  // The text without a copy: valid until the next step() or reset.
  std::string_view column_view(int column) const;
  // A BLOB's bytes without a copy, valid as column_view's.
  std::string_view column_blob(int column) const;
  std::optional<std::int64_t> column_optional_int(int column) const;
  std::optional<double> column_optional_double(int column) const;
  std::optional<std::string> column_optional_text(int column) const;
  int column_count() const;
  std::string column_name(int column) const;

private:
  friend class Database;
  struct Finalize
  {
    void operator()(sqlite3_stmt* statement) const;
  };
  Statement(sqlite3_stmt* statement, const std::string* database_path);
  explicit Statement(std::unique_ptr<detail::PostgresStatement> statement);
  util::Error error(int code) const;

  std::unique_ptr<sqlite3_stmt, Finalize> m_statement;
  const std::string* m_database_path = nullptr;
  int m_bind_error = 0;
  std::unique_ptr<detail::PostgresStatement> m_postgres; // set on PostgreSQL, instead of m_statement
};

struct OpenOptions
{
  bool read_only = false;
  bool create = true; // create the file when missing (ignored when read-only)
};

// One connection to the store. A SQLite file (foreign keys on, WAL, a busy
// timeout so that concurrent writers wait instead of failing at once), or,
// for a postgresql:// URL, a PostgreSQL database (issue 22; docs/postgresql.md):
// the same statements, transactions and schema on either.
class Database
{
public:
  // A path, or a postgresql:// URL (opened read-only, every transaction is
  // read-only; `create` does not apply: the database must exist).
  static util::Expected<Database> open(const std::filesystem::path& path, OpenOptions options = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  bool is_postgres() const { return m_postgres != nullptr; }
  // The PostgreSQL connection; only when is_postgres().
  postgres::Connection& postgres_connection();

  util::Expected<void> exec(std::string_view sql);
  util::Expected<Statement> prepare(std::string_view sql);
  // The first column of the first row of a query returning one integer.
  util::Expected<std::int64_t> query_int(std::string_view sql);

  int changes() const;
  std::int64_t last_insert_rowid() const;
  // Sets what last_insert_rowid() answers until the next INSERT: set to 0
  // before an upsert, it tells an inserted row (a rowid, never 0) from an
  // updated one (an upsert's DO UPDATE leaves it alone).
  void set_last_insert_rowid(std::int64_t rowid);

  // How a writer waits when another process holds the write lock (an import
  // holds it for its whole transaction): up to `limit`, calling `notice`
  // once when a second has passed, so a person sees why nothing happens.
  // Without it, SQLite's busy timeout of 5 s applies.
  void wait_for_writers(std::chrono::milliseconds limit, std::function<void()> notice);
  // Starts a write transaction: BEGIN IMMEDIATE on SQLite; on PostgreSQL
  // BEGIN and the writer's advisory lock, waited for as SQLite waits for its
  // write lock (5 s, or as wait_for_writers says).
  util::Expected<void> begin_writing();
  // A transaction is open on this connection.
  bool in_transaction() const;
  // The last failure was SQLITE_BUSY: another connection holds the lock.
  bool busy() const;
  // The file, or on PostgreSQL where the connection goes (server, database
  // and user, never the password): for messages.
  const std::string& path() const { return *m_path; }

private:
  struct Close
  {
    void operator()(sqlite3* db) const;
  };
  Database(sqlite3* db, std::string path);
  explicit Database(std::unique_ptr<detail::PostgresStore> store);
  static util::Expected<Database> open_postgres(std::string_view url, OpenOptions options);
  util::Error error(std::string_view what) const;

  struct BusyWait
  {
    std::chrono::milliseconds limit{0};
    std::function<void()> notice;
    std::chrono::steady_clock::time_point since;
    bool noticed = false;
  };
  static int on_busy(void* context, int count);

  std::unique_ptr<sqlite3, Close> m_db;
  std::unique_ptr<std::string> m_path; // stable address for statements' messages
  std::unique_ptr<BusyWait> m_busy_wait; // stable address for SQLite's busy handler
  std::unique_ptr<detail::PostgresStore> m_postgres; // set on PostgreSQL, instead of m_db
};

// A write transaction (Database::begin_writing) now; ROLLBACK on destruction
// unless committed. Begun inside another write transaction, it is a
// savepoint of it: its commit keeps what it wrote for the outer one to
// commit, its rollback undoes only what it wrote.
class Transaction
{
public:
  static util::Expected<Transaction> begin(Database& database);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  util::Expected<void> commit();

private:
  Transaction(Database& database, bool nested);
  Database* m_database;
  bool m_open = true;
  bool m_nested = false;
};

// BEGIN (deferred) now: every read until the end sees one snapshot of the
// database (WAL; REPEATABLE READ on PostgreSQL), and writers are never
// blocked; ended on destruction.
class ReadTransaction
{
public:
  static util::Expected<ReadTransaction> begin(Database& database);
  ReadTransaction(ReadTransaction&& other) noexcept;
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction();

private:
  explicit ReadTransaction(Database& database);
  Database* m_database;
};

// Steps a prepared statement to its end, turning each row into a Row with
// `read(const Statement&)`. A failed prepare or step is the error returned.
template<typename Row, typename Read>
util::Expected<std::vector<Row>>
read_rows(util::Expected<Statement> statement, Read read)
{
  if (!statement) {
    return std::unexpected(statement.error());
  }
  std::vector<Row> rows;
  while (true) {
    auto more = statement->step();
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      return rows;
    }
    rows.push_back(read(*statement));
  }
}

} // namespace rw::store
