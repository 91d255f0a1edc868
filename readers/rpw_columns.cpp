// RPW header names → columns: RpwReader::create finds every column it reads by
// name (both layouts, any order, extracts with a subset) and refuses a header
// without the required ones.

#include "readers/rpw_columns.hpp"

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
  std::vector<std::string> missing;
  auto required = [&](std::string_view name) -> size_t {
    const auto index = header.find(name);
    if (!index) {
      missing.emplace_back(name);
      return 0;
    }
    return *index;
  };
  auto columns = std::make_shared<RpwColumns>(RpwColumns{
    .period = required("period"),
    .sender = required("source_code"),
    .receiver = required("destination_code"),
    .firm = required("firm"),
    .firm_type = required("firm_type"),
    .transparent = required("transparent"),
    .id = header.find("id"),
    .speed = header.find("speed actual"),
    .benchmark = header.find("inter lcu bank fx"),
    .date = header.find("date"),
    .payment_instrument = header.find("payment instrument"),
    .product = header.find("product"),
    .pickup_method = header.find("pickup method"),
    .access_point = header.find("access point"),
    .sending_location = header.find("sending location"),
    .cc1 = find_amount_columns(header, "cc1"),
    .cc2 = find_amount_columns(header, "cc2"),
  });
  // Without cc1's amount, fee and total there is no USD 200 figure at all.
  for (const auto& [index, name] : {std::pair{columns->cc1.amount, "cc1 lcu amount"},
                                    std::pair{columns->cc1.fee, "cc1 lcu fee"},
                                    std::pair{columns->cc1.fx_margin, "cc1 fx margin"},
                                    std::pair{columns->cc1.total_cost, "cc1 total cost %"}}) {
    if (!index) {
      missing.emplace_back(name);
    }
  }
  if (!missing.empty()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:1: not an RPW dataset: missing column{} {}",
                                        source_name,
                                        missing.size() > 1 ? "s" : "",
                                        fmt::join(missing, ", ")));
  }
  return RpwReader(std::move(columns), names.size(), std::move(source_name), catalogue);
}

} // namespace rw::readers
