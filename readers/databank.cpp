#include "readers/databank.hpp"

#include "readers/column_finder.hpp"
#include "readers/csv_rows.hpp"

#include "util/csv.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::readers {

namespace {

constexpr double k_max_cost_pct = 100;

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

// Where the series' columns are: the two countries, the series code and one
// column per quarter; `others` are the columns that are none of these (nor
// the names beside the codes), read only to see that they are empty.
struct Layout
{
  size_t sender = 0;
  size_t receiver = 0;
  size_t series = 0;
  std::vector<std::pair<size_t, corridors::Quarter>> quarters; // column, quarter
  std::vector<size_t> others;
};

// Two columns of one quarter: which one holds its values cannot be told (the
// last would win), so the file is refused naming both.
util::Expected<void>
check_repeated_quarters(const Layout& layout, const std::vector<std::string>& names, const std::string& source_name)
{
  for (size_t k = 0; k < layout.quarters.size(); ++k) {
    for (size_t j = 0; j < k; ++j) {
      if (layout.quarters[j].second == layout.quarters[k].second) {
        return util::make_error(util::ErrorKind::parse,
                                fmt::format("{}:1: columns {} '{}' and {} '{}' are both {}", source_name,
                                            layout.quarters[j].first + 1, names[layout.quarters[j].first],
                                            layout.quarters[k].first + 1, names[layout.quarters[k].first],
                                            layout.quarters[k].second.to_string()));
      }
    }
  }
  return {};
}

util::Expected<Layout>
find_layout(const std::vector<std::string>& names, const std::string& source_name)
{
  const util::CsvHeader header(names);
  ColumnFinder find(header);
  Layout layout{.sender = find.required("Sending Countries Code"),
                .receiver = find.required("Receiving Countries Code"),
                .series = find.required("Series Code"),
                .quarters = {},
                .others = {}};
  std::vector<size_t> known{layout.sender, layout.receiver, layout.series};
  for (const char* name : {"Sending Countries Name", "Receiving Countries Name", "Series Name"}) {
    if (const auto column = find.optional(name)) {
      known.push_back(*column);
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (const auto quarter = corridors::Quarter::parse(names[i])) {
      layout.quarters.emplace_back(i, *quarter);
    } else if (std::ranges::find(known, i) == known.end()) {
      layout.others.push_back(i);
    }
  }
  find.require(!layout.quarters.empty(), "quarters like '2011Q1 [YR2011Q1]'");
  if (auto ok = find.check(source_name, "a DataBank corridor series"); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = check_repeated_quarters(layout, names, source_name); !ok) {
    return std::unexpected(ok.error());
  }
  return layout;
}

// A value in a column that is not a quarter (a header mistyped, "2011Q5", a
// column added by hand) would be dropped without a word: the file is refused
// naming the column and the first row with a value. An empty column is fine.
util::Expected<void>
check_other_columns(const std::vector<std::string>& fields,
                    const Layout& layout,
                    const std::vector<std::string>& names,
                    const std::string& where)
{
  for (const size_t column : layout.others) {
    const std::string_view cell = util::trim(fields[column]);
    if (!cell.empty() && cell != "..") {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: column {} '{}' has a value ('{}') but is not a quarter like "
                                          "'2011Q1 [YR2011Q1]': name its quarter or remove the column",
                                          where, column + 1, names[column], cell));
    }
  }
  return {};
}

// One sender × receiver row: its values, or why it is rejected. The row's
// values are all kept or none.
util::Expected<void>
read_row(const std::vector<std::string>& fields,
         const Layout& layout,
         const corridors::Catalogue& catalogue,
         size_t line,
         SeriesFile& file)
{
  const auto reject = [](std::string message) { return util::make_error(util::ErrorKind::parse, std::move(message)); };
  const corridors::CorridorKey corridor{util::to_upper(util::trim(fields[layout.sender])),
                                        util::to_upper(util::trim(fields[layout.receiver]))};
  for (const auto& code : {corridor.sender, corridor.receiver}) {
    if (catalogue.find_country(code) == nullptr) {
      return reject(fmt::format("unknown country code '{}'", code));
    }
  }
  std::vector<SeriesValue> values;
  size_t missing = 0;
  for (const auto& [index, quarter] : layout.quarters) {
    const std::string_view cell = util::trim(fields[index]);
    if (cell == ".." || cell.empty()) {
      ++missing;
      continue;
    }
    const auto value = util::parse_double(cell);
    if (!value) {
      file.missing_values += missing; // those before the bad cell, as counted so far
      return reject(fmt::format("{} value '{}' is not a number", quarter.to_string(), cell));
    }
    // A corridor's average cost is a percentage of the amount sent; it may be
    // below zero (an FX margin under the benchmark: the 2011Q1–2020Q3 export
    // has five such averages, down to −11.36), but past ±100 % it is no cost.
    if (!(*value >= -k_max_cost_pct && *value <= k_max_cost_pct)) {
      file.missing_values += missing;
      return reject(fmt::format("{} value '{}' is not a cost from -100 to 100 %", quarter.to_string(), cell));
    }
    values.push_back({std::string(util::trim(fields[layout.series])), corridor, quarter, *value, line});
  }
  file.missing_values += missing;
  file.values.insert(file.values.end(), values.begin(), values.end());
  return {};
}

} // namespace

util::Expected<SeriesFile>
read_databank_csv(std::string_view text, const std::string& source_name, const corridors::Catalogue& catalogue)
{
  // Blank lines are the start of the footer here, not to be skipped.
  auto rows = CsvRows::open(text, source_name, "a DataBank CSV", {.skip_blank_lines = false});
  if (!rows) {
    return std::unexpected(rows.error());
  }
  auto layout = find_layout(rows->header(), source_name);
  if (!layout) {
    return std::unexpected(layout.error());
  }
  SeriesFile file;
  for (const auto& [index, quarter] : layout->quarters) {
    file.periods.push_back(quarter);
  }
  const size_t width = rows->header().size();
  bool in_footer = false;
  auto ok = rows->for_each<std::string>([&](const std::vector<std::string>& fields) -> util::Expected<void> {
    if (is_blank(fields) || is_footer(fields)) {
      in_footer = true; // data rows end at the first blank row
      return {};
    }
    ++file.rows;
    if (in_footer) {
      rows->reject(file.rejected, "data after the footer");
    } else if (fields.size() != width) {
      rows->reject(file.rejected, fmt::format("{} fields, the header has {}", fields.size(), width));
    } else if (auto other = check_other_columns(fields, *layout, rows->header(), rows->where()); !other) {
      return other;
    } else if (auto read = read_row(fields, *layout, catalogue, rows->line(), file); !read) {
      rows->reject(file.rejected, read.error().message);
    }
    return {};
  });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  return file;
}

} // namespace rw::readers
