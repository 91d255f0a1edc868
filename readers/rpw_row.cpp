// One RPW row, checked: RpwReader::parse_into reads a row's fields into an
// RpwRow step by step (period, countries, service, transparent, date and
// benchmark, the two amounts). The hot path of `averages --rpw`: millions of
// rows, so the steps are in this file, where the compiler inlines them.

#include "readers/rpw_columns.hpp"

#include "util/text.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <utility>

namespace rw::readers {

namespace {

// Inlined: a dozen calls per row of files of millions of rows.
[[gnu::always_inline]] inline std::string_view
field(std::span<const std::string_view> fields, std::optional<size_t> index)
{
  return index && *index < fields.size() ? util::trim(fields[*index]) : std::string_view();
}

// A blank number ("" or "..") is absent; anything else must parse. false
// when it does not.
bool
read_number(std::string_view text, std::optional<double>& value)
{
  if (text.empty() || text == "..") {
    value.reset();
    return true;
  }
  value = util::parse_plain_decimal(text); // most figures; parse_double has the rest
  if (!value) {
    value = util::parse_double(text);
  }
  return value.has_value();
}

// RPW dates look like "24/Jan/2011" (or "24-Jan-2011"); some extracts carry
// ISO dates instead, the workbook Excel serial days.
// A year outside corridors::k_first_year..k_last_year is refused, checked
// before date::year (16 bits) could wrap it: 01/Jan/99999 is not -31073.
util::Expected<std::chrono::sys_seconds>
parse_rpw_date(std::string_view text)
{
  static constexpr std::string_view k_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  const auto not_a_date = [&] {
    return util::make_error(util::ErrorKind::parse, fmt::format("date '{}' is not a date like 24/Jan/2011", text));
  };
  const auto in_range = [&](std::chrono::sys_seconds time) -> util::Expected<std::chrono::sys_seconds> {
    if (auto ok = corridors::check_year(time, fmt::format("date '{}'", text)); !ok) {
      return std::unexpected(ok.error());
    }
    return time;
  };
  auto parts = util::split(text, '/');
  if (parts.size() != 3) {
    parts = util::split(text, '-');
    if (parts.size() == 3 && util::parse_integer(parts[1])) {
      parts.clear(); // 2011-01-24: ISO, below
    }
  }
  if (parts.size() == 3) {
    const auto day = util::parse_integer(parts[0]);
    const auto year = util::parse_integer(parts[2]);
    const std::string month_name = util::to_lower(parts[1]);
    const auto month = std::ranges::find(k_months, month_name);
    if (!day || !year || month == std::end(k_months) || *day <= 0 || *day > 31) {
      return not_a_date();
    }
    if (!corridors::year_in_range(*year)) { // the message formatted only then: a hot path of averages --rpw
      return std::unexpected(corridors::check_year(*year, fmt::format("date '{}'", text)).error());
    }
    const date::year_month_day ymd{date::year(static_cast<int>(*year)),
                                   date::month(static_cast<unsigned>(month - std::begin(k_months) + 1)),
                                   date::day(static_cast<unsigned>(*day))};
    if (!ymd.ok()) {
      return not_a_date();
    }
    return std::chrono::sys_seconds(date::sys_days(ymd));
  }
  if (auto iso = util::parse_timestamp(text)) {
    return in_range(*iso);
  }
  // The xlsx workbook stores dates as Excel serial days (1 = 1900-01-01,
  // counted from 1899-12-30 because of Excel's 1900 leap-year bug).
  if (const auto serial = util::parse_double(text); serial && *serial >= 1 && *serial < 2958466) {
    const auto day = date::sys_days(date::year(1899) / 12 / 30) + date::days(static_cast<int>(*serial));
    return in_range(std::chrono::sys_seconds(day));
  }
  return not_a_date();
}

} // namespace

corridors::Service
RpwRow::service() const
{
  corridors::Service service;
  service.provider = std::string(firm);
  service.firm_type = firm_type;
  service.speed = speed;
  service.payment_instrument = std::string(payment_instrument);
  service.receiving_method = std::string(pickup_method);
  return service;
}

namespace {

// Sets `out` to what the entry kept for `text`, or else to what `compute`
// (returning util::Expected<T>) makes of it, kept for the next row; an error
// is compute's.
template <typename T, typename Compute>
util::Expected<void>
remember_into(RpwParseMemo::Entry<T>* entry, std::string_view text, T& out, Compute&& compute)
{
  if (const T* kept = entry != nullptr ? entry->find(text) : nullptr) {
    out = *kept; // into out's own storage: no copy on the way
    return {};
  }
  util::Expected<T> value = compute();
  if (!value) {
    return std::unexpected(value.error());
  }
  if (entry != nullptr) {
    entry->keep(text, *value);
  }
  out = std::move(*value);
  return {};
}


using Period = std::pair<corridors::Quarter, std::chrono::sys_seconds>; // and its first day

std::unexpected<util::Error>
reject(std::string message)
{
  return util::make_error(util::ErrorKind::parse, std::move(message));
}

// The quarter, and its first day as the row's date (a row's own date, if it
// has one, comes later).
util::Expected<void>
read_period(std::string_view text, RpwParseMemo::Entry<Period>* memo, RpwRow& row)
{
  Period period{row.period, row.collected_at};
  if (auto ok = remember_into(memo, text, period,
                              [&]() -> util::Expected<Period> {
                                auto quarter = corridors::Quarter::parse(text);
                                if (!quarter) {
                                  return std::unexpected(quarter.error());
                                }
                                return std::pair{*quarter, std::chrono::sys_seconds(date::sys_days(quarter->first_day()))};
                              });
      !ok) {
    return ok;
  }
  row.period = period.first;
  row.collected_at = period.second;
  return {};
}

// A country code, upper case, that the catalogue knows.
util::Expected<void>
read_country(std::string_view text,
             const corridors::Catalogue& catalogue,
             RpwParseMemo::Entry<std::string>* memo,
             std::string& out)
{
  return remember_into(memo, text, out, [&]() -> util::Expected<std::string> {
    std::string code = util::to_upper(text);
    if (catalogue.find_country(code) == nullptr) {
      return reject(fmt::format("unknown country code '{}'", code));
    }
    return code;
  });
}

// The service: firm, firm type, speed and the labels that tell its products
// apart.
util::Expected<void>
read_service(std::span<const std::string_view> fields,
             const RpwColumns& c,
             RpwParseMemo::Entry<corridors::FirmType>* firm_type_memo,
             RpwParseMemo::Entry<std::optional<corridors::SpeedClass>>* speed_memo,
             RpwRow& row)
{
  row.firm = field(fields, c.firm);
  if (row.firm.empty()) {
    return reject("firm is empty");
  }
  const std::string_view firm_type_text = field(fields, c.firm_type);
  if (auto ok = remember_into(firm_type_memo, firm_type_text, row.firm_type,
                              [&] { return corridors::parse_firm_type(firm_type_text); });
      !ok) {
    return ok;
  }
  const std::string_view speed_text = field(fields, c.speed);
  if (auto ok = remember_into(speed_memo, speed_text, row.speed,
                              [&] { return corridors::parse_speed_class(speed_text); });
      !ok) {
    return ok;
  }
  // Older rows name the product, newer ones the payment instrument.
  row.payment_instrument = field(fields, c.payment_instrument);
  if (row.payment_instrument.empty()) {
    row.payment_instrument = field(fields, c.product);
  }
  row.pickup_method = field(fields, c.pickup_method);
  row.access_point = field(fields, c.access_point);
  row.sending_location = field(fields, c.sending_location);
  row.id = field(fields, c.id);
  return {};
}

// RPW writes "yes" or "no"; the rest of util::parse_yes_no's answers are
// read the same as in the survey. A blank or any other text rejects the row.
util::Expected<void>
read_transparent(std::string_view text, RpwParseMemo::Entry<bool>* memo, bool& out)
{
  return remember_into(memo, text, out, [&]() -> util::Expected<bool> {
    if (const auto answer = util::parse_yes_no(text)) {
      return *answer;
    }
    return reject(fmt::format("transparent '{}' is not yes or no", text));
  });
}

// The row's own date (else the quarter's first day stays): checked in every
// mode, so that `averages --rpw` refuses the rows an import rejects for
// their date (a year outside corridors::k_first_year..k_last_year).
util::Expected<void>
read_date(std::span<const std::string_view> fields,
          const RpwColumns& c,
          RpwParseMemo::Entry<std::chrono::sys_seconds>* memo,
          RpwRow& row)
{
  if (const auto date_text = field(fields, c.date); !date_text.empty()) {
    return remember_into(memo, date_text, row.collected_at, [&] { return parse_rpw_date(date_text); });
  }
  return {};
}

// The benchmark rate: what only the importer needs.
util::Expected<void>
read_benchmark(std::span<const std::string_view> fields, const RpwColumns& c, RpwRow& row)
{
  if (const std::string_view text = field(fields, c.benchmark); !read_number(text, row.benchmark)) {
    return reject(fmt::format("inter lcu bank fx '{}' is not a number", text));
  }
  return {};
}

// One standard amount's figures; `out` is left as it is (not present) when
// its total cost is blank.
util::Expected<void>
read_amount(std::span<const std::string_view> fields, const AmountColumns& a, std::string_view name, RpwAmount& out)
{
  std::optional<double> amount;
  std::optional<double> fee;
  std::optional<double> rate;
  std::optional<double> margin;
  std::optional<double> total;
  for (const auto& [index, value, column] : {std::tuple{a.amount, &amount, "lcu amount"},
                                             std::tuple{a.fee, &fee, "lcu fee"},
                                             std::tuple{a.rate, &rate, "lcu fx rate"},
                                             std::tuple{a.fx_margin, &margin, "fx margin"},
                                             std::tuple{a.total_cost, &total, "total cost %"}}) {
    if (const std::string_view text = field(fields, index); !read_number(text, *value)) {
      return reject(fmt::format("{} {} '{}' is not a number", name, column, text));
    }
  }
  if (!total) {
    return {}; // no figures for this amount
  }
  if (!amount || *amount <= 0) {
    return reject(fmt::format("{} has a total cost but no positive amount", name));
  }
  if (!fee || *fee < 0) {
    return reject(fmt::format("{} has a total cost but no fee (or a negative one)", name));
  }
  out.present = true;
  out.amount = *amount;
  out.fee = *fee;
  out.rate = rate;
  out.fx_margin_pct = margin;
  out.total_pct = *total;
  out.currency = field(fields, a.currency);
  return {};
}

} // namespace

util::Expected<RpwRow>
RpwReader::parse(std::span<const std::string_view> fields, int only_amount, RpwParseMemo* memo) const
{
  RpwRow row;
  if (auto ok = parse_into(fields, row, only_amount, memo); !ok) {
    return std::unexpected(ok.error());
  }
  return row;
}

util::Expected<void>
RpwReader::parse_into(std::span<const std::string_view> fields, RpwRow& row, int only_amount, RpwParseMemo* memo) const
{
  const RpwColumns& c = *m_columns;
  if (fields.size() < m_width) {
    // Cells past the header's last name are unlabelled and ignored (add_row counts them).
    return reject(fmt::format("{} fields, the header names {} columns", fields.size(), m_width));
  }
  const auto entry = [memo](auto member) { return memo != nullptr ? &(memo->*member) : nullptr; };
  // What is set only on some paths starts afresh; the rest is set below.
  row.benchmark.reset();
  row.amounts = {};
  if (auto ok = read_period(fields[c.period], entry(&RpwParseMemo::m_period), row); !ok) {
    return ok;
  }
  if (auto ok = read_country(field(fields, c.sender), *m_catalogue, entry(&RpwParseMemo::m_sender), row.sender); !ok) {
    return ok;
  }
  if (auto ok = read_country(field(fields, c.receiver), *m_catalogue, entry(&RpwParseMemo::m_receiver), row.receiver);
      !ok) {
    return ok;
  }
  if (row.sender == row.receiver) {
    // As the survey CSV: a corridor is between two countries.
    return reject(fmt::format("corridor {}-{}: sender and receiver are the same", row.sender, row.receiver));
  }
  if (auto ok = read_service(fields, c, entry(&RpwParseMemo::m_firm_type), entry(&RpwParseMemo::m_speed), row); !ok) {
    return ok;
  }
  if (auto ok = read_transparent(field(fields, c.transparent), entry(&RpwParseMemo::m_transparent), row.transparent);
      !ok) {
    return ok;
  }
  if (auto ok = read_date(fields, c, entry(&RpwParseMemo::m_date), row); !ok) {
    return ok;
  }
  if (only_amount == 0) {
    if (auto ok = read_benchmark(fields, c, row); !ok) {
      return ok;
    }
  }
  bool any = false;
  for (const auto& [a, out, name, standard] : {std::tuple{&c.cc1, &row.amounts[0], "cc1", 200},
                                               std::tuple{&c.cc2, &row.amounts[1], "cc2", 500}}) {
    if (only_amount != 0 && only_amount != standard) {
      continue;
    }
    if (auto ok = read_amount(fields, *a, name, *out); !ok) {
      return ok;
    }
    any = any || out->present;
  }
  if (!any && only_amount == 0) {
    return reject("no cost figures (cc1 and cc2 total cost % are blank)");
  }
  return {};
}

} // namespace rw::readers
