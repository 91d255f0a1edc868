#include "reports/published.hpp"

#include "util/csv.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::reports {

namespace builtin {
// Generated from reports/data/published.csv by cmake/EmbedFiles.cmake.
std::string_view published_csv(); // NOLINT(misc-use-internal-linkage): defined in the generated source
} // namespace builtin

util::Expected<std::vector<PublishedFigure>>
parse_published(std::string_view csv, const std::string& name)
{
  util::CsvReader reader(csv, name);
  reader.set_comment_char('#');
  std::vector<std::string> fields;
  auto header = reader.next(fields);
  if (!header) {
    return std::unexpected(header.error());
  }
  const util::CsvHeader columns(*header ? fields : std::vector<std::string>());
  const auto period = columns.find("period");
  const auto measure = columns.find("measure");
  const auto value = columns.find("value");
  const auto source = columns.find("source");
  if (!period || !measure || !value || !source) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: expected the columns period, measure, value, source", name));
  }
  std::vector<PublishedFigure> figures;
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      return std::unexpected(more.error());
    }
    if (!*more) {
      return figures;
    }
    if (fields.size() != columns.size()) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: {} fields, the header has {}", reader.where(), fields.size(),
                                          columns.size()));
    }
    auto quarter = corridors::Quarter::parse(fields[*period]);
    const auto number = util::parse_double(fields[*value]);
    if (!quarter || !number || *number <= 0 || util::trim(fields[*source]).empty()
        || util::trim(fields[*measure]).empty()) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: needs a quarter, a measure, a positive value and a source",
                                          reader.where()));
    }
    figures.push_back({*quarter, std::string(util::trim(fields[*measure])), *number,
                       std::string(util::trim(fields[*source]))});
  }
}

util::Expected<std::vector<PublishedFigure>>
published_figures()
{
  return parse_published(builtin::published_csv(), "reports/data/published.csv");
}

std::optional<PublishedFigure>
find_published(const std::vector<PublishedFigure>& figures, corridors::Quarter period, std::string_view measure)
{
  const auto it = std::ranges::find_if(
    figures, [&](const PublishedFigure& f) { return f.period == period && f.measure == measure; });
  if (it == figures.end()) {
    return std::nullopt;
  }
  return *it;
}

} // namespace rw::reports
