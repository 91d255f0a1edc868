// RPW header names → columns: RpwReader::create finds every column it reads
// through the one table of names below (both sheets of the release, any
// order, extracts with a subset and their spellings) and refuses a header
// without the required ones.

#include "readers/rpw_columns.hpp"

#include "readers/column_finder.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace rw::readers {

namespace {

// The table. Folding (util::fold_label) already matches case, spacing and
// punctuation; `also` holds the names that differ in words. Sources: the
// release's two dataset sheets (up to Q1 2016: `product`, `sending
// location`, `pick-up method`, `coverage`; from Q2 2016: `payment
// instrument`, `access point`), its CSV export and shared extracts
// (upper-case headers, `NOTE1`).
constexpr RpwColumnName k_names[] = {
  {"id", {}, "the row's id: a repeated id with other values is rejected"},
  {"period", {}, "required: the quarter, 2011_1Q or 2011Q1"},
  {"source_code", {}, "required: the sending country (ISO3)"},
  {"destination_code", {}, "required: the receiving country (ISO3)"},
  {"firm", {}, "required: the provider"},
  {"firm_type", {}, "required: bank, money transfer operator, post office, mobile operator, other"},
  {"transparent", {}, "required: yes or no"},
  {"speed actual", {}, "the speed class"},
  {"payment instrument", {}, "part of the service (its spelling's case is not)"},
  {"product", {}, "up to Q1 2016: the payment instrument when that column is blank or missing"},
  {"pickup method", {}, "part of the service: the receiving method"},
  {"access point", {}, "tells services apart (not stored)"},
  {"sending location", {}, "up to Q1 2016: tells services apart (not stored)"},
  {"receiving network coverage", {"coverage"}, "not read"},
  {"note", {"standard note", "note1"}, "not read"},
  {"date", {}, "the collection date: 24/Jan/2011, 2011-01-24 or an Excel serial day"},
  {"inter lcu bank fx", {}, "the benchmark rate, stored as published (never used to recompute the margin)"},
  {"corridor", {}, "not read (source_code and destination_code are)"},
  {"cc1 lcu amount", {}, "required: the USD 200 amount in the sending currency"},
  {"cc1 denomination amount", {}, "not read (200)"},
  {"cc1 lcu code", {}, "the sending currency"},
  {"cc1 lcu fee", {}, "required: the fee"},
  {"cc1 lcu fx rate", {}, "the exchange rate"},
  {"cc1 fx margin", {}, "required: the FX margin %, stored as published"},
  {"cc1 total cost %", {}, "required: the total cost %, stored as published"},
  {"cc2 lcu amount", {}, "the USD 500 figures, as cc1's"},
  {"cc2 denomination amount", {}, "not read (500)"},
  {"cc2 lcu code", {}, ""},
  {"cc2 lcu fee", {}, ""},
  {"cc2 lcu fx rate", {}, ""},
  {"cc2 fx margin", {}, ""},
  {"cc2 total cost %", {}, ""},
};

AmountColumns
find_amount_columns(const util::CsvHeader& header, std::string_view prefix)
{
  auto find = [&](std::string_view name) { return find_rpw_column(header, fmt::format("{} {}", prefix, name)); };
  return {find("lcu amount"), find("denomination amount"), find("lcu code"), find("lcu fee"),
          find("lcu fx rate"), find("fx margin"), find("total cost %")};
}

// The required column `field`, noted as missing without one.
size_t
required(ColumnFinder& finder, const util::CsvHeader& header, std::string_view field)
{
  const auto index = find_rpw_column(header, field);
  finder.require(index.has_value(), field);
  return index.value_or(0);
}

} // namespace

std::span<const RpwColumnName>
rpw_column_names()
{
  return k_names;
}

std::optional<size_t>
find_rpw_column(const util::CsvHeader& header, std::string_view field)
{
  const auto* entry = std::ranges::find(k_names, util::fold_label(field),
                                        [](const RpwColumnName& n) { return util::fold_label(n.field); });
  if (entry == std::end(k_names)) {
    throw std::logic_error(fmt::format("find_rpw_column: '{}' is not in the table", field)); // a programming error
  }
  if (auto index = header.find(entry->field)) {
    return index;
  }
  for (const std::string_view name : entry->also) {
    if (!name.empty()) {
      if (auto index = header.find(name)) {
        return index;
      }
    }
  }
  return std::nullopt;
}

size_t
named_width(const std::vector<std::string>& names)
{
  size_t width = names.size();
  while (width > 0 && util::trim(names[width - 1]).empty()) {
    --width;
  }
  return width;
}

RpwReader::RpwReader(std::shared_ptr<const RpwColumns> columns,
                     size_t width,
                     std::string source_name,
                     const corridors::Catalogue& catalogue)
  : m_columns(std::move(columns)),
    m_width(width),
    m_source_name(std::move(source_name)),
    m_catalogue(&catalogue)
{
}

util::Expected<RpwReader>
RpwReader::create(const std::vector<std::string>& names,
                  std::string source_name,
                  const corridors::Catalogue& catalogue)
{
  const size_t width = named_width(names);
  const util::CsvHeader header(std::vector<std::string>(names.begin(), names.begin() + static_cast<long>(width)));
  ColumnFinder find(header);
  const auto optional = [&](std::string_view field) { return find_rpw_column(header, field); };
  auto columns = std::make_shared<RpwColumns>(RpwColumns{
    .period = required(find, header, "period"),
    .sender = required(find, header, "source_code"),
    .receiver = required(find, header, "destination_code"),
    .firm = required(find, header, "firm"),
    .firm_type = required(find, header, "firm_type"),
    .transparent = required(find, header, "transparent"),
    .id = optional("id"),
    .speed = optional("speed actual"),
    .benchmark = optional("inter lcu bank fx"),
    .date = optional("date"),
    .payment_instrument = optional("payment instrument"),
    .product = optional("product"),
    .pickup_method = optional("pickup method"),
    .access_point = optional("access point"),
    .sending_location = optional("sending location"),
    .cc1 = find_amount_columns(header, "cc1"),
    .cc2 = find_amount_columns(header, "cc2"),
  });
  // Without cc1's amount, fee and total there is no USD 200 figure at all.
  find.require(columns->cc1.amount.has_value(), "cc1 lcu amount");
  find.require(columns->cc1.fee.has_value(), "cc1 lcu fee");
  find.require(columns->cc1.fx_margin.has_value(), "cc1 fx margin");
  find.require(columns->cc1.total_cost.has_value(), "cc1 total cost %");
  if (auto ok = find.check(source_name, "an RPW dataset"); !ok) {
    return std::unexpected(ok.error());
  }
  return RpwReader(std::move(columns), width, std::move(source_name), catalogue);
}

} // namespace rw::readers
