#include "store/database.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <thread>

namespace rw::store {

namespace {

constexpr int k_busy_timeout_ms = 5000;

std::string
sql_excerpt(const char* sql)
{
  std::string text = sql != nullptr ? sql : "";
  for (char& c : text) {
    if (c == '\n' || c == '\t') {
      c = ' ';
    }
  }
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

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

// Statement

void
Statement::Finalize::operator()(sqlite3_stmt* statement) const
{
  sqlite3_finalize(statement);
}

Statement::Statement(sqlite3_stmt* statement, const std::string* database_path)
  : m_statement(statement),
    m_database_path(database_path)
{
}

Statement::~Statement() = default;

util::Error
Statement::error(int code) const
{
  sqlite3* db = sqlite3_db_handle(m_statement.get());
  return util::Error{util::ErrorKind::database,
                     fmt::format("{}: {} (in: {})", *m_database_path,
                                 code == SQLITE_OK ? "error" : sqlite3_errmsg(db),
                                 sql_excerpt(sqlite3_sql(m_statement.get())))};
}

Statement&
Statement::bind(int index, std::int64_t value)
{
  if (const int rc = sqlite3_bind_int64(m_statement.get(), index, value); rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

Statement&
Statement::bind(int index, double value)
{
  if (const int rc = sqlite3_bind_double(m_statement.get(), index, value); rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

Statement&
Statement::bind(int index, std::string_view value)
{
  if (const int rc = sqlite3_bind_text64(m_statement.get(), index, value.data(), value.size(),
                                         SQLITE_TRANSIENT, SQLITE_UTF8);
      rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

Statement&
Statement::bind_blob(int index, std::string_view bytes)
{
  // A zero-length blob, not NULL, even when the view has no data pointer.
  static const char empty = 0;
  if (const int rc = sqlite3_bind_blob64(m_statement.get(), index, bytes.empty() ? &empty : bytes.data(),
                                         bytes.size(), SQLITE_TRANSIENT);
      rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

Statement&
Statement::bind(int index, std::nullptr_t)
{
  if (const int rc = sqlite3_bind_null(m_statement.get(), index); rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

util::Expected<bool>
Statement::step()
{
  if (m_bind_error != SQLITE_OK) {
    const int code = m_bind_error;
    m_bind_error = SQLITE_OK;
    return std::unexpected(error(code));
  }
  const int rc = sqlite3_step(m_statement.get());
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  auto failure = error(rc);
  sqlite3_reset(m_statement.get());
  return std::unexpected(std::move(failure));
}

util::Expected<void>
Statement::run()
{
  auto stepped = step();
  if (!stepped) {
    return std::unexpected(stepped.error());
  }
  reset();
  return {};
}

void
Statement::reset()
{
  sqlite3_reset(m_statement.get());
  sqlite3_clear_bindings(m_statement.get());
}

bool
Statement::is_null(int column) const
{
  return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

std::int64_t
Statement::column_int(int column) const
{
  return sqlite3_column_int64(m_statement.get(), column);
}

double
Statement::column_double(int column) const
{
  return sqlite3_column_double(m_statement.get(), column);
}

std::string
Statement::column_text(int column) const
{
  const auto* text = sqlite3_column_text(m_statement.get(), column);
  const int size = sqlite3_column_bytes(m_statement.get(), column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string_view
Statement::column_view(int column) const
{
  const auto* text = sqlite3_column_text(m_statement.get(), column);
  const int size = sqlite3_column_bytes(m_statement.get(), column);
  return text == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string_view
Statement::column_blob(int column) const
{
  const auto* bytes = sqlite3_column_blob(m_statement.get(), column);
  const int size = sqlite3_column_bytes(m_statement.get(), column);
  return bytes == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(bytes), static_cast<size_t>(size));
}

std::optional<std::int64_t>
Statement::column_optional_int(int column) const
{
  return is_null(column) ? std::nullopt : std::optional(column_int(column));
}

std::optional<double>
Statement::column_optional_double(int column) const
{
  return is_null(column) ? std::nullopt : std::optional(column_double(column));
}

std::optional<std::string>
Statement::column_optional_text(int column) const
{
  return is_null(column) ? std::nullopt : std::optional(column_text(column));
}

int
Statement::column_count() const
{
  return sqlite3_column_count(m_statement.get());
}

std::string
Statement::column_name(int column) const
{
  const char* name = sqlite3_column_name(m_statement.get(), column);
  return name == nullptr ? std::string() : std::string(name);
}

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

Database::~Database() = default;

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
Database::busy() const
{
  return (sqlite3_extended_errcode(m_db.get()) & 0xff) == SQLITE_BUSY;
}

util::Expected<void>
Database::exec(std::string_view sql)
{
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string reason = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: {} (in: {})", *m_path, reason, sql_excerpt(text.c_str())));
  }
  return {};
}

util::Expected<Statement>
Database::prepare(std::string_view sql)
{
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: {} (in: {})", *m_path, sqlite3_errmsg(m_db.get()),
                                        sql_excerpt(std::string(sql).c_str())));
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
                            fmt::format("{}: no row from: {}", *m_path, sql_excerpt(std::string(sql).c_str())));
  }
  return statement->column_int(0);
}

int
Database::changes() const
{
  return sqlite3_changes(m_db.get());
}

std::int64_t
Database::last_insert_rowid() const
{
  return sqlite3_last_insert_rowid(m_db.get());
}

void
Database::set_last_insert_rowid(std::int64_t rowid)
{
  sqlite3_set_last_insert_rowid(m_db.get(), rowid);
}

// Transaction

Transaction::Transaction(Database& database)
  : m_database(&database)
{
}

Transaction::Transaction(Transaction&& other) noexcept
  : m_database(other.m_database),
    m_open(other.m_open)
{
  other.m_open = false;
}

util::Expected<Transaction>
Transaction::begin(Database& database)
{
  if (auto ok = database.exec("BEGIN IMMEDIATE"); !ok) {
    if (database.busy()) {
      return util::make_error(util::ErrorKind::database,
                              fmt::format("{}: another process is writing to this database (an import or a "
                                          "collection holds it for its whole run); try again when it has "
                                          "finished",
                                          database.path()));
    }
    return std::unexpected(ok.error());
  }
  return Transaction(database);
}

util::Expected<void>
Transaction::commit()
{
  auto ok = m_database->exec("COMMIT");
  if (ok) {
    m_open = false;
  }
  return ok;
}

Transaction::~Transaction()
{
  if (m_open) {
    (void)m_database->exec("ROLLBACK");
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
  if (auto ok = database.exec("BEGIN DEFERRED"); !ok) {
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
