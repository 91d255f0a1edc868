#include "corridors/firm_type.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>

namespace rw::corridors {

util::Expected<FirmType>
parse_firm_type(std::string_view label)
{
  // RPW's own spellings, in every row of the dataset: no folding needed.
  static constexpr std::pair<std::string_view, FirmType> k_rpw[] = {
    {"Bank", FirmType::bank}, {"Money Transfer Operator", FirmType::mto},
    {"Post office", FirmType::post_office}, {"Mobile operator", FirmType::mobile_operator},
    {"Non-Bank FI", FirmType::other}};
  for (const auto& [spelling, type] : k_rpw) {
    if (label == spelling) {
      return type;
    }
  }
  const std::string key = util::fold_label(label);
  if (key.empty()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("firm type '{}' is empty", label));
  }
  if (key == "bank" || key == "banks" || key == "commercialbank") {
    return FirmType::bank;
  }
  if (key == "mto" || key == "mtos" || key == "moneytransferoperator"
      || key == "moneytransferoperators" || key == "moneytransferprovider"
      || key == "moneytransferproviders" || key == "moneytransfercompany"
      || key == "fintech") {
    return FirmType::mto;
  }
  if (key == "postoffice" || key == "postoffices" || key == "post" || key == "postalservice"
      || key == "postaloperator") {
    return FirmType::post_office;
  }
  if (key == "mobileoperator" || key == "mobileoperators" || key == "mobilenetworkoperator"
      || key == "mno" || key == "mobilemoneyoperator") {
    return FirmType::mobile_operator;
  }
  // "Non-Bank FI", "Other", and anything new a source invents.
  return FirmType::other;
}

std::string_view
to_string(FirmType type)
{
  switch (type) {
  case FirmType::bank:
    return "bank";
  case FirmType::mto:
    return "mto";
  case FirmType::post_office:
    return "post_office";
  case FirmType::mobile_operator:
    return "mobile_operator";
  case FirmType::other:
    return "other";
  }
  return "other";
}

std::string_view
display_name(FirmType type)
{
  switch (type) {
  case FirmType::bank:
    return "Banks";
  case FirmType::mto:
    return "Money transfer operators";
  case FirmType::post_office:
    return "Post offices";
  case FirmType::mobile_operator:
    return "Mobile operators";
  case FirmType::other:
    return "Other";
  }
  return "Other";
}

} // namespace rw::corridors
