#include "store/database.hpp"
#include "store/postgres_statement.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace rw::store {

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

Statement::Statement(std::unique_ptr<detail::PostgresStatement> statement)
  : m_postgres(std::move(statement))
{
}

Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

util::Error
Statement::error(int code) const
{
  sqlite3* db = sqlite3_db_handle(m_statement.get());
  const char* sql = sqlite3_sql(m_statement.get());
  return util::Error{util::ErrorKind::database,
                     fmt::format("{}: {} (in: {})", *m_database_path,
                                 code == SQLITE_OK ? "error" : sqlite3_errmsg(db),
                                 util::excerpt(sql != nullptr ? sql : "", 60))};
}

Statement&
Statement::bind(int index, std::int64_t value)
{
  if (m_postgres) {
    m_postgres->bind(index, std::to_string(value));
    return *this;
  }
  if (const int rc = sqlite3_bind_int64(m_statement.get(), index, value); rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

Statement&
Statement::bind(int index, double value)
{
  if (m_postgres) {
    m_postgres->bind(index, detail::postgres_double(value));
    return *this;
  }
  if (const int rc = sqlite3_bind_double(m_statement.get(), index, value); rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

Statement&
Statement::bind(int index, std::string_view value)
{
  if (m_postgres) {
    m_postgres->bind(index, std::string(value));
    return *this;
  }
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
  if (m_postgres) {
    m_postgres->bind(index, postgres::bytea_hex(bytes));
    return *this;
  }
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
  if (m_postgres) {
    m_postgres->bind(index, std::nullopt);
    return *this;
  }
  if (const int rc = sqlite3_bind_null(m_statement.get(), index); rc != SQLITE_OK) {
    m_bind_error = rc;
  }
  return *this;
}

util::Expected<bool>
Statement::step()
{
  if (m_postgres) {
    return m_postgres->step();
  }
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
  if (m_postgres) {
    m_postgres->reset();
    return;
  }
  sqlite3_reset(m_statement.get());
  sqlite3_clear_bindings(m_statement.get());
}

bool
Statement::is_null(int column) const
{
  if (m_postgres) {
    return m_postgres->is_null(column);
  }
  return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

std::int64_t
Statement::column_int(int column) const
{
  if (m_postgres) {
    return m_postgres->column_int(column);
  }
  return sqlite3_column_int64(m_statement.get(), column);
}

double
Statement::column_double(int column) const
{
  if (m_postgres) {
    return m_postgres->column_double(column);
  }
  return sqlite3_column_double(m_statement.get(), column);
}

std::string
Statement::column_text(int column) const
{
  return std::string(column_view(column));
}

std::string_view
Statement::column_view(int column) const
{
  if (m_postgres) {
    return m_postgres->text(column);
  }
  const auto* text = sqlite3_column_text(m_statement.get(), column);
  const int size = sqlite3_column_bytes(m_statement.get(), column);
  return text == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string_view
Statement::column_blob(int column) const
{
  if (m_postgres) {
    return m_postgres->blob(column);
  }
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
  if (m_postgres) {
    return m_postgres->column_count();
  }
  return sqlite3_column_count(m_statement.get());
}

std::string
Statement::column_name(int column) const
{
  if (m_postgres) {
    return m_postgres->column_name(column);
  }
  const char* name = sqlite3_column_name(m_statement.get(), column);
  return name == nullptr ? std::string() : std::string(name);
}

} // namespace rw::store
