#pragma once

// A whole store between the two backends (issue 22): `remitwatch db copy`
// from SQLite to PostgreSQL and back, exactly, and the one form both are
// compared in.

#include "store/database.hpp"
#include "store/postgres.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace rw::store {

struct TableCount
{
  std::string table;
  std::int64_t rows = 0;
};

// What a store holds, in one form for both backends: every table of the
// schema in the order of its foreign keys, its rows in the order of their
// primary key (text in byte order, as SQLite compares it), each row one line
// in COPY's text format — integers in decimal, REALs in the shortest form
// that reads back as the same double, BLOBs as \\x and hex, NULL as \N — after
// a line "== TABLE". Two stores have the same canonical form exactly when
// they hold the same values; the schema version table is not part of it.
struct Canonical
{
  std::vector<TableCount> tables;
  std::string sha256; // of the text
};
// `text`, when given, receives the whole form (for tests and diffs; a large
// store's is as large as the store).
util::Expected<Canonical> canonical(Database& database, std::string* text = nullptr);
util::Expected<Canonical> canonical(postgres::Connection& connection, std::string* text = nullptr);

// Copies every row of `from` into `to`, which must hold none (its schema is
// created or brought up to date first; the caller migrates a SQLite target).
// The source is read in one snapshot; the target is written in one
// transaction, whole or not at all, with the quote_figures triggers set aside
// (the packed figures are copied as they are). Ids are kept; PostgreSQL's
// identity columns go on after the largest. Both stores must have the same
// schema version. Returns the source's canonical form (its rows per table and
// SHA-256), taken from the very rows the copy read, in its snapshot: what
// the target's canonical form must equal.
util::Expected<Canonical> copy_store(Database& from, postgres::Connection& to);
util::Expected<Canonical> copy_store(postgres::Connection& from, Database& to);

} // namespace rw::store
