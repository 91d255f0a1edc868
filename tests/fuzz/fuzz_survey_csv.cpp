// Survey CSV, and its quotes as imported quotes; what it accepts is stored
// and read back.
#include "readers/survey.hpp"
#include "tests/fuzz/fuzz.hpp"
#include "tests/fuzz/fuzz_store.hpp"

RW_FUZZ_TARGET(survey_csv)
{
  auto survey = rw::readers::read_survey_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  if (survey) {
    rw::fuzz::store_and_read_back(rw::readers::to_imported(*survey).quotes);
  }
  return 0;
}
