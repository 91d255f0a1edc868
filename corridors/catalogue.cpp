#include "corridors/catalogue.hpp"

#include "util/csv.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

namespace rw::corridors {

namespace builtin {
// Generated from corridors/data by cmake/EmbedFiles.cmake.
// NOLINTBEGIN(misc-use-internal-linkage): defined in the generated source
std::string_view countries_csv();
std::string_view corridors_csv();
// NOLINTEND(misc-use-internal-linkage)
} // namespace builtin

namespace {

struct RegionName
{
  Region region;
  std::string_view code;
  std::string_view name;
};

constexpr RegionName k_regions[] = {
  {Region::eap, "eap", "East Asia & Pacific"},
  {Region::eca, "eca", "Europe & Central Asia"},
  {Region::lac, "lac", "Latin America & Caribbean"},
  {Region::mena, "mena", "Middle East & North Africa"},
  {Region::na, "na", "North America"},
  {Region::sa, "sa", "South Asia"},
  {Region::ssa, "ssa", "Sub-Saharan Africa"},
};

struct IncomeName
{
  IncomeGroup group;
  std::string_view code;
  std::string_view name;
};

constexpr IncomeName k_income_groups[] = {
  {IncomeGroup::low, "low", "Low income"},
  {IncomeGroup::lower_middle, "lower_middle", "Lower middle income"},
  {IncomeGroup::upper_middle, "upper_middle", "Upper middle income"},
  {IncomeGroup::high, "high", "High income"},
};

// Bounds that catch a typo in a flow's year, not a claim about the data.
constexpr long long k_first_flow_year = 1970;
constexpr long long k_last_flow_year = 2100;

bool
is_upper_code(std::string_view code)
{
  return code.size() == 3
         && std::ranges::all_of(code, [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Reads a catalogue CSV: the header's required columns, then each non-blank
// row handed to `row` with its line; the first error stops the load.
template<typename RowFunction>
util::Expected<void>
read_table(std::string_view text,
           const std::string& name,
           std::initializer_list<std::string_view> required,
           RowFunction row)
{
  util::CsvReader reader(text, name);
  reader.set_comment_char('#');
  std::vector<std::string> fields;
  auto names = reader.header("a catalogue file");
  if (!names) {
    return std::unexpected(names.error());
  }
  fields = std::move(*names);
  const util::CsvHeader header(fields);
  std::vector<size_t> columns;
  for (const auto column : required) {
    const auto index = header.find(column);
    if (!index) {
      return util::make_error(
        util::ErrorKind::parse,
        fmt::format("{}:{}: missing column '{}'", name, reader.line(), column));
    }
    columns.push_back(*index);
  }
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      return {};
    }
    if (std::ranges::all_of(fields, [](const std::string& f) { return util::trim(f).empty(); })) {
      continue;
    }
    if (fields.size() != header.size()) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: {} fields, the header has {}", reader.where(),
                                          fields.size(), header.size()));
    }
    std::vector<std::string_view> values;
    values.reserve(columns.size());
    for (const size_t index : columns) {
      values.push_back(util::trim(fields[index]));
    }
    if (auto ok = row(values, reader.where()); !ok) {
      return ok;
    }
  }
}

util::Expected<void>
fail(const std::string& where, std::string message)
{
  return util::make_error(util::ErrorKind::parse, fmt::format("{}: {}", where, message));
}

} // namespace

util::Expected<Region>
parse_region(std::string_view code)
{
  const std::string key = util::to_lower(util::trim(code));
  for (const auto& r : k_regions) {
    if (r.code == key) {
      return r.region;
    }
  }
  return util::make_error(
    util::ErrorKind::parse,
    fmt::format("region '{}' is not one of eap, eca, lac, mena, na, sa, ssa", code));
}

util::Expected<IncomeGroup>
parse_income_group(std::string_view code)
{
  const std::string key = util::to_lower(util::trim(code));
  for (const auto& g : k_income_groups) {
    if (g.code == key) {
      return g.group;
    }
  }
  return util::make_error(
    util::ErrorKind::parse,
    fmt::format("income group '{}' is not one of low, lower_middle, upper_middle, high", code));
}

std::string_view
to_string(Region region)
{
  return std::ranges::find(k_regions, region, &RegionName::region)->code;
}

std::string_view
display_name(Region region)
{
  return std::ranges::find(k_regions, region, &RegionName::region)->name;
}

std::string_view
to_string(IncomeGroup group)
{
  return std::ranges::find(k_income_groups, group, &IncomeName::group)->code;
}

std::string_view
display_name(IncomeGroup group)
{
  return std::ranges::find(k_income_groups, group, &IncomeName::group)->name;
}

util::Expected<Catalogue>
Catalogue::load(std::string_view countries_csv,
                const std::string& countries_name,
                std::string_view corridors_csv,
                const std::string& corridors_name)
{
  Catalogue catalogue;
  auto countries = read_table(
    countries_csv,
    countries_name,
    {"iso3", "name", "currency", "region", "income_group", "g20"},
    [&](const std::vector<std::string_view>& v, const std::string& where) {
      return catalogue.add_country(v, where);
    });
  if (!countries) {
    return std::unexpected(countries.error());
  }

  auto corridors = read_table(
    corridors_csv,
    corridors_name,
    {"sender", "receiver", "flow_usd", "flow_year", "flow_source"},
    [&](const std::vector<std::string_view>& v, const std::string& where) {
      return catalogue.add_corridor(v, where);
    });
  if (!corridors) {
    return std::unexpected(corridors.error());
  }
  return catalogue;
}

