// The RPW dataset's CSV export.
#include "readers/rpw.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(rpw_csv)
{
  (void)rw::readers::read_rpw_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  return 0;
}
