#include "readers/databank.hpp"

#include "util/csv.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::readers {

namespace {

bool
is_blank(const std::vector<std::string>& fields)
{
  return std::ranges::all_of(fields, [](const std::string& f) { return util::trim(f).empty(); });
}

bool
is_footer(const std::vector<std::string>& fields)
{
  const std::string_view first = util::trim(fields.front());
  return first.starts_with("Data from database") || first.starts_with("Last Updated");
}

} // namespace

util::Expected<SeriesFile>
read_databank_csv(std::string_view text, const std::string& source_name, const corridors::Catalogue& catalogue)
{
  if (text.find('\0') != std::string_view::npos) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not a DataBank CSV: binary content", source_name));
  }
  util::CsvReader reader(text, source_name);
  std::vector<std::string> fields;
  auto names = reader.header("a DataBank CSV");
  if (!names) {
    return std::unexpected(names.error());
  }
  fields = std::move(*names);
  const util::CsvHeader header(fields);
  const auto sender = header.find("Sending Countries Code");
  const auto receiver = header.find("Receiving Countries Code");
  const auto series = header.find("Series Code");
  std::vector<std::string> missing;
  if (!sender) {
    missing.emplace_back("Sending Countries Code");
  }
  if (!receiver) {
    missing.emplace_back("Receiving Countries Code");
  }
  if (!series) {
    missing.emplace_back("Series Code");
  }
  SeriesFile file;
  std::vector<std::pair<size_t, corridors::Quarter>> quarter_columns;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (const auto quarter = corridors::Quarter::parse(fields[i])) {
      quarter_columns.emplace_back(i, *quarter);
      file.periods.push_back(*quarter);
    }
  }
  if (quarter_columns.empty()) {
    missing.emplace_back("quarter columns like '2011Q1 [YR2011Q1]'");
  }
  if (!missing.empty()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:1: not a DataBank corridor series: missing {}",
                                        source_name, fmt::join(missing, ", ")));
  }
  const size_t width = header.size();
  bool in_footer = false;
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      break;
    }
    if (is_blank(fields)) {
      in_footer = true; // data rows end at the first blank row
      continue;
    }
    if (is_footer(fields)) {
      in_footer = true;
      continue;
    }
    const auto reject = [&](std::string message) {
      file.rejected.push_back({reader.line(), fmt::format("{}: {}", reader.where(), message)});
    };
    ++file.rows;
    if (in_footer) {
      reject("data after the footer");
      continue;
    }
    if (fields.size() != width) {
      reject(fmt::format("{} fields, the header has {}", fields.size(), width));
      continue;
    }
    const corridors::CorridorKey corridor{util::to_upper(util::trim(fields[*sender])),
                                          util::to_upper(util::trim(fields[*receiver]))};
    bool known = true;
    for (const auto& code : {corridor.sender, corridor.receiver}) {
      if (catalogue.find_country(code) == nullptr) {
        reject(fmt::format("unknown country code '{}'", code));
        known = false;
        break;
      }
    }
    if (!known) {
      continue;
    }
    std::vector<SeriesValue> values;
    bool bad = false;
    for (const auto& [index, quarter] : quarter_columns) {
      const std::string_view cell = util::trim(fields[index]);
      if (cell == ".." || cell.empty()) {
        ++file.missing_values;
        continue;
      }
      const auto value = util::parse_double(cell);
      if (!value) {
        reject(fmt::format("{} value '{}' is not a number", quarter.to_string(), cell));
        bad = true;
        break;
      }
      values.push_back({std::string(util::trim(fields[*series])), corridor, quarter, *value,
                        reader.line()});
    }
    if (!bad) {
      file.values.insert(file.values.end(), values.begin(), values.end());
    }
  }
  return file;
}

} // namespace rw::readers
