#include "corridors/firm_type.hpp"

#include <doctest/doctest.h>

using rw::corridors::FirmType;
using rw::corridors::parse_firm_type;

TEST_SUITE("corridors::firm_type")
{
  TEST_CASE("every RPW label and spelling variant")
  {
    const std::pair<const char*, FirmType> cases[] = {
      // RPW labels as they appear in the dataset.
      {"Bank", FirmType::bank},
      {"Money Transfer Operator", FirmType::mto},
      {"Post office", FirmType::post_office},
      {"Mobile Operator", FirmType::mobile_operator},
      {"Non-Bank FI", FirmType::other},
      // Case and spacing variants.
      {"BANK", FirmType::bank},
      {" bank ", FirmType::bank},
      {"money transfer operator", FirmType::mto},
      {"Money  Transfer  Operator", FirmType::mto},
      {"Money-Transfer-Operator", FirmType::mto},
      {"MTO", FirmType::mto},
      {"Post Office", FirmType::post_office},
      {"post_office", FirmType::post_office},
      {"PostOffice", FirmType::post_office},
      {"mobile operator", FirmType::mobile_operator},
      {"mobile_operator", FirmType::mobile_operator},
      {"Mobile  operator", FirmType::mobile_operator},
      // Wise's provider type.
      {"moneyTransferProvider", FirmType::mto},
      {"bank", FirmType::bank},
      // Anything else.
      {"Non Bank FI", FirmType::other},
      {"Other", FirmType::other},
      {"Credit union", FirmType::other},
    };
    for (const auto& [label, expected] : cases) {
      CAPTURE(label);
      const auto parsed = parse_firm_type(label);
      REQUIRE(parsed);
      CHECK(*parsed == expected);
    }
  }

  TEST_CASE("an empty label is an error")
  {
    CHECK_FALSE(parse_firm_type(""));
    CHECK_FALSE(parse_firm_type("  - "));
  }

  TEST_CASE("canonical names read back")
  {
    for (const auto type : rw::corridors::k_all_firm_types) {
      const auto parsed = parse_firm_type(rw::corridors::to_string(type));
      REQUIRE(parsed);
      CHECK(*parsed == type);
    }
  }
}
