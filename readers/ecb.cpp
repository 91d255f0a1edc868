#include "readers/ecb.hpp"
#include "readers/csv_rows.hpp"
#include "readers/xml.hpp"

#include "corridors/quarter.hpp"

#include "util/csv.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <sstream>

namespace rw::readers {

namespace {

using xml::line_at;
using xml::local_name;

bool
is_currency_code(std::string_view code)
{
  return code.size() == 3
         && std::ranges::all_of(code, [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; });
}

std::optional<date::year_month_day>
parse_day(std::string_view text)
{
  // YYYY-MM-DD, by hand: date::parse trips GCC 12's -Wmaybe-uninitialized.
  const std::string_view t = util::trim(text);
  int y = 0;
  unsigned m = 0, d = 0;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-'
      || std::from_chars(t.data(), t.data() + 4, y).ptr != t.data() + 4
      || std::from_chars(t.data() + 5, t.data() + 7, m).ptr != t.data() + 7
      || std::from_chars(t.data() + 8, t.data() + 10, d).ptr != t.data() + 10) {
    return std::nullopt;
  }
  const date::year_month_day day{date::year(y), date::month(m), date::day(d)};
  if (!day.ok()) {
    return std::nullopt;
  }
  return day;
}

} // namespace

util::Expected<std::vector<EcbRate>>
parse_ecb_xml(std::string_view text, const std::string& source_name)
{
  pugi::xml_document document;
  // parse_default leaves DOCTYPE unparsed and expands no custom entities.
  const auto result = document.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!result) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:{}: not well-formed XML: {}", source_name,
                                        line_at(text, result.offset), result.description()));
  }
  const auto root = document.document_element();
  if (local_name(root) != "Envelope") {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not ECB reference rates: root element <{}>, expected "
                                        "gesmes:Envelope",
                                        source_name, root.name()));
  }
  std::vector<EcbRate> rates;
  size_t days = 0;
  for (const auto& outer : root.children()) {
    if (local_name(outer) != "Cube") {
      continue;
    }
    for (const auto& day_cube : outer.children()) {
      if (local_name(day_cube) != "Cube") {
        continue;
      }
      const auto where = [&] {
        return fmt::format("{}:{}", source_name, line_at(text, day_cube.offset_debug()));
      };
      const auto day = parse_day(day_cube.attribute("time").value());
      if (!day) {
        return util::make_error(util::ErrorKind::parse,
                                fmt::format("{}: Cube time '{}' is not a date", where(),
                                            day_cube.attribute("time").value()));
      }
      if (auto ok = corridors::check_year(*day, fmt::format("{}: Cube time '{}'", where(),
                                                            day_cube.attribute("time").value()));
          !ok) {
        return std::unexpected(ok.error());
      }
      ++days;
      for (const auto& rate_cube : day_cube.children()) {
        if (local_name(rate_cube) != "Cube") {
          continue;
        }
        const std::string_view currency = util::trim(rate_cube.attribute("currency").value());
        const std::string_view rate_text = rate_cube.attribute("rate").value();
        const auto rate = util::parse_double(rate_text);
        if (!is_currency_code(currency)) {
          return util::make_error(util::ErrorKind::parse,
                                  fmt::format("{}: currency '{}' is not an ISO 4217 code",
                                              where(), currency));
        }
        if (!rate || *rate <= 0) {
          return util::make_error(util::ErrorKind::parse,
                                  fmt::format("{}: {} rate '{}' on {} is not a positive number",
                                              where(), currency, rate_text,
                                              date::format("%F", date::sys_days(*day))));
        }
        rates.push_back({*day, std::string(currency), *rate});
      }
    }
  }
  if (days == 0) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: no <Cube time=…> element: not ECB reference rates", source_name));
  }
  return rates;
}

util::Expected<std::vector<EcbRate>>
parse_ecb_csv(std::string_view text, const std::string& source_name)
{
  auto rows = CsvRows::open(text, source_name, "the ECB history CSV");
  if (!rows) {
    return std::unexpected(rows.error());
  }
  const std::vector<std::string>& header = rows->header();
  if (header.empty() || util::trim(header[0]) != "Date") {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:1: not the ECB history CSV (expected a 'Date' column first)",
                                        source_name));
  }
  for (size_t i = 1; i < header.size(); ++i) {
    const std::string_view code = util::trim(header[i]);
    if (!code.empty() && !is_currency_code(code)) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}:1: column '{}' is not a currency code", source_name, code));
    }
  }
  // A bad row refuses the whole file: the history is published whole.
  std::vector<EcbRate> rates;
  auto ok = rows->for_each<std::string>([&](const std::vector<std::string>& fields) -> util::Expected<void> {
    const auto day = parse_day(fields[0]);
    if (!day) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: date '{}' is not a date", rows->where(), fields[0]));
    }
    if (auto in_range = corridors::check_year(*day, fmt::format("{}: date '{}'", rows->where(), fields[0])); !in_range) {
      return in_range;
    }
    for (size_t i = 1; i < fields.size() && i < header.size(); ++i) {
      const std::string_view cell = util::trim(fields[i]);
      const std::string_view code = util::trim(header[i]);
      if (code.empty() || cell.empty() || cell == "N/A") {
        continue;
      }
      const auto rate = util::parse_double(cell);
      if (!rate || *rate <= 0) {
        return util::make_error(util::ErrorKind::parse,
                                fmt::format("{}: {} rate '{}' is not a positive number",
                                            rows->where(), code, cell));
      }
      rates.push_back({*day, std::string(code), *rate});
    }
    return {};
  });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  return rates;
}

} // namespace rw::readers
