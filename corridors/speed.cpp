#include "corridors/speed.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

namespace rw::corridors {

util::Expected<std::optional<SpeedClass>>
parse_speed_class(std::string_view label)
{
  // RPW's own spellings, in every row of the dataset: no folding needed.
  static constexpr std::pair<std::string_view, SpeedClass> k_rpw[] = {
    {"Less than one hour", SpeedClass::less_than_one_hour}, {"Same day", SpeedClass::same_day},
    {"Next day", SpeedClass::next_day}, {"2 days", SpeedClass::two_days},
    {"3-5 days", SpeedClass::three_to_five_days}, {"6 days or more", SpeedClass::six_days_or_more}};
  for (const auto& [spelling, speed] : k_rpw) {
    if (label == spelling) {
      return speed;
    }
  }
  const std::string key = util::fold_label(label);
  if (key.empty() || key == "na" || key == "notavailable" || key == "unknown") {
    return std::optional<SpeedClass>();
  }
  if (key == "lessthanonehour" || key == "lessthan1hour" || key == "lessthanonehours") {
    return SpeedClass::less_than_one_hour;
  }
  if (key == "sameday") {
    return SpeedClass::same_day;
  }
  if (key == "nextday" || key == "1day" || key == "oneday") {
    return SpeedClass::next_day;
  }
  if (key == "2days" || key == "twodays") {
    return SpeedClass::two_days;
  }
  if (key == "35days" || key == "threetofivedays" || key == "3to5days") {
    return SpeedClass::three_to_five_days;
  }
  if (key == "6daysormore" || key == "6days" || key == "sixdaysormore" || key == "morethan5days"
      || key == "6ormoredays") {
    return SpeedClass::six_days_or_more;
  }
  return util::make_error(util::ErrorKind::parse,
                          fmt::format("speed '{}' is not an RPW speed class", label));
}

util::Expected<SpeedClass>
speed_class_from_hours(double hours)
{
  if (!(hours >= 0)) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("delivery time {} hours is negative", hours));
  }
  if (hours < 1) {
    return SpeedClass::less_than_one_hour;
  }
  if (hours < 24) {
    return SpeedClass::same_day;
  }
  if (hours < 48) {
    return SpeedClass::next_day;
  }
  if (hours < 72) {
    return SpeedClass::two_days;
  }
  if (hours < 144) {
    return SpeedClass::three_to_five_days;
  }
  return SpeedClass::six_days_or_more;
}

bool
within_five_days(SpeedClass speed)
{
  return speed != SpeedClass::six_days_or_more;
}

std::string_view
to_string(SpeedClass speed)
{
  switch (speed) {
  case SpeedClass::less_than_one_hour:
    return "less_than_one_hour";
  case SpeedClass::same_day:
    return "same_day";
  case SpeedClass::next_day:
    return "next_day";
  case SpeedClass::two_days:
    return "two_days";
  case SpeedClass::three_to_five_days:
    return "three_to_five_days";
  case SpeedClass::six_days_or_more:
    return "six_days_or_more";
  }
  return "unknown";
}

std::string_view
display_name(SpeedClass speed)
{
  switch (speed) {
  case SpeedClass::less_than_one_hour:
    return "Less than one hour";
  case SpeedClass::same_day:
    return "Same day";
  case SpeedClass::next_day:
    return "Next day";
  case SpeedClass::two_days:
    return "2 days";
  case SpeedClass::three_to_five_days:
    return "3-5 days";
  case SpeedClass::six_days_or_more:
    return "6 days or more";
  }
  return "Unknown";
}

} // namespace rw::corridors
