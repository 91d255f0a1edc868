#pragma once

// Which backend the store-touching cases run on (issue 22). By default SQLite
// files in the case's temporary folder; with RW_TEST_BACKEND=postgres (CTest's
// unit.on_postgres, under tests/postgres/cluster.sh) a new database on
// $RW_TEST_POSTGRES for each store a case names. A case reaches its store only
// through store_at(), so the same body runs on both.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rw::test {

// The cases run with their stores on PostgreSQL.
bool on_postgres();

// Where the store `file` of this case lives: `file` itself on SQLite; on
// PostgreSQL the URL of a new, empty database, the same one each time the
// case names `file` again (but a new one for each ":memory:", as on SQLite),
// dropped when the case ends.
std::filesystem::path store_at(const std::filesystem::path& file);

// How messages name the store at `location` (from store_at): its file name,
// or on PostgreSQL its database's.
std::string store_name(const std::filesystem::path& location);

// Decorators for the cases of a file CTest runs on both backends
// (tests/CMakeLists.txt, rw_both_backends_files) that do not run on
// PostgreSQL, so doctest reports them skipped there: one that tests SQLite's
// own behaviour (its files, pragmas, schema table, messages) ...
inline doctest::skip
sqlite_only()
{
  return doctest::skip(on_postgres());
}

// ... and one that touches no store.
inline doctest::skip
no_store()
{
  return doctest::skip(on_postgres());
}

// On PostgreSQL, the cases that ran without naming a store through store_at:
// they would count as run on PostgreSQL while they ran nothing there, so the
// binary fails naming them (mark them sqlite_only() or no_store()).
const std::vector<std::string>& cases_without_a_store();

} // namespace rw::test
