// RPW header names → columns: RpwReader::create finds every column it reads by
// name (both layouts, any order, extracts with a subset) and refuses a header
// without the required ones.

#include "readers/rpw_columns.hpp"

#include "readers/column_finder.hpp"

#include <fmt/format.h>

#include <memory>

namespace rw::readers {

namespace {

AmountColumns
find_amount_columns(const util::CsvHeader& header, std::string_view prefix)
{
  auto find = [&](std::string_view name) { return header.find(fmt::format("{} {}", prefix, name)); };
  return {find("lcu amount"), find("denomination amount"), find("lcu code"), find("lcu fee"),
          find("lcu fx rate"), find("fx margin"), find("total cost %")};
}

} // namespace

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
  const util::CsvHeader header(names);
  ColumnFinder find(header);
  auto columns = std::make_shared<RpwColumns>(RpwColumns{
    .period = find.required("period"),
    .sender = find.required("source_code"),
    .receiver = find.required("destination_code"),
    .firm = find.required("firm"),
    .firm_type = find.required("firm_type"),
    .transparent = find.required("transparent"),
    .id = find.optional("id"),
    .speed = find.optional("speed actual"),
    .benchmark = find.optional("inter lcu bank fx"),
    .date = find.optional("date"),
    .payment_instrument = find.optional("payment instrument"),
    .product = find.optional("product"),
    .pickup_method = find.optional("pickup method"),
    .access_point = find.optional("access point"),
    .sending_location = find.optional("sending location"),
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
  return RpwReader(std::move(columns), names.size(), std::move(source_name), catalogue);
}

} // namespace rw::readers
