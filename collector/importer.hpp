#pragma once

#include "readers/imported_quote.hpp"
#include "readers/rejects.hpp"
#include "corridors/catalogue.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rw::collector {

enum class ImportKind { rpw, databank, survey, flows };

// Parses "rpw", "databank", "survey", "flows".
util::Expected<ImportKind> parse_import_kind(std::string_view name);
std::string_view to_string(ImportKind kind);

struct ImportSummary
{
  std::int64_t run_id = 0; // 0: nothing changed and the same file was already imported
  std::int64_t previous_run_id = 0; // the earlier run of the same file, if any
  size_t rows_read = 0;
  size_t imported = 0;  // new rows
  size_t updated = 0;   // rows whose values changed
  size_t unchanged = 0; // rows already stored as they are
  size_t rejected = 0;
  size_t flagged = 0;   // imported with a flag (RPW: total ≠ fee % + margin)
  std::vector<readers::RejectedRow> rejected_rows;
  readers::ReasonCounter flags; // flagged rows by reason
  std::vector<std::string> notes; // said once for the file (RPW: unlabelled trailing cells ignored)
  // The quarters of the rows it changed (a release revising old quarters).
  std::optional<std::string> revised_first, revised_last;
};

// What an import may be told besides its kind and file.
// The World Bank's record of an RPW release (its Data Catalog entry).
struct ReleaseInfo
{
  std::string file_name, catalog_version, release_date, url;
};

struct ImportSettings
{
  std::string sheet; // the RPW workbook: only this sheet (else every "Dataset …" sheet)
  // An RPW workbook is recorded as a release (store/releases.hpp): by its
  // file name alone, unless the catalog's record is given.
  std::optional<ReleaseInfo> release;
};

// Reports progress: quotes written so far (the total is not known while a
// file is streamed: 0).
using Progress = std::function<void(size_t done, size_t total)>;

// Imports one file into the store, in one transaction: the file's valid rows
// land together or nothing does. A file that is not what `kind` expects is
// refused before anything is written. Re-importing a file changes nothing;
// a newer release of a dataset updates the rows that changed. Records a run
// (source, file, SHA-256, counts) unless the same file was imported before
// and nothing changed. `now` is the run's timestamp (ISO 8601 UTC).
util::Expected<ImportSummary> import_file(store::Database& database,
                                          ImportKind kind,
                                          const std::filesystem::path& path,
                                          const corridors::Catalogue& catalogue,
                                          const std::string& now,
                                          const Progress& progress = {},
                                          const ImportSettings& settings = {});

// What a release's changed rows revised: "2,314 rows of 2016Q2–2024Q4
// revised" ("1 row of 2016Q2 revised").
std::string describe_revision(size_t rows, const std::string& first, const std::string& last);

// A quote as the store keeps it.
store::QuoteRecord to_record(const readers::ImportedQuote& imported);

// Writes the catalogue's countries and corridors (with flows) into the store.
util::Expected<void> sync_catalogue(store::Database& database, const corridors::Catalogue& catalogue);

} // namespace rw::collector
