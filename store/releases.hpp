#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rw::store {

// A World Bank RPW release as an import read it (schema v5, `releases`).
// The import run it belongs to holds its SHA-256, time and counts; a quote's
// run_id names the release its values came from.
struct ReleaseRecord
{
  std::int64_t run_id = 0;
  std::string file_name;       // "RPW_Data_2011_2025Q3.xlsx"
  std::string catalog_version; // the Data Catalog's, empty for `import rpw`
  std::string release_date;    // the catalog's last update, empty for `import rpw`
  std::string url;             // where it was downloaded, empty for `import rpw`
  std::optional<std::string> revised_first, revised_last; // quarters of the rows it changed
};

// Records the release an import run read (inside the import's transaction).
util::Expected<void> record_release(Database& database, const ReleaseRecord& release);

// A release with what its run counted, for `db releases`.
struct ReleaseRow
{
  ReleaseRecord release;
  std::string sha256, imported_at;
  std::int64_t added = 0, changed = 0, unchanged = 0, rejected = 0;
};

// Every release recorded, oldest first.
util::Expected<std::vector<ReleaseRow>> load_releases(Database& database);

// The release whose file had this SHA-256, if one was imported.
util::Expected<std::optional<ReleaseRow>> release_with_sha256(Database& database, const std::string& sha256);

} // namespace rw::store
