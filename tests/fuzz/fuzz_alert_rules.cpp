// Alert rules (TOML).
#include "alerts/rules.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(alert_rules)
{
  (void)rw::alerts::parse_rules(rw::fuzz::text(data, size), "fuzz.toml");
  return 0;
}
