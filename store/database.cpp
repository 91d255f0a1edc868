#include "store/database.hpp"
#include "store/postgres_statement.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <thread>

namespace rw::store {

namespace {

constexpr int k_busy_timeout_ms = 5000;

// The transaction-scoped advisory lock a PostgreSQL writer holds, as SQLite's
// BEGIN IMMEDIATE takes the file's write lock: one writer at a time, readers
// never blocked (the key is the migrations' lock, postgres_schema.cpp, plus one).
constexpr std::string_view k_postgres_writer_lock = "SELECT pg_try_advisory_xact_lock(8248188113342786914)";


// A path as a file: URI (RFC 3986: '%', '?' and '#' escaped, and any byte
// outside the printable ASCII range).
std::string
file_uri(const std::string& path)
{
  std::string uri = "file:";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '%' || c == '?' || c == '#' || byte <= 0x20 || byte >= 0x7f) {
      uri += fmt::format("%{:02X}", byte);
    } else {
      uri += c;
    }
  }
  return uri;
}

// How a read-only connection opens the file. SQLite's WAL mode keeps its
// index in PATH-shm, which a reader creates (as itself) when it is missing:
// a reader who may not write the database would leave files the owner
// cannot write, or fail in a folder it may not write. Such a reader opens
// the file as immutable when no writer has it open (no PATH-wal: writers
// create it on opening); with a writer at work, the writer's -shm lets it
// read a snapshot as usual.
std::string
read_only_name(const std::string& path)
{
  if (path.empty() || path == ":memory:" || ::access(path.c_str(), W_OK) == 0) {
    return path;
  }
  std::error_code error;
  if (std::filesystem::exists(path + "-wal", error)) {
    return file_uri(path) + "?mode=ro";
  }
  return file_uri(path) + "?immutable=1";
}

} // namespace

// Database

void
Database::Close::operator()(sqlite3* db) const
{
  sqlite3_close_v2(db);
}

Database::Database(sqlite3* db, std::string path)
  : m_db(db),
    m_path(std::make_unique<std::string>(std::move(path)))
{
}

Database::Database(std::unique_ptr<detail::PostgresStore> store)
  : m_path(std::make_unique<std::string>(store->connection.where())),
    m_postgres(std::move(store))
{
}

Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

postgres::Connection&
Database::postgres_connection()
{
  return m_postgres->connection;
}

util::Expected<Database>
Database::open_postgres(std::string_view url, OpenOptions options)
{
  auto connection = postgres::Connection::open(url);
  if (!connection) {
    return std::unexpected(connection.error());
  }
  Database database(std::make_unique<detail::PostgresStore>(detail::PostgresStore{std::move(*connection)}));
  // BLOBs as \x hex and doubles to their shortest exact digits, whatever the
  // server's defaults; a reader's connection cannot write.
  std::string settings = "SET bytea_output = 'hex'; SET extra_float_digits = 1";
  if (options.read_only) {
    settings += "; SET default_transaction_read_only = on";
  }
  if (auto ok = database.exec(settings); !ok) {
    return std::unexpected(ok.error());
  }
  return database;
}

util::Error
Database::error(std::string_view what) const
{
  return util::Error{util::ErrorKind::database,
                     fmt::format("{}: {}: {}", *m_path, what, sqlite3_errmsg(m_db.get()))};
}

