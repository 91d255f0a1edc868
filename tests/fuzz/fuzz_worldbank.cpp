// World Bank API v2 replies, XML and JSON (chosen by the first character, as
// the collector does), and each parser directly.
#include "readers/worldbank_api.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(worldbank)
{
  const auto text = rw::fuzz::text(data, size);
  (void)rw::readers::parse_worldbank(text, "fuzz");
  (void)rw::readers::parse_worldbank_xml(text, "fuzz.xml");
  (void)rw::readers::parse_worldbank_json(text, "fuzz.json");
  return 0;
}
