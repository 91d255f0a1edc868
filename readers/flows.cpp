#include "readers/flows.hpp"

#include "corridors/quarter.hpp"
#include "readers/column_finder.hpp"
#include "readers/csv_rows.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <charconv>
#include <map>

namespace rw::readers {

namespace {

// World remittances are about USD 0.9 trillion a year; ten trillion for one
// corridor is a typo (a value in cents, a matrix total), not a flow.
constexpr double k_max_flow_usd = 1e13;

struct FlowColumns
{
  size_t sender = 0, receiver = 0, usd = 0;
  std::optional<size_t> year, source;
};

util::Expected<std::optional<int>>
parse_year(std::string_view cell)
{
  if (cell.empty()) {
    return std::optional<int>();
  }
  int year = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), year);
  if (error != std::errc() || end != cell.data() + cell.size() || year < corridors::k_first_year
      || year > corridors::k_last_year) {
    return util::make_error(util::ErrorKind::parse, fmt::format("year '{}' is not a year from {} to {}", cell,
                                                                corridors::k_first_year, corridors::k_last_year));
  }
  return std::optional(year);
}

// One row as a flow, or why it is rejected.
util::Expected<Flow>
read_row(const std::vector<std::string>& fields,
         const FlowColumns& columns,
         const corridors::Catalogue& catalogue,
         const std::string& default_source)
{
  const auto reject = [](std::string message) { return util::make_error(util::ErrorKind::parse, std::move(message)); };
  Flow flow;
  flow.corridor = {util::to_upper(util::trim(fields[columns.sender])),
                   util::to_upper(util::trim(fields[columns.receiver]))};
  for (const auto& code : {flow.corridor.sender, flow.corridor.receiver}) {
    if (catalogue.find_country(code) == nullptr) {
      return reject(fmt::format("'{}' is not a country in the catalogue (ISO 3166-1 alpha-3, e.g. KEN)", code));
    }
  }
  if (flow.corridor.sender == flow.corridor.receiver) {
    return reject(fmt::format("sender and receiver are both {}", flow.corridor.sender));
  }
  const std::string_view usd = util::trim(fields[columns.usd]);
  const auto value = util::parse_double(usd);
  if (!value || !(*value >= 0 && *value <= k_max_flow_usd)) {
    return reject(fmt::format("flow_usd '{}' is not an amount in USD from 0 to 10^13", usd));
  }
  flow.usd = *value;
  if (columns.year) {
    auto year = parse_year(util::trim(fields[*columns.year]));
    if (!year) {
      return std::unexpected(year.error());
    }
    flow.year = *year;
  }
  flow.source = columns.source ? std::string(util::trim(fields[*columns.source])) : std::string();
  if (flow.source.empty()) {
    flow.source = default_source;
  }
  return flow;
}

} // namespace

util::Expected<FlowFile>
read_flows_csv(std::string_view text, const std::string& source_name, const corridors::Catalogue& catalogue)
{
  auto rows = CsvRows::open(text, source_name, "a flows CSV");
  if (!rows) {
    return std::unexpected(rows.error());
  }
  const util::CsvHeader header(rows->header());
  ColumnFinder find(header);
  const FlowColumns columns{.sender = find.required("sender"),
                        .receiver = find.required("receiver"),
                        .usd = find.required("flow_usd"),
                        .year = find.optional("year"),
                        .source = find.optional("source")};
  if (auto ok = find.check(source_name, "a flows CSV (docs/formats/flows-csv.md)"); !ok) {
    return std::unexpected(ok.error());
  }
  FlowFile file;
  std::map<corridors::CorridorKey, size_t> first_line; // index into file.flows
  const size_t width = rows->header().size();
  auto ok = rows->for_each<std::string>([&](const std::vector<std::string>& fields) -> util::Expected<void> {
    ++file.rows;
    if (fields.size() != width) {
      rows->reject(file.rejected, fmt::format("{} fields, the header has {}", fields.size(), width));
      return {};
    }
    auto flow = read_row(fields, columns, catalogue, source_name);
    if (!flow) {
      rows->reject(file.rejected, flow.error().message);
      return {};
    }
    flow->line = rows->line();
    if (const auto seen = first_line.find(flow->corridor); seen != first_line.end()) {
      const Flow& earlier = file.flows[seen->second];
      if (earlier.usd != flow->usd || earlier.year != flow->year || earlier.source != flow->source) {
        rows->reject(file.rejected, fmt::format("{} was given on line {} with another value",
                                                flow->corridor.to_string(), earlier.line));
      }
      return {};
    }
    first_line.emplace(flow->corridor, file.flows.size());
    file.flows.push_back(std::move(*flow));
    return {};
  });
  if (!ok) {
    return std::unexpected(ok.error());
  }
  return file;
}

} // namespace rw::readers
