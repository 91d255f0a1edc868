// Wise comparison responses (v3 and v4).
#include "readers/wise.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(wise_json)
{
  (void)rw::readers::parse_wise_comparison(rw::fuzz::text(data, size), "fuzz.json");
  return 0;
}
