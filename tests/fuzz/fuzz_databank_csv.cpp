// World Bank DataBank corridor series (CSV).
#include "readers/databank.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(databank_csv)
{
  (void)rw::readers::read_databank_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  return 0;
}
