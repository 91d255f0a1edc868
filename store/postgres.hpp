#pragma once

// PostgreSQL through libpq, wrapped once (issue 22; nothing else includes
// libpq-fe.h): a connection opened from a postgresql:// URL, statements with
// text parameters, COPY ... FROM STDIN, and errors that name the server and
// the database but never the password. Credentials come only from what libpq
// reads itself: the URL's user, PGPASSWORD, ~/.pgpass or a service file;
// sslmode and every other libpq parameter pass through the URL.
//
// The foundation of a PostgreSQL store: the schema, the store's queries and
// `--db postgresql://` for the commands are not built on it yet.

#include "util/error.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct pg_conn;
struct pg_result;

namespace rw::store::postgres {

// true for a postgresql:// or postgres:// URL: what --db takes for
// PostgreSQL (anything else is a SQLite path).
bool is_url(std::string_view text);

// The URL with its password, if any, replaced by "***": for messages.
std::string redact(std::string_view url);

// A parameter's value as text in PostgreSQL's input syntax; none is NULL.
using Parameter = std::optional<std::string_view>;

// Appends one field in COPY's text format (backslash, tab, newline and
// carriage return escaped; NULL as \N), after a tab unless it is the first.
void append_copy_field(std::string& line, Parameter value, bool first);

// A bytea in hex format, as bytea input reads it and bytea_output = hex
// writes it: "\x" and two lowercase hex digits a byte.
std::string bytea_hex(std::string_view bytes);
// The bytes of a bytea in hex format; none when `text` is not one.
std::optional<std::string> bytea_bytes(std::string_view text);

// What a statement returned. Rows and columns are 0-based. Move-only.
class Result
{
public:
  int rows() const;
  int columns() const;
  std::string column_name(int column) const;
  bool is_null(int row, int column) const;
  // The value in PostgreSQL's text output; valid while the Result lives.
  std::string_view text(int row, int column) const;
  // Rows an INSERT, UPDATE, DELETE or COPY changed (0 for other statements).
  std::int64_t affected() const;

private:
  friend class Connection;
  friend class CopyIn;
  struct Clear
  {
    void operator()(pg_result* result) const;
  };
  explicit Result(pg_result* result);
  std::unique_ptr<pg_result, Clear> m_result;
};

class Connection;

// A COPY ... FROM STDIN in progress: put() sends rows in COPY's text format
// (whole lines or any pieces of them), end() finishes it and says how many
// rows arrived. Destroyed before end(), it abandons the copy: nothing of it
// is stored, and the connection stays usable.
class CopyIn
{
public:
  CopyIn(CopyIn&& other) noexcept;
  CopyIn& operator=(CopyIn&&) = delete;
  CopyIn(const CopyIn&) = delete;
  CopyIn& operator=(const CopyIn&) = delete;
  ~CopyIn();

  util::Expected<void> put(std::string_view data);
  util::Expected<std::int64_t> end();

private:
  friend class Connection;
  explicit CopyIn(Connection& connection);
  util::Expected<std::int64_t> finish(const char* abandon_reason);
  Connection* m_connection;
};

// One connection to a PostgreSQL server. Move-only; closed on destruction.
class Connection
{
public:
  // The URL (or a libpq "key=value" string) as libpq takes it, with
  // connect_timeout 10 s and application_name remitwatch unless it says
  // otherwise.
  static util::Expected<Connection> open(std::string_view url);

  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  ~Connection();

  // One or more statements without parameters.
  util::Expected<void> exec(std::string_view sql);
  // One statement with $1, $2, ... as text parameters.
  util::Expected<Result> query(std::string_view sql, std::span<const Parameter> parameters = {});
  // Starts `COPY table (columns) FROM STDIN` (text format).
  util::Expected<CopyIn> copy_in(std::string_view sql);

  // "PostgreSQL server /run/postgresql:5432, database remitwatch (user
  // analyst)": where the connection goes, for messages. Never the password.
  const std::string& where() const { return *m_where; }
  // A transaction is open (or failed and not yet ended).
  bool in_transaction() const;
  // The server's version as a number (150004 for 15.4).
  int server_version() const;

private:
  friend class CopyIn;
  struct Finish
  {
    void operator()(pg_conn* connection) const;
  };
  Connection(pg_conn* connection, std::string where);
  util::Error error(std::string_view what, std::string_view sql = {}) const;
  std::string last_error() const;
  util::Expected<Result> checked(pg_result* raw, std::string_view sql) const;

  std::unique_ptr<pg_conn, Finish> m_connection;
  std::unique_ptr<std::string> m_where; // a stable address, as Database's path
};

} // namespace rw::store::postgres
