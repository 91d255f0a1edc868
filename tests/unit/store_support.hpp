#pragma once

// Database helpers shared by the store, importer and reliability tests: a
// database's whole content as text, and the commands that only read one.

#include "store/database.hpp"
#include "store/dump.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rw::test {

// The database's content (store::dump), to compare before and after.
inline std::string
dump_of(store::Database& db)
{
  auto text = store::dump(db);
  REQUIRE(text);
  return *text;
}

inline std::string
dump_of(const std::filesystem::path& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  return dump_of(*db);
}

// Every command that only reads a database, on `db` (the example's corridors).
inline std::vector<std::vector<std::string>>
read_commands(const std::filesystem::path& db)
{
  return {
    {"db", "info", "--db", db.string()},
    {"averages", "--db", db.string(), "--by", "corridor"},
    {"report", "--db", db.string(), "--format", "json"},
    {"series", "--db", db.string(), "--corridor", "USA-MEX"},
  };
}

// A command line as one string, for CAPTURE.
inline std::string
joined(const std::vector<std::string>& args)
{
  std::string text;
  for (const auto& arg : args) {
    text += (text.empty() ? "" : " ") + arg;
  }
  return text;
}

} // namespace rw::test
