#pragma once

#include "readers/imported_quote.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"
#include "util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

struct SurveyFile
{
  std::vector<corridors::Quote> quotes;
  std::vector<RejectedRow> rejected;
  size_t rows = 0; // data rows read
};

// Reads our survey CSV format (docs/formats/survey-csv.md). A file whose
// header lacks a required column, or that is not CSV text, is refused whole
// (the error); a bad row is rejected with its line and the rest still read.
util::Expected<SurveyFile> read_survey_csv(std::string_view text,
                                           const std::string& source_name,
                                           const corridors::Catalogue& catalogue);

// The survey's quotes as imported quotes: the natural key is corridor,
// service, collection time and standard amount.
ImportedFile to_imported(const SurveyFile& survey);

} // namespace rw::readers
