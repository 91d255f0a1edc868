#pragma once

#include "util/error.hpp"

#include <date/date.h>

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

namespace rw::corridors {

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
  // "2011Q3 [YR2011Q3]" (whose two halves must agree).
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
