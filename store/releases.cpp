#include "store/releases.hpp"

namespace rw::store {

namespace {

constexpr const char* k_select_releases =
  "SELECT r.run_id, r.file_name, r.catalog_version, r.release_date, r.url, r.revised_first, r.revised_last, "
  "COALESCE(u.input_sha256, ''), u.started_at, u.imported, u.updated, u.unchanged, u.rejected "
  "FROM releases r JOIN runs u ON u.id = r.run_id";

util::Expected<std::vector<ReleaseRow>>
read_rows(Statement& statement)
{
  std::vector<ReleaseRow> rows;
  while (true) {
    auto more = statement.step();
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      return rows;
    }
    ReleaseRow row;
    row.release.run_id = statement.column_int(0);
    row.release.file_name = statement.column_text(1);
    row.release.catalog_version = statement.column_text(2);
    row.release.release_date = statement.column_text(3);
    row.release.url = statement.column_text(4);
    if (!statement.is_null(5)) {
      row.release.revised_first = statement.column_text(5);
      row.release.revised_last = statement.column_text(6);
    }
    row.sha256 = statement.column_text(7);
    row.imported_at = statement.column_text(8);
    row.added = statement.column_int(9);
    row.changed = statement.column_int(10);
    row.unchanged = statement.column_int(11);
    row.rejected = statement.column_int(12);
    rows.push_back(std::move(row));
  }
}

} // namespace

util::Expected<void>
record_release(Database& database, const ReleaseRecord& release)
{
  auto statement = database.prepare(
    "INSERT INTO releases (run_id, file_name, catalog_version, release_date, url, revised_first, revised_last) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  return statement->bind(1, release.run_id)
    .bind(2, release.file_name)
    .bind(3, release.catalog_version)
    .bind(4, release.release_date)
    .bind(5, release.url)
    .bind(6, release.revised_first)
    .bind(7, release.revised_last)
    .run();
}

util::Expected<std::vector<ReleaseRow>>
load_releases(Database& database)
{
  auto statement = database.prepare(std::string(k_select_releases) + " ORDER BY r.id");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  return read_rows(*statement);
}

util::Expected<std::optional<ReleaseRow>>
release_with_sha256(Database& database, const std::string& sha256)
{
  auto statement =
    database.prepare(std::string(k_select_releases) + " WHERE u.input_sha256 = ?1 ORDER BY r.id DESC LIMIT 1");
  if (!statement) {
    return std::unexpected(statement.error());
  }
  statement->bind(1, sha256);
  auto rows = read_rows(*statement);
  if (!rows) {
    return std::unexpected(rows.error());
  }
  return rows->empty() ? std::nullopt : std::optional<ReleaseRow>(std::move(rows->front()));
}

} // namespace rw::store
