#include "store/postgres.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <vector>

namespace rw::store::postgres {

namespace {

constexpr std::string_view k_schemes[] = {"postgresql://", "postgres://"};

// libpq's messages end in a newline and may span lines ("...failed: ...\n\tIs
// the server running..."): one line for ours.
std::string
one_line(const char* message)
{
  std::string text = message != nullptr ? message : "";
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out.empty() ? "unknown error" : out;
}

// Replaces the value of every "password=" in `text` from `from` on, up to
// the next '&' (a URL's query) or space (a key=value string).
void
redact_password_parameters(std::string& text, size_t from)
{
  constexpr std::string_view key = "password=";
  for (size_t at = text.find(key, from); at != std::string::npos; at = text.find(key, at + key.size())) {
    const bool starts = at == 0 || text[at - 1] == '?' || text[at - 1] == '&' || text[at - 1] == ' ';
    if (!starts) {
      continue;
    }
    const size_t value = at + key.size();
    const size_t end = text.find_first_of("& ", value);
    text.replace(value, (end == std::string::npos ? text.size() : end) - value, "***");
  }
}

const char*
text_or(const char* text, const char* otherwise)
{
  return text != nullptr && *text != '\0' ? text : otherwise;
}

} // namespace

bool
is_url(std::string_view text)
{
  for (const auto scheme : k_schemes) {
    if (text.starts_with(scheme)) {
      return true;
    }
  }
  return false;
}

std::string
redact(std::string_view url)
{
  std::string text(url);
  size_t query = 0;
  for (const auto scheme : k_schemes) {
    if (!text.starts_with(scheme)) {
      continue;
    }
    const size_t authority = scheme.size();
    const size_t authority_end = std::min(text.find_first_of("/?", authority), text.size());
    const size_t at = text.rfind('@', authority_end);
    if (at != std::string::npos && at >= authority) {
      const size_t colon = text.find(':', authority);
      if (colon < at) {
        text.replace(colon + 1, at - colon - 1, "***");
      }
    }
    query = std::min(text.find('?', authority), text.size());
  }
  redact_password_parameters(text, query);
  return text;
}

std::string
bytea_hex(std::string_view bytes)
{
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + 2 * bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex += digits[byte >> 4];
    hex += digits[byte & 0xf];
  }
  return hex;
}

std::optional<std::string>
bytea_bytes(std::string_view text)
{
  if (!text.starts_with("\\x") || text.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string bytes;
  bytes.reserve(text.size() / 2 - 1);
  for (size_t at = 2; at < text.size(); at += 2) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + 2, value, 16);
    if (error != std::errc() || end != text.data() + at + 2) {
      return std::nullopt;
    }
    bytes += static_cast<char>(value);
  }
  return bytes;
}

void
append_copy_field(std::string& line, Parameter value, bool first)
{
  if (!first) {
    line += '\t';
  }
  if (!value) {
    line += "\\N";
    return;
  }
  for (const char c : *value) {
    switch (c) {
    case '\\': line += "\\\\"; break;
    case '\t': line += "\\t"; break;
    case '\n': line += "\\n"; break;
    case '\r': line += "\\r"; break;
    default: line += c;
    }
  }
}

// Result

void
Result::Clear::operator()(pg_result* result) const
{
  PQclear(result);
}

Result::Result(pg_result* result)
  : m_result(result)
{
}

int
Result::rows() const
{
  return PQntuples(m_result.get());
}

int
Result::columns() const
{
  return PQnfields(m_result.get());
}

std::string
Result::column_name(int column) const
{
  return text_or(PQfname(m_result.get(), column), "");
}

bool
Result::is_null(int row, int column) const
{
  return PQgetisnull(m_result.get(), row, column) == 1;
}

std::string_view
Result::text(int row, int column) const
{
  return {PQgetvalue(m_result.get(), row, column),
          static_cast<size_t>(PQgetlength(m_result.get(), row, column))};
}

std::int64_t
Result::affected() const
{
  const std::string_view count = PQcmdTuples(m_result.get());
  std::int64_t value = 0;
  std::from_chars(count.data(), count.data() + count.size(), value);
  return value;
}

// CopyIn

CopyIn::CopyIn(Connection& connection)
  : m_connection(&connection)
{
}

CopyIn::CopyIn(CopyIn&& other) noexcept
  : m_connection(std::exchange(other.m_connection, nullptr))
{
}

CopyIn::~CopyIn()
{
  if (m_connection != nullptr) {
    (void)finish("abandoned by remitwatch");
  }
}

util::Expected<void>
CopyIn::put(std::string_view data)
{
  if (m_connection == nullptr) {
    return util::make_error(util::ErrorKind::database, "COPY: data after its end");
  }
  if (PQputCopyData(m_connection->m_connection.get(), data.data(), static_cast<int>(data.size())) != 1) {
    return std::unexpected(m_connection->error(fmt::format("COPY: {}", m_connection->last_error())));
  }
  return {};
}

