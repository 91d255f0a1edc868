// The RPW dataset's CSV export; what it accepts is stored and read back.
#include "readers/rpw.hpp"
#include "tests/fuzz/fuzz.hpp"
#include "tests/fuzz/fuzz_store.hpp"

RW_FUZZ_TARGET(rpw_csv)
{
  const auto file = rw::readers::read_rpw_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  if (file) {
    rw::fuzz::store_and_read_back(file->quotes);
  }
  return 0;
}
