#pragma once

#include "calculator/aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/quarter.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <filesystem>
#include <map>

namespace rw::datasets {

struct RpwAggregateOptions
{
  int amount_usd = 200;  // 200 (cc1) or 500 (cc2); quotes of the other amount are skipped
  unsigned threads = 0;  // 0: one per core
  size_t max_listed_rejections = 20;
  size_t min_bytes_per_thread = size_t{4} << 20; // smaller files use fewer threads
  size_t block_bytes = size_t{1024} << 10;          // read at a time by each thread (grown for a longer record)
};

// Every quarter of an RPW dataset CSV export, aggregated.
struct RpwAggregation
{
  std::map<corridors::Quarter, calculator::QuarterAccumulator> quarters;
  size_t rows = 0;     // data rows read
  size_t services = 0; // rows with a figure for the amount
};

// The aggregates of an RPW dataset CSV export straight from the file, without
// a database: the file is cut at line starts into one part per thread, each
// read in blocks into its own buffer (a part found to start inside a quoted
// field is read again from where the one before it ended), and every row goes
// through RpwReader::parse (the importer's checks)
// into its quarter's calculator::QuarterAccumulator. Each row is one service,
// as the importer stores it, so the figures are the same bits as importing
// the file and averaging the store. A file with rejected rows is refused,
// naming the first of them as "file:line: why". A pipe or FIFO (no size, read
// once) is read whole into memory first (util::read_text_file's bounds), then
// the same way.
util::Expected<RpwAggregation> aggregate_rpw_csv(const std::filesystem::path& path,
                                                 const corridors::Catalogue& catalogue,
                                                 const RpwAggregateOptions& options = {});

} // namespace rw::datasets
