// Survey CSV, and its quotes as imported quotes.
#include "collector/survey.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(survey_csv)
{
  auto survey = rw::collector::read_survey_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  if (survey) {
    (void)rw::collector::to_imported(*survey);
  }
  return 0;
}
