// World Bank DataBank corridor series (CSV); what it accepts is stored and
// read back.
#include "readers/databank.hpp"
#include "tests/fuzz/fuzz.hpp"
#include "tests/fuzz/fuzz_store.hpp"

RW_FUZZ_TARGET(databank_csv)
{
  const auto file = rw::readers::read_databank_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  if (file) {
    rw::fuzz::store_and_read_back(*file);
  }
  return 0;
}
