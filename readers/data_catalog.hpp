#pragma once

#include "util/error.hpp"

#include <string>
#include <string_view>

namespace rw::readers {

// A workbook the World Bank Data Catalog lists for a dataset: its
// `DatasetView` answer (JSON) has a `Resources` list, each with `name`,
// `url`, `format`, `last_updated_date` and, for versioned files, `version`.
// The RPW release's URL and file name change with every release.
struct CatalogRelease
{
  std::string file_name; // the URL's last part (else the resource's name)
  std::string url;
  std::string version;   // the resource's, else the dataset's; may be empty
  std::string date;      // YYYY-MM-DD of last_updated_date; may be empty
};

// The newest workbook (.xlsx) of a DatasetView answer: the latest
// last_updated_date, the later listed on a tie. `source` (the URL asked)
// names the answer in errors.
util::Expected<CatalogRelease> parse_catalog_release(std::string_view json, const std::string& source);

} // namespace rw::readers
