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
