// Quote feeds (XML).
#include "collector/quote_feed.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(quote_feed)
{
  (void)rw::collector::parse_quote_feed(rw::fuzz::text(data, size), "fuzz.xml");
  return 0;
}
