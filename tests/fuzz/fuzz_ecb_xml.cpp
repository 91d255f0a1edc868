// ECB reference rates, XML and the history CSV.
#include "readers/ecb.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(ecb_xml)
{
  (void)rw::readers::parse_ecb_xml(rw::fuzz::text(data, size), "fuzz.xml");
  (void)rw::readers::parse_ecb_csv(rw::fuzz::text(data, size), "fuzz.csv");
  return 0;
}