util::Expected<Database>
Database::open(const std::filesystem::path& path, OpenOptions options)
{
  const std::string name = path.string();
  if (postgres::is_url(name)) {
    return open_postgres(name, options);
  }
  // A connection is used by one thread at a time (no remitwatch thread
  // touches the store), so SQLite's per-call mutex is pure cost.
  int flags = SQLITE_OPEN_NOMUTEX;
  std::string open_name = name;
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
    open_name = read_only_name(name);
    if (open_name != name) {
      flags |= SQLITE_OPEN_URI;
    }
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) {
      flags |= SQLITE_OPEN_CREATE;
    }
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(open_name.c_str(), &raw, flags, nullptr);
  Database database(raw, name);
  if (rc != SQLITE_OK) {
    const std::string reason = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: cannot open the database: {}", name, reason));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, k_busy_timeout_ms);
  // Up to 64 MiB of page cache (allocated as used): a large import's index
  // pages stay in memory instead of going back and forth to the file. The
  // first GiB of the file is read through a memory map instead of a read()
  // per page (the report of 36 quarters of RPW: 0.13 s less system time);
  // SQLite writes through write() either way (Debian's build does not map for
  // writing), so what a crash or a full disk leaves is unchanged. Temporary
  // files in memory: each quote's upsert (its trigger can change a second
  // table) keeps a statement journal, which in a file cost 4.5 million
  // write() calls for an import of 200,000 RPW rows (13.9 s → 11.0 s).
  if (auto ok = database.exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 1073741824");
      !ok) {
    return std::unexpected(ok.error());
  }
  const bool in_memory = name.empty() || name == ":memory:";
  if (!in_memory && !options.read_only) {
    // WAL: readers do not block the writer; NORMAL is durable across
    // application crashes and consistent across power loss.
    if (auto ok = database.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !ok) {
      return std::unexpected(ok.error());
    }
  }
  // Touch the schema so that a file that is not a database fails here.
  if (auto ok = database.query_int("SELECT count(*) FROM sqlite_schema"); !ok) {
    return std::unexpected(ok.error());
  }
  return database;
}

void
Database::wait_for_writers(std::chrono::milliseconds limit, std::function<void()> notice)
{
  m_busy_wait = std::make_unique<BusyWait>();
  m_busy_wait->limit = limit;
  m_busy_wait->notice = std::move(notice);
  if (m_postgres) {
    return; // Transaction::begin waits for the writer's lock with it
  }
  sqlite3_busy_handler(m_db.get(), &Database::on_busy, m_busy_wait.get());
}

int
Database::on_busy(void* context, int count)
{
  auto& wait = *static_cast<BusyWait*>(context);
  const auto now = std::chrono::steady_clock::now();
  if (count == 0) {
    wait.since = now;
  }
  const auto waited = now - wait.since;
  if (waited >= wait.limit) {
    return 0; // give up: the statement fails with SQLITE_BUSY
  }
  if (!wait.noticed && waited >= std::chrono::seconds(1) && wait.notice) {
    wait.noticed = true;
    wait.notice();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return 1;
}

bool
Database::in_transaction() const
{
  return m_postgres ? m_postgres->connection.in_transaction() : sqlite3_get_autocommit(m_db.get()) == 0;
}

bool
Database::busy() const
{
  if (m_postgres) {
    return m_postgres->busy;
  }
  return (sqlite3_extended_errcode(m_db.get()) & 0xff) == SQLITE_BUSY;
}

util::Expected<void>
Database::begin_writing()
{
  if (!m_postgres) {
    return exec("BEGIN IMMEDIATE");
  }
  m_postgres->busy = false;
  if (auto ok = exec("BEGIN"); !ok) {
    return ok;
  }
  const auto limit = m_busy_wait ? m_busy_wait->limit : std::chrono::milliseconds(k_busy_timeout_ms);
  const auto since = std::chrono::steady_clock::now();
  bool noticed = false;
  while (true) {
    auto locked = query_int(k_postgres_writer_lock);
    if (!locked) {
      (void)exec("ROLLBACK");
      return std::unexpected(locked.error());
    }
    if (*locked == 1) {
      return {};
    }
    const auto waited = std::chrono::steady_clock::now() - since;
    if (waited >= limit) {
      (void)exec("ROLLBACK");
      m_postgres->busy = true;
      return util::make_error(util::ErrorKind::database, fmt::format("{}: the writer's lock is held", *m_path));
    }
    if (!noticed && waited >= std::chrono::seconds(1) && m_busy_wait && m_busy_wait->notice) {
      noticed = true;
      m_busy_wait->notice();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

util::Expected<void>
Database::exec(std::string_view sql)
{
  if (m_postgres) {
    return m_postgres->connection.exec(sql);
  }
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string reason = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: {} (in: {})", *m_path, reason, util::excerpt(text, 60)));
  }
  return {};
}

util::Expected<Statement>
Database::prepare(std::string_view sql)
{
  if (m_postgres) { // parsed by the server when it first runs
    return Statement(std::make_unique<detail::PostgresStatement>(*m_postgres, sql));
  }
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: {} (in: {})", *m_path, sqlite3_errmsg(m_db.get()),
                                        util::excerpt(sql, 60)));
  }
  return Statement(raw, m_path.get());
}

