#pragma once

#include "util/error.hpp"

#include <date/date.h>

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

namespace rw::corridors {

// The one range of years a date or quarter may have, wherever it enters
// (survey, RPW, ECB, the collector's sources) or is read back (stored quotes,
// Quarter::parse). RPW began in 2008 and the ECB's history in 1999, so 1990
// leaves room for any real figure; 2099 for this century's. Anything outside
// is a typo, a spreadsheet's zero date (1899-12-30), a wrapped year or a
// remote server's placeholder (0001-01-01, 9999-12-31), never a quote.
inline constexpr int k_first_year = 1990;
inline constexpr int k_last_year = 2099;

constexpr bool
year_in_range(long long year)
{
  return year >= k_first_year && year <= k_last_year;
}

// An error "<what> is in year Y, outside 1990 to 2099" unless the year is
// in range.
util::Expected<void> check_year(long long year, std::string_view what);
util::Expected<void> check_year(date::year_month_day day, std::string_view what);
util::Expected<void> check_year(std::chrono::sys_seconds time, std::string_view what);

// A calendar quarter. Quotes belong to the quarter of their collection time
// (UTC); every aggregate is per quarter.
class Quarter
{
public:
  // Throws std::invalid_argument unless 1 <= quarter <= 4.
  Quarter(int year, int quarter);

  static Quarter from_time(std::chrono::sys_seconds time);
  static Quarter from_date(date::year_month_day day);

  // Accepts the canonical "2011Q3", RPW's "2011_3Q" and DataBank's
  // "2011Q3 [YR2011Q3]" (whose two halves must agree), of a year in
  // k_first_year..k_last_year.
  static util::Expected<Quarter> parse(std::string_view text);

  int year() const { return m_year; }
  int quarter() const { return m_quarter; }

  Quarter next() const;
  Quarter previous() const;
  Quarter year_ago() const;

  date::year_month_day first_day() const;
  date::year_month_day last_day() const;

  // Quarters from a to b: b.index() - a.index().
  int index() const { return m_year * 4 + (m_quarter - 1); }

  std::string to_string() const; // "2011Q3"

  auto operator<=>(const Quarter&) const = default;

private:
  int m_year;
  int m_quarter;
};

} // namespace rw::corridors
