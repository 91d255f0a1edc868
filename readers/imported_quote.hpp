#pragma once

#include "corridors/model.hpp"
#include "corridors/quarter.hpp"

#include <optional>
#include <string>
#include <vector>

namespace rw::readers {

// A quote as read from a source, before it is stored: the quote itself plus
// what the source says about it and the keys that make re-imports idempotent.
struct ImportedQuote
{
  corridors::Quote quote;
  corridors::Quarter period{2000, 1}; // the source's period (RPW), else the quarter collected
  std::string service_key;            // identity of the service inside its corridor
  std::string natural_key;            // unique within the source: same row, same key
  std::string source_ref;             // the source's own row id, if any
  // The source's own figures, kept as published (RPW): never recomputed.
  std::optional<double> reported_fx_margin_pct;
  std::optional<double> reported_total_cost_pct;
  bool flagged = false; // the reported total disagrees with fee % + margin by > 0.01 pp
  std::string flag_reason;
  size_t line = 0; // where in the file
};

// A row the reader could not accept: "file:line: why".
struct RejectedRow
{
  size_t line = 0;
  std::string message;
};

// A quote observed at its collection time (a survey row, an API answer): its
// quarter is the one collected in, and its natural key is corridor, service,
// collection time and standard amount, so the same quote however often read
// is one row. (RPW rows key on their own period and id: readers/rpw.cpp.)
ImportedQuote observed_quote(corridors::Quote quote);

// The bounds every quote meets before it is stored, whatever its source
// (survey, RPW, the collector's Wise and feed quotes), so that no source can
// store a row that breaks the reads after it. Rejected, not flagged: a quote
// outside them is a broken figure, not an expensive service. The message
// says which figure and why; the caller adds where (FILE:LINE, the response).
//  - collected in a year in corridors::k_first_year..k_last_year;
//  - amount finite and positive; fee finite, 0 to the amount (fee % 0..100);
//  - rate and benchmark finite and not negative (RPW leaves a blank one 0);
//    with both given, the rate at most twice the benchmark (FX margin
//    −100..100 %), and the total cost % (fee % + FX margin) in −100..100;
//  - amount received, if given, finite and not negative;
//  - a source's published total cost % and FX margin, if given, finite and
//    in −100..100.
util::Expected<void> check_plausible(const corridors::Quote& quote);
util::Expected<void> check_plausible(const ImportedQuote& imported);

struct ImportedFile
{
  std::vector<ImportedQuote> quotes;
  std::vector<RejectedRow> rejected;
  size_t rows = 0; // data rows read
  // What the reader ignored and says once for the file (not per row), e.g.
  // "FILE: 6,470 rows carry 5 unlabelled trailing cells, ignored (first at line 9)".
  std::vector<std::string> notes;
};

} // namespace rw::readers
