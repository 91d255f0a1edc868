#include "store/table_rows.hpp"

#include "store/schema.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <tuple>

namespace rw::store::table_rows {

namespace {

// Every table of the schema, parents before children, with the columns its
// rows are ordered by (its primary key). A table missing here makes copy
// and canonical refuse the store, so a new migration cannot be forgotten.
struct TableSpec
{
  std::string_view name;
  std::array<std::string_view, 2> key;
};
constexpr std::array<TableSpec, 17> k_tables = {{
  {"countries", {"iso3"}},
  {"corridors", {"id"}},
  {"providers", {"id"}},
  {"services", {"id"}},
  {"runs", {"id"}},
  {"quotes", {"id"}},
  {"benchmark_rates", {"id"}},
  {"corridor_series", {"id"}},
  {"reference_values", {"id"}},
  {"alerts", {"id"}},
  {"alert_deliveries", {"id"}},
  {"responses", {"id"}},
  {"http_validators", {"url"}},
  {"run_items", {"id"}},
  {"quote_figures", {"standard_amount_usd", "period"}},
  {"flows", {"sender", "receiver"}},
  {"releases", {"id"}},
}};

// Each kind as SQLite declares it and as PostgreSQL's information_schema
// names its translation (store::postgres_dialect).
constexpr std::array<std::tuple<Kind, std::string_view, std::string_view>, 4> k_kinds = {{
  {Kind::integer, "INTEGER", "bigint"},
  {Kind::real, "REAL", "double precision"},
  {Kind::text, "TEXT", "text"},
  {Kind::blob, "BLOB", "bytea"},
}};

std::optional<Kind>
kind_of(std::string_view type, bool postgres)
{
  for (const auto& [kind, sqlite_name, postgres_name] : k_kinds) {
    if (type == (postgres ? postgres_name : sqlite_name)) {
      return kind;
    }
  }
  return std::nullopt;
}

// The tables a store has must be k_tables, no more and no fewer.
util::Expected<void>
check_table_names(std::vector<std::string> names, std::string_view where)
{
  std::sort(names.begin(), names.end());
  std::vector<std::string> expected;
  expected.reserve(k_tables.size());
  for (const auto& spec : k_tables) {
    expected.emplace_back(spec.name);
  }
  std::sort(expected.begin(), expected.end());
  if (names == expected) {
    return {};
  }
  return util::make_error(util::ErrorKind::database,
                          fmt::format("{}: its tables ({}) are not those of remitwatch's schema {} ({}); bring it "
                                      "up to date with this remitwatch first",
                                      where, fmt::join(names, ", "), schema_version(), fmt::join(expected, ", ")));
}

void
append_double(std::string& line, double value)
{
  fmt::format_to(std::back_inserter(line), "{}", value);
}

void
append_blob(std::string& line, std::string_view bytes)
{
  line += '\\'; // COPY's text format escapes bytea's own backslash
  line += postgres::bytea_hex(bytes);
}

} // namespace

util::Expected<std::vector<Table>>
read_tables(Database& database)
{
  auto names = read_rows<std::string>(
    database.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"),
    [](const Statement& s) { return s.column_text(0); });
  if (!names) {
    return std::unexpected(names.error());
  }
  if (auto ok = check_table_names(*names, database.path()); !ok) {
    return std::unexpected(ok.error());
  }
  std::vector<Table> tables;
  for (const auto& spec : k_tables) {
    Table table{std::string(spec.name), {}, spec.key};
    auto columns = read_rows<std::pair<std::string, std::string>>(
      database.prepare(fmt::format("SELECT name, type FROM pragma_table_info('{}') ORDER BY cid", spec.name)),
      [](const Statement& s) { return std::pair{s.column_text(0), s.column_text(1)}; });
    if (!columns) {
      return std::unexpected(columns.error());
    }
    for (auto& [name, type] : *columns) {
      const auto kind = kind_of(type, false);
      if (!kind) {
        return util::make_error(util::ErrorKind::database, fmt::format("{}: {}.{} has type '{}', not one remitwatch writes",
                                                                       database.path(), spec.name, name, type));
      }
      table.columns.push_back({std::move(name), *kind});
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

util::Expected<std::vector<Table>>
read_tables(postgres::Connection& connection)
{
  auto names = connection.query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                "current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'remitwatch_schema'");
  if (!names) {
    return std::unexpected(names.error());
  }
  std::vector<std::string> list;
  list.reserve(static_cast<size_t>(names->rows()));
  for (int row = 0; row < names->rows(); ++row) {
    list.emplace_back(names->text(row, 0));
  }
  if (auto ok = check_table_names(list, connection.where()); !ok) {
    return std::unexpected(ok.error());
  }
  std::vector<Table> tables;
  for (const auto& spec : k_tables) {
    Table table{std::string(spec.name), {}, spec.key};
    const std::array<postgres::Parameter, 1> name{spec.name};
    auto columns = connection.query("SELECT column_name, data_type FROM information_schema.columns WHERE "
                                    "table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                                    name);
    if (!columns) {
      return std::unexpected(columns.error());
    }
    for (int row = 0; row < columns->rows(); ++row) {
      const auto kind = kind_of(columns->text(row, 1), true);
      if (!kind) {
        return util::make_error(util::ErrorKind::database, fmt::format("{}: {}.{} has type '{}', not one remitwatch writes",
                                                                       connection.where(), spec.name,
                                                                       columns->text(row, 0), columns->text(row, 1)));
      }
      table.columns.push_back({std::string(columns->text(row, 0)), *kind});
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

util::Expected<void>
check_same_tables(const std::vector<Table>& a, const std::vector<Table>& b, std::string_view a_where,
                  std::string_view b_where)
{
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].columns != b[i].columns) {
      return util::make_error(util::ErrorKind::database,
                              fmt::format("table {} has other columns in {} than in {}; both must be remitwatch "
                                          "schema {}",
                                          a[i].name, a_where, b_where, schema_version()));
    }
  }
  return {};
}

std::string
column_list(const Table& table)
{
  std::string out;
  for (const auto& column : table.columns) {
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", column.name);
  }
  return out;
}

// The rows in key order; text keys in byte order on PostgreSQL too (its
// collation may be a locale's; SQLite's is memcmp, as "C" on UTF-8).
std::string
select_sql(const Table& table, bool postgres)
{
  std::string order;
  for (const auto key : table.key) {
    if (key.empty()) {
      continue;
    }
    const bool text = std::ranges::any_of(table.columns, [&](const Column& c) {
      return c.name == key && c.kind == Kind::text;
    });
    order += fmt::format("{}\"{}\"{}", order.empty() ? "" : ", ", key, postgres && text ? " COLLATE \"C\"" : "");
  }
  return fmt::format("SELECT {} FROM \"{}\" ORDER BY {}", column_list(table), table.name, order);
}

// One SQLite row as a canonical line.
util::Expected<void>
append_line(std::string& line, const Statement& row, const Table& table)
{
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const int column = static_cast<int>(i);
    if (i > 0) {
      line += '\t';
    }
    if (row.is_null(column)) {
      line += "\\N";
      continue;
    }
    switch (table.columns[i].kind) {
    case Kind::integer: fmt::format_to(std::back_inserter(line), "{}", row.column_int(column)); break;
    case Kind::real: append_double(line, row.column_double(column)); break;
    case Kind::text: postgres::append_copy_field(line, row.column_view(column), true); break;
    case Kind::blob: append_blob(line, row.column_blob(column)); break;
    }
  }
  line += '\n';
  return {};
}

util::Expected<double>
parse_double(std::string_view text, const Table& table, const Column& column)
{
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}.{}: '{}' is not a number", table.name, column.name, text));
  }
  return value;
}

util::Expected<std::string>
parse_bytea(std::string_view text, const Table& table, const Column& column)
{
  auto bytes = postgres::bytea_bytes(text);
  if (!bytes) {
    return util::make_error(util::ErrorKind::database,
                            fmt::format("{}.{}: not a bytea in hex format (bytea_output = hex)", table.name,
                                        column.name));
  }
  return std::move(*bytes);
}

// One PostgreSQL row as a canonical line.
util::Expected<void>
append_line(std::string& line, const postgres::Result& result, int row, const Table& table)
{
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const int column = static_cast<int>(i);
    if (i > 0) {
      line += '\t';
    }
    if (result.is_null(row, column)) {
      line += "\\N";
      continue;
    }
    const auto text = result.text(row, column);
    switch (table.columns[i].kind) {
    case Kind::integer: line += text; break;
    case Kind::real: {
      auto value = parse_double(text, table, table.columns[i]);
      if (!value) {
        return std::unexpected(value.error());
      }
      append_double(line, *value);
      break;
    }
    case Kind::text: postgres::append_copy_field(line, text, true); break;
    case Kind::blob: line += '\\'; line += text; break; // "\x..." with its backslash escaped
    }
  }
  line += '\n';
  return {};
}

} // namespace rw::store::table_rows
