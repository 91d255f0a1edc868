#pragma once

#include "readers/imported_quote.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

// One published value of a corridor series (DataBank ATCR.CORR: the average
// total cost to remit in the corridor, USD 200).
struct SeriesValue
{
  std::string series; // "ATCR.CORR"
  corridors::CorridorKey corridor;
  corridors::Quarter period{2000, 1};
  double value = 0;
  size_t line = 0;
};

struct SeriesFile
{
  std::vector<SeriesValue> values;
  std::vector<RejectedRow> rejected;
  size_t rows = 0;               // data rows read (sender × receiver)
  size_t missing_values = 0;     // ".." cells
  std::vector<corridors::Quarter> periods; // the quarter columns, in file order
};

// The World Bank DataBank CSV export of a corridor series: a BOM, one row per
// sender × receiver, one column per quarter ("2011Q1 [YR2011Q1]"), ".." for
// missing, footer lines ("Data from database: …", "Last Updated: …") after
// blank rows.
util::Expected<SeriesFile> read_databank_csv(std::string_view text,
                                             const std::string& source_name,
                                             const corridors::Catalogue& catalogue);

} // namespace rw::readers
