// Rejected rows taken apart and counted by reason (readers/rejects.hpp).

#include "readers/rejects.hpp"

#include "util/csv.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rw::readers {

RejectionParts
split_rejection(const RejectedRow& row)
{
  RejectionParts parts;
  parts.line = row.line;
  std::string_view text = row.message;
  const std::string place = fmt::format(":{}: ", row.line);
  if (const size_t at = text.find(place); at != std::string_view::npos) {
    parts.file = std::string(text.substr(0, at));
    text.remove_prefix(at + place.size());
  }
  const size_t open = text.find('\'');
  const size_t close = open == std::string_view::npos ? open : text.find('\'', open + 1);
  if (close == std::string_view::npos) {
    parts.reason = std::string(text);
    return parts;
  }
  parts.value = std::string(text.substr(open + 1, close - open - 1));
  const std::string_view before = util::trim(text.substr(0, open));
  const std::string_view after = text.substr(close + 1);
  // "<column> 'value' is …": the words before the value name its column.
  if (!before.empty() && before.find(':') == std::string_view::npos && after.starts_with(" is")) {
    parts.column = std::string(before);
  }
  parts.reason = before.empty() ? std::string(util::trim(after)) : fmt::format("{}{}", before, after);
  return parts;
}

std::string_view
reason_key(std::string_view reason)
{
  return reason.substr(0, reason.find(" ("));
}

void
ReasonCounter::add(std::string_view reason, std::string_view where)
{
  const auto [it, first] = m_index.try_emplace(std::string(reason), m_counts.size());
  if (first) {
    m_counts.push_back({std::string(reason), 0, std::string(where)});
  }
  ++m_counts[it->second].rows;
}

std::vector<ReasonCounter::Count>
ReasonCounter::counts() const
{
  std::vector<Count> sorted = m_counts;
  std::ranges::stable_sort(sorted, std::greater<>{}, &Count::rows);
  return sorted;
}

std::string
format_count(const ReasonCounter::Count& count)
{
  return fmt::format("{} row{}: {} (first at {})", util::group_thousands(count.rows), count.rows == 1 ? "" : "s",
                     count.reason, count.first);
}

std::string
rejects_csv(const std::vector<RejectedRow>& rows)
{
  std::string out = "file,line,column,value,reason\n";
  for (const auto& row : rows) {
    const RejectionParts parts = split_rejection(row);
    out += fmt::format("{},{},{},{},{}\n", util::csv_escape(parts.file), parts.line, util::csv_escape(parts.column),
                       util::csv_escape(parts.value), util::csv_escape(parts.reason));
  }
  return out;
}

} // namespace rw::readers