util::Expected<std::int64_t>
Database::query_int(std::string_view sql)
{
  auto statement = prepare(sql);
  if (!statement) {
    return std::unexpected(statement.error());
  }
  auto row = statement->step();
  if (!row) {
    return std::unexpected(row.error());
  }
  if (!*row) {
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: no row from: {}", *m_path, util::excerpt(sql, 60)));
  }
  return statement->column_int(0);
}

int
Database::changes() const
{
  if (m_postgres) {
    return static_cast<int>(m_postgres->changes);
  }
  return sqlite3_changes(m_db.get());
}

std::int64_t
Database::last_insert_rowid() const
{
  if (m_postgres) {
    return 0; // none on PostgreSQL: the store's inserts say RETURNING id
  }
  return sqlite3_last_insert_rowid(m_db.get());
}

void
Database::set_last_insert_rowid(std::int64_t rowid)
{
  if (m_postgres) {
    return;
  }
  sqlite3_set_last_insert_rowid(m_db.get(), rowid);
}

// Transaction

Transaction::Transaction(Database& database, bool nested)
  : m_database(&database),
    m_nested(nested)
{
}

Transaction::Transaction(Transaction&& other) noexcept
  : m_database(other.m_database),
    m_open(other.m_open),
    m_nested(other.m_nested)
{
  other.m_open = false;
}

util::Expected<Transaction>
Transaction::begin(Database& database)
{
  if (database.in_transaction()) {
    // Inside the caller's write transaction (which holds the writer's lock):
    // a savepoint, so that this one's commit does not end the caller's.
    if (auto ok = database.exec("SAVEPOINT rw_nested"); !ok) {
      return std::unexpected(ok.error());
    }
    return Transaction(database, true);
  }
  if (auto ok = database.begin_writing(); !ok) {
    if (database.busy()) {
      return util::make_error(util::ErrorKind::database,
                              fmt::format("{}: another process is writing to this database (an import or a "
                                          "collection holds it for its whole run); try again when it has "
                                          "finished",
                                          database.path()));
    }
    return std::unexpected(ok.error());
  }
  return Transaction(database, false);
}

util::Expected<void>
Transaction::commit()
{
  auto ok = m_database->exec(m_nested ? "RELEASE rw_nested" : "COMMIT");
  if (ok) {
    m_open = false;
  }
  return ok;
}

Transaction::~Transaction()
{
  if (m_open) {
    (void)m_database->exec(m_nested ? "ROLLBACK TO rw_nested; RELEASE rw_nested" : "ROLLBACK");
  }
}

// ReadTransaction

ReadTransaction::ReadTransaction(Database& database)
  : m_database(&database)
{
}

ReadTransaction::ReadTransaction(ReadTransaction&& other) noexcept
  : m_database(other.m_database)
{
  other.m_database = nullptr;
}

util::Expected<ReadTransaction>
ReadTransaction::begin(Database& database)
{
  if (auto ok = database.exec(database.is_postgres() ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN DEFERRED");
      !ok) {
    return std::unexpected(ok.error());
  }
  return ReadTransaction(database);
}

ReadTransaction::~ReadTransaction()
{
  if (m_database != nullptr) {
    (void)m_database->exec("ROLLBACK"); // nothing was written: ending the read is all it does
  }
}

} // namespace rw::store