util::Expected<void>
Catalogue::add_country(const std::vector<std::string_view>& v, const std::string& where)
{
  Country country;
  country.iso3 = std::string(v[0]);
  if (!is_upper_code(country.iso3)) {
    return fail(where, fmt::format("'{}' is not an ISO 3166-1 alpha-3 code", v[0]));
  }
  if (m_country_index.contains(country.iso3)) {
    return fail(where, fmt::format("country {} is listed twice", country.iso3));
  }
  country.name = std::string(v[1]);
  if (country.name.empty()) {
    return fail(where, fmt::format("country {} has no name", country.iso3));
  }
  country.currency = std::string(v[2]);
  if (!is_upper_code(country.currency)) {
    return fail(where, fmt::format("currency '{}' of {} is not an ISO 4217 code", v[2],
                                   country.iso3));
  }
  auto region = parse_region(v[3]);
  if (!region) {
    return fail(where, region.error().message);
  }
  country.region = *region;
  auto income = parse_income_group(v[4]);
  if (!income) {
    return fail(where, income.error().message);
  }
  country.income = *income;
  if (v[5] != "yes" && v[5] != "no") {
    return fail(where, fmt::format("g20 '{}' is not yes or no", v[5]));
  }
  country.g20 = v[5] == "yes";
  m_country_index.emplace(country.iso3, m_countries.size());
  m_countries.push_back(std::move(country));
  return {};
}

util::Expected<void>
Catalogue::add_corridor(const std::vector<std::string_view>& v, const std::string& where)
{
  CorridorInfo info;
  info.key = {std::string(v[0]), std::string(v[1])};
  for (const auto& code : {info.key.sender, info.key.receiver}) {
    if (find_country(code) == nullptr) {
      return fail(where, fmt::format("unknown country code '{}'", code));
    }
  }
  if (info.key.sender == info.key.receiver) {
    return fail(where, fmt::format("corridor {} sends to itself", info.key.to_string()));
  }
  if (m_corridor_index.contains(info.key)) {
    return fail(where, fmt::format("corridor {} is listed twice", info.key.to_string()));
  }
  if (!v[2].empty()) {
    const auto flow = util::parse_double(v[2]);
    if (!flow || *flow < 0) {
      return fail(where, fmt::format("flow_usd '{}' of {} is not a non-negative number", v[2],
                                     info.key.to_string()));
    }
    if (v[3].empty()) {
      return fail(where, fmt::format("flow of {} has no flow_year", info.key.to_string()));
    }
    const auto year = util::parse_integer(v[3]);
    if (!year || *year < k_first_flow_year || *year > k_last_flow_year) {
      return fail(where,
                  fmt::format("flow_year '{}' of {} is not a year from {} to {}", v[3],
                              info.key.to_string(), k_first_flow_year, k_last_flow_year));
    }
    if (v[4].empty()) {
      return fail(where, fmt::format("flow of {} has no flow_source", info.key.to_string()));
    }
    info.flow_usd = flow;
    info.flow_year = static_cast<int>(*year);
    info.flow_source = std::string(v[4]);
  } else if (!v[3].empty() || !v[4].empty()) {
    return fail(where, fmt::format("{} has a flow year or source but no flow",
                                   info.key.to_string()));
  }
  m_corridor_index.emplace(info.key, m_corridors.size());
  m_corridors.push_back(std::move(info));
  return {};
}

util::Expected<Catalogue>
Catalogue::load_builtin()
{
  return load(builtin::countries_csv(), "corridors/data/countries.csv", builtin::corridors_csv(),
              "corridors/data/corridors.csv");
}

util::Expected<Catalogue>
Catalogue::load_directory(const std::filesystem::path& directory)
{
  const auto countries_path = directory / "countries.csv";
  const auto corridors_path = directory / "corridors.csv";
  auto countries = util::read_file(countries_path);
  if (!countries) {
    return std::unexpected(countries.error());
  }
  auto corridors = util::read_file(corridors_path);
  if (!corridors) {
    return std::unexpected(corridors.error());
  }
  return load(*countries, countries_path.string(), *corridors, corridors_path.string());
}

const Country*
Catalogue::find_country(std::string_view iso3) const
{
  const auto it = m_country_index.find(iso3);
  return it == m_country_index.end() ? nullptr : &m_countries[it->second];
}

util::Expected<void>
Catalogue::set_flow(const CorridorKey& key, double usd, std::optional<int> year, std::string source)
{
  for (const auto& code : {key.sender, key.receiver}) {
    if (find_country(code) == nullptr) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("flow for {}: '{}' is not a country in the catalogue", key.to_string(), code));
    }
  }
  // A bilateral matrix covers far more pairs than the monitored corridors:
  // the others have no quotes to weigh and would only swell the catalogue.
  const auto it = m_corridor_index.find(key);
  if (it == m_corridor_index.end()) {
    return util::make_error(util::ErrorKind::not_found,
                            fmt::format("flow for {}: not a corridor in the catalogue", key.to_string()));
  }
  CorridorInfo& info = m_corridors[it->second];
  info.flow_usd = usd;
  info.flow_year = year;
  info.flow_source = std::move(source);
  return {};
}

const CorridorInfo*
Catalogue::find_corridor(const CorridorKey& key) const
{
  const auto it = m_corridor_index.find(key);
  return it == m_corridor_index.end() ? nullptr : &m_corridors[it->second];
}

} // namespace rw::corridors
