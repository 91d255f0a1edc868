#pragma once

#include "corridors/model.hpp"
#include "readers/imported_quote.hpp"
#include "corridors/catalogue.hpp"
#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

// One corridor's bilateral remittance flow: what the weighted average weighs
// its corridor average by (docs/methodology.md, "Weighted average").
struct Flow
{
  corridors::CorridorKey corridor;
  double usd = 0;
  std::optional<int> year;
  std::string source;
  size_t line = 0;
};

struct FlowFile
{
  std::vector<Flow> flows;
  std::vector<RejectedRow> rejected;
  size_t rows = 0; // data rows read
};

// The bilateral remittance flows CSV (docs/formats/flows-csv.md): a header
// with `sender`, `receiver`, `flow_usd` and optionally `year` and `source`,
// one row per corridor. A row is rejected with "file:line" when a code is not
// a country in the catalogue, sender and receiver are one country, the flow
// is not a finite number from 0 to 10^13 USD, the year is outside 1990–2099,
// or the corridor was given on an earlier line with another value (an
// identical repeat is left out).
util::Expected<FlowFile> read_flows_csv(std::string_view text,
                                        const std::string& source_name,
                                        const corridors::Catalogue& catalogue);

} // namespace rw::readers
