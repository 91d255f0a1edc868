#pragma once

#include "util/error.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

// One World Bank API v2 observation (SI.RMT.COST.IB.ZS to a country,
// SI.RMT.COST.OB.ZS from a country, BX.TRF.PWKR.CD.DT received, …).
struct ReferenceValue
{
  std::string indicator;      // "SI.RMT.COST.IB.ZS"
  std::string country_iso3;   // "COL"
  std::string country_name;   // "Colombia"
  std::string date;           // "2023" as published
  std::optional<double> value; // null: no value for that year
};

struct ReferencePage
{
  int page = 0;
  int pages = 0;
  int total = 0;
  std::string last_updated;
  std::vector<ReferenceValue> values; // empty for the API's "no data" reply
};

// JSON (format=json): [ {page, pages, per_page, total, sourceid, lastupdated}, [records] | null ].
util::Expected<ReferencePage> parse_worldbank_json(std::string_view text, const std::string& source_name);

// XML (the API's default): wb:data → wb:data records with wb:indicator,
// wb:country, wb:countryiso3code, wb:date, wb:value; namespace optional.
util::Expected<ReferencePage> parse_worldbank_xml(std::string_view text, const std::string& source_name);

// Either, by the first non-blank character.
util::Expected<ReferencePage> parse_worldbank(std::string_view text, const std::string& source_name);

} // namespace rw::readers
