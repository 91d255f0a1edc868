#include "store/import_runs.hpp"

namespace rw::store {

util::Expected<std::int64_t>
previous_import_run(Database& database, std::string_view source, const std::string& sha256)
{
  auto statement = database.prepare(
    "SELECT id FROM runs WHERE kind = 'import' AND source = ?1 AND input_sha256 = ?2 "
    "AND status IN ('ok', 'partial') ORDER BY id DESC LIMIT 1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, source).bind(2, sha256);
  auto row = statement->step();
  if (!row) {
    return std::unexpected(row.error());
  }
  return *row ? statement->column_int(0) : 0;
}

util::Expected<std::optional<RunRecord>>
newest_run_if_import(Database& database, std::string_view source)
{
  auto statement = database.prepare(
    "SELECT id, rows_read, imported, updated, unchanged, rejected, flagged, input_sha256 FROM runs "
    "WHERE id = (SELECT max(id) FROM runs) AND kind = 'import' AND source = ?1 AND input_sha256 IS NOT NULL "
    "AND status IN ('ok', 'partial')");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, source);
  auto row = statement->step();
  if (!row) {
    return std::unexpected(row.error());
  }
  if (!*row) {
    return std::nullopt;
  }
  RunRecord run{.id = statement->column_int(0), .source = std::string(source), .input_sha256 = statement->column_text(7)};
  run.rows_read = statement->column_int(1);
  run.imported = statement->column_int(2);
  run.updated = statement->column_int(3);
  run.unchanged = statement->column_int(4);
  run.rejected = statement->column_int(5);
  run.flagged = statement->column_int(6);
  return run;
}

util::Expected<void>
set_run_input_sha256(Database& database, std::int64_t run_id, const std::string& sha256)
{
  auto statement = database.prepare("UPDATE runs SET input_sha256 = ?2 WHERE id = ?1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  return statement->bind(1, run_id).bind(2, sha256).run();
}

} // namespace rw::store
