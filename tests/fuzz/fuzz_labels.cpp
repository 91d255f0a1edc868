// Small parsers: quarters, firm types, speed classes, corridor keys,
// timestamps, durations, numbers.
#include "corridors/firm_type.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"
#include "tests/fuzz/fuzz.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

RW_FUZZ_TARGET(labels)
{
  const auto text = rw::fuzz::text(data, size);
  if (auto quarter = rw::corridors::Quarter::parse(text)) {
    (void)quarter->to_string();
    (void)quarter->first_day();
    (void)quarter->year_ago();
  }
  (void)rw::corridors::parse_firm_type(text);
  (void)rw::corridors::parse_speed_class(text);
  (void)rw::corridors::CorridorKey::parse(text);
  (void)rw::util::parse_timestamp(text);
  (void)rw::util::parse_duration_hours(text);
  (void)rw::util::parse_double(text);
  return 0;
}
