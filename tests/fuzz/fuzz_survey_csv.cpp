// Survey CSV, and its quotes as imported quotes.
#include "readers/survey.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(survey_csv)
{
  auto survey = rw::readers::read_survey_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  if (survey) {
    (void)rw::readers::to_imported(*survey);
  }
  return 0;
}
