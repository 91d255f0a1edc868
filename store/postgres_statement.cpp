#include "store/postgres_statement.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace rw::store::detail {

namespace {

// Copies a quoted run ('…' or "…", a doubled quote inside) from `at`.
size_t
copy_quoted(std::string_view sql, size_t at, std::string& out)
{
  const char quote = sql[at];
  out += quote;
  size_t i = at + 1;
  while (i < sql.size()) {
    out += sql[i];
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        out += sql[++i];
      } else {
        return i + 1;
      }
    }
    ++i;
  }
  return i;
}

} // namespace

std::string
postgres_placeholders(std::string_view sql)
{
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 0;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      i = copy_quoted(sql, i, out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out += sql.substr(i, stop - i);
      i = stop;
    } else if (c == '?') {
      size_t digits = i + 1;
      while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') {
        ++digits;
      }
      if (digits == i + 1) {
        out += fmt::format("${}", ++next);
      } else {
        out += '$';
        out += sql.substr(i + 1, digits - i - 1);
        std::from_chars(sql.data() + i + 1, sql.data() + digits, next);
      }
      i = digits;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string
postgres_double(double value)
{
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  return fmt::format("{}", value); // the shortest digits that read back exactly
}

PostgresStatement::PostgresStatement(PostgresStore& store, std::string_view sql)
  : m_store(&store),
    m_sql(postgres_placeholders(sql))
{
}

void
PostgresStatement::bind(int index, std::optional<std::string> text)
{
  if (index < 1) {
    return;
  }
  if (m_parameters.size() < static_cast<size_t>(index)) {
    m_parameters.resize(static_cast<size_t>(index));
  }
  m_parameters[static_cast<size_t>(index) - 1] = std::move(text);
}

util::Expected<bool>
PostgresStatement::step()
{
  if (!m_result) {
    std::vector<postgres::Parameter> parameters;
    parameters.reserve(m_parameters.size());
    for (const auto& parameter : m_parameters) {
      parameters.push_back(parameter ? postgres::Parameter(*parameter) : std::nullopt);
    }
    auto result = m_store->connection.query(m_sql, parameters);
    if (!result) {
      m_store->changes = 0;
      return std::unexpected(result.error());
    }
    m_store->changes = result->affected();
    m_result = std::move(*result);
    m_row = -1;
  }
  ++m_row;
  m_blobs.assign(static_cast<size_t>(m_result->columns()), std::nullopt);
  return m_row < m_result->rows();
}

void
PostgresStatement::reset()
{
  m_result.reset();
  m_row = -1;
  m_parameters.clear(); // as sqlite3_clear_bindings: unbound is NULL
}

bool
PostgresStatement::is_null(int column) const
{
  return !m_result || m_row < 0 || m_row >= m_result->rows() || m_result->is_null(m_row, column);
}

std::string_view
PostgresStatement::text(int column) const
{
  return is_null(column) ? std::string_view() : m_result->text(m_row, column);
}

std::int64_t
PostgresStatement::column_int(int column) const
{
  const std::string_view value = text(column);
  if (value == "t" || value == "f") { // a boolean expression
    return value == "t" ? 1 : 0;
  }
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error == std::errc() && end == value.data() + value.size()) {
    return number;
  }
  return static_cast<std::int64_t>(column_double(column)); // a real or numeric, truncated as SQLite does
}

double
PostgresStatement::column_double(int column) const
{
  const std::string_view value = text(column);
  if (value == "Infinity" || value == "-Infinity") {
    return value[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  double number = 0;
  std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

std::string_view
PostgresStatement::blob(int column) const
{
  const std::string_view value = text(column);
  if (!value.starts_with("\\x")) {
    return value;
  }
  auto& decoded = m_blobs[static_cast<size_t>(column)];
  if (!decoded) {
    decoded = postgres::bytea_bytes(value);
    if (!decoded) {
      return value;
    }
  }
  return *decoded;
}

int
PostgresStatement::column_count() const
{
  return m_result ? m_result->columns() : 0;
}

std::string
PostgresStatement::column_name(int column) const
{
  return m_result ? m_result->column_name(column) : std::string();
}

} // namespace rw::store::detail
