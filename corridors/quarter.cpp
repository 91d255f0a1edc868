#include "corridors/quarter.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace rw::corridors {

namespace {

util::Expected<int>
parse_year(std::string_view text, std::string_view whole)
{
  const auto year = util::parse_integer(text);
  if (text.size() != 4 || !year) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("'{}' is not a quarter: bad year", whole));
  }
  if (auto ok = check_year(*year, fmt::format("'{}' is not a quarter: it", whole)); !ok) {
    return std::unexpected(ok.error());
  }
  return static_cast<int>(*year);
}

util::Expected<int>
parse_quarter_digit(char c, std::string_view whole)
{
  if (c < '1' || c > '4') {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("'{}' is not a quarter: quarter must be 1 to 4", whole));
  }
  return c - '0';
}

// "2011Q3" or "2011_3Q".
util::Expected<Quarter>
parse_plain(std::string_view text, std::string_view whole)
{
  if (text.size() == 6 && (text[4] == 'Q' || text[4] == 'q')) {
    auto year = parse_year(text.substr(0, 4), whole);
    if (!year) {
      return std::unexpected(year.error());
    }
    auto q = parse_quarter_digit(text[5], whole);
    if (!q) {
      return std::unexpected(q.error());
    }
    return Quarter(*year, *q);
  }
  if (text.size() == 7 && text[4] == '_' && (text[6] == 'Q' || text[6] == 'q')) {
    auto year = parse_year(text.substr(0, 4), whole);
    if (!year) {
      return std::unexpected(year.error());
    }
    auto q = parse_quarter_digit(text[5], whole);
    if (!q) {
      return std::unexpected(q.error());
    }
    return Quarter(*year, *q);
  }
  return util::make_error(
    util::ErrorKind::parse,
    fmt::format("'{}' is not a quarter (expected 2011Q3, 2011_3Q or 2011Q3 [YR2011Q3])", whole));
}

} // namespace

util::Expected<void>
check_year(long long year, std::string_view what)
{
  if (!year_in_range(year)) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{} is in year {}, outside {} to {}", what, year,
                                                                k_first_year, k_last_year));
  }
  return {};
}

util::Expected<void>
check_year(date::year_month_day day, std::string_view what)
{
  return check_year(static_cast<int>(day.year()), what);
}

util::Expected<void>
check_year(std::chrono::sys_seconds time, std::string_view what)
{
  return check_year(date::year_month_day(date::floor<date::days>(time)), what);
}

Quarter::Quarter(int year, int quarter)
  : m_year(year),
    m_quarter(quarter)
{
  if (quarter < 1 || quarter > 4) {
    throw std::invalid_argument(fmt::format("quarter {} out of range 1..4", quarter));
  }
}

Quarter
Quarter::from_date(date::year_month_day day)
{
  const auto month = static_cast<unsigned>(day.month());
  return Quarter(static_cast<int>(day.year()), static_cast<int>((month - 1) / 3 + 1));
}

Quarter
Quarter::from_time(std::chrono::sys_seconds time)
{
  return from_date(date::year_month_day(date::floor<date::days>(time)));
}

util::Expected<Quarter>
Quarter::parse(std::string_view text)
{
  const std::string_view whole = text;
  text = util::trim(text);
  const auto bracket = text.find('[');
  if (bracket == std::string_view::npos) {
    return parse_plain(text, whole);
  }
  // DataBank: "2011Q3 [YR2011Q3]".
  auto outer = parse_plain(util::trim(text.substr(0, bracket)), whole);
  if (!outer) {
    return outer;
  }
  std::string_view inner = text.substr(bracket + 1);
  if (inner.empty() || inner.back() != ']' || !inner.starts_with("YR")) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("'{}' is not a quarter: bad [YR…] suffix", whole));
  }
  inner = inner.substr(2, inner.size() - 3);
  auto inner_quarter = parse_plain(inner, whole);
  if (!inner_quarter) {
    return inner_quarter;
  }
  if (*inner_quarter != *outer) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("'{}' is not a quarter: the two halves differ", whole));
  }
  return outer;
}

Quarter
Quarter::next() const
{
  return m_quarter == 4 ? Quarter(m_year + 1, 1) : Quarter(m_year, m_quarter + 1);
}

Quarter
Quarter::previous() const
{
  return m_quarter == 1 ? Quarter(m_year - 1, 4) : Quarter(m_year, m_quarter - 1);
}

Quarter
Quarter::year_ago() const
{
  return Quarter(m_year - 1, m_quarter);
}

date::year_month_day
Quarter::first_day() const
{
  return date::year(m_year) / date::month(static_cast<unsigned>(m_quarter * 3 - 2)) / 1;
}

date::year_month_day
Quarter::last_day() const
{
  return date::year(m_year) / date::month(static_cast<unsigned>(m_quarter * 3)) / date::last;
}

std::string
Quarter::to_string() const
{
  return fmt::format("{}Q{}", m_year, m_quarter);
}

} // namespace rw::corridors
