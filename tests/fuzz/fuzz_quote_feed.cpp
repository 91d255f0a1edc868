// Quote feeds (XML).
#include "readers/quote_feed.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(quote_feed)
{
  (void)rw::readers::parse_quote_feed(rw::fuzz::text(data, size), "fuzz.xml");
  return 0;
}