util::Expected<std::int64_t>
CopyIn::end()
{
  if (m_connection == nullptr) {
    return util::make_error(util::ErrorKind::database, "COPY: ended twice");
  }
  return finish(nullptr);
}

// Ends the copy (abandoned when `abandon_reason` is given) and reads every
// result, so the connection is ready for the next statement.
util::Expected<std::int64_t>
CopyIn::finish(const char* abandon_reason)
{
  Connection& connection = *std::exchange(m_connection, nullptr);
  pg_conn* raw = connection.m_connection.get();
  if (PQputCopyEnd(raw, abandon_reason) != 1) {
    return std::unexpected(connection.error(fmt::format("COPY: {}", connection.last_error())));
  }
  util::Expected<std::int64_t> outcome = 0;
  bool first = true;
  while (pg_result* raw_result = PQgetResult(raw)) {
    Result result(raw_result);
    if (first && PQresultStatus(raw_result) == PGRES_COMMAND_OK) {
      outcome = result.affected();
    } else if (first) {
      outcome = std::unexpected(connection.error(fmt::format("COPY: {}", one_line(PQresultErrorMessage(raw_result)))));
    }
    first = false;
  }
  return outcome;
}

// Connection

void
Connection::Finish::operator()(pg_conn* connection) const
{
  PQfinish(connection);
}

Connection::Connection(pg_conn* connection, std::string where)
  : m_connection(connection),
    m_where(std::make_unique<std::string>(std::move(where)))
{
}

Connection::~Connection() = default;

util::Expected<Connection>
Connection::open(std::string_view url)
{
  // dbname last: what the URL says overrides the two before it.
  const std::string conninfo(url);
  const char* const keywords[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* const values[] = {"10", "remitwatch", conninfo.c_str(), nullptr};
  pg_conn* raw = PQconnectdbParams(keywords, values, 1);
  if (raw == nullptr) {
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}: cannot connect: out of memory", redact(url)));
  }
  PQsetNoticeProcessor(raw, [](void*, const char*) {}, nullptr);
  // PQhost is the socket folder for a Unix socket; PQport libpq's default
  // when none was given.
  Connection connection(raw,
                        fmt::format("PostgreSQL server {}:{}, database {} (user {})",
                                    text_or(PQhost(raw), "(default)"), text_or(PQport(raw), "5432"),
                                    text_or(PQdb(raw), "(default)"), text_or(PQuser(raw), "(default)")));
  if (PQstatus(raw) != CONNECTION_OK) {
    return std::unexpected(connection.error(fmt::format("cannot connect: {}", one_line(PQerrorMessage(raw)))));
  }
  return connection;
}

util::Error
Connection::error(std::string_view what, std::string_view sql) const
{
  std::string message = fmt::format("{}: {}", *m_where, what);
  if (!sql.empty()) {
    message += fmt::format(" (in: {})", util::excerpt(sql, 80));
  }
  return util::Error{util::ErrorKind::database, message};
}

util::Expected<Result>
Connection::checked(pg_result* raw, std::string_view sql) const
{
  if (raw == nullptr) {
    return std::unexpected(error(last_error(), sql));
  }
  Result result(raw);
  const auto status = PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN) {
    return result;
  }
  return std::unexpected(error(one_line(PQresultErrorMessage(raw)), sql));
}

util::Expected<void>
Connection::exec(std::string_view sql)
{
  auto result = checked(PQexec(m_connection.get(), std::string(sql).c_str()), sql);
  if (!result) {
    return std::unexpected(result.error());
  }
  return {};
}

util::Expected<Result>
Connection::query(std::string_view sql, std::span<const Parameter> parameters)
{
  std::vector<std::string> texts;
  texts.reserve(parameters.size());
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const auto& parameter : parameters) {
    if (parameter) {
      values.push_back(texts.emplace_back(*parameter).c_str());
    } else {
      values.push_back(nullptr);
    }
  }
  return checked(PQexecParams(m_connection.get(), std::string(sql).c_str(), static_cast<int>(values.size()),
                              nullptr, values.data(), nullptr, nullptr, 0),
                 sql);
}

util::Expected<CopyIn>
Connection::copy_in(std::string_view sql)
{
  auto result = checked(PQexec(m_connection.get(), std::string(sql).c_str()), sql);
  if (!result) {
    return std::unexpected(result.error());
  }
  if (PQresultStatus(result->m_result.get()) != PGRES_COPY_IN) {
    return std::unexpected(error("not a COPY ... FROM STDIN", sql));
  }
  return CopyIn(*this);
}

std::string
Connection::last_error() const
{
  return one_line(PQerrorMessage(m_connection.get()));
}

bool
Connection::in_transaction() const
{
  return PQtransactionStatus(m_connection.get()) != PQTRANS_IDLE;
}

int
Connection::server_version() const
{
  return PQserverVersion(m_connection.get());
}

} // namespace rw::store::postgres
