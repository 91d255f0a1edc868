#pragma once

#include "corridors/model.hpp"
#include "util/error.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::corridors {

// World Bank geographic regions.
enum class Region { eap, eca, lac, mena, na, sa, ssa };
// World Bank income groups.
enum class IncomeGroup { low, lower_middle, upper_middle, high };

util::Expected<Region> parse_region(std::string_view code);   // "eap", "ssa", ...
util::Expected<IncomeGroup> parse_income_group(std::string_view code); // "low", ...
std::string_view to_string(Region region);
std::string_view display_name(Region region); // "Sub-Saharan Africa", ...
std::string_view to_string(IncomeGroup group);
std::string_view display_name(IncomeGroup group);

struct Country
{
  std::string iso3;
  std::string name;
  std::string currency; // ISO 4217
  Region region = Region::eca;
  IncomeGroup income = IncomeGroup::high;
  bool g20 = false;
};

struct CorridorInfo
{
  CorridorKey key;
  std::optional<double> flow_usd; // bilateral remittance flow; empty when unknown
  std::optional<int> flow_year;
  std::string flow_source;
};

// Countries and corridors, loaded from the CSV files in corridors/data
// (compiled into the binary; a directory of the same files can replace them).
class Catalogue
{
public:
  // The files compiled into the binary.
  static util::Expected<Catalogue> load_builtin();
  // countries.csv and corridors.csv from a directory.
  static util::Expected<Catalogue> load_directory(const std::filesystem::path& directory);
  // The two files' texts; the names are used in error messages ("file:line").
  static util::Expected<Catalogue> load(std::string_view countries_csv,
                                        const std::string& countries_name,
                                        std::string_view corridors_csv,
                                        const std::string& corridors_name);

  const Country* find_country(std::string_view iso3) const;
  const CorridorInfo* find_corridor(const CorridorKey& key) const;

  // Sets a listed corridor's flow (an imported one replacing the built-in);
  // a pair the catalogue does not list as a corridor is not_found.
  util::Expected<void> set_flow(const CorridorKey& key, double usd, std::optional<int> year, std::string source);

  const std::vector<Country>& countries() const { return m_countries; }
  const std::vector<CorridorInfo>& corridors() const { return m_corridors; }

private:
  // One row of countries.csv (iso3, name, currency, region, income_group,
  // g20) or of corridors.csv (sender, receiver, flow_usd, flow_year,
  // flow_source), checked and added; `where` is "file:line" for messages.
  util::Expected<void> add_country(const std::vector<std::string_view>& v,
                                   const std::string& where);
  util::Expected<void> add_corridor(const std::vector<std::string_view>& v,
                                    const std::string& where);

  std::vector<Country> m_countries;
  std::vector<CorridorInfo> m_corridors;
  std::map<std::string, size_t, std::less<>> m_country_index;
  std::map<CorridorKey, size_t> m_corridor_index;
};

} // namespace rw::corridors
