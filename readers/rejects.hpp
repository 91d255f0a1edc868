#pragma once

// Rejected rows and flags, summarised: every reader's messages read
// "FILE:LINE: <column> '<value>' is …" (or another text), so one function
// takes them apart for the --rejects CSV, and rows are counted by their
// reason — the message without its place, its quoted value and what follows
// " (" (the figures of one row) — so that 1,000 bad rows print as one line.

#include "readers/imported_quote.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

struct RejectionParts
{
  std::string file;   // the source named before ":LINE: " (a workbook: "file.xlsx[sheet]")
  size_t line = 0;
  std::string column; // the text before the quoted value, when "… 'value' is …" (else blank)
  std::string value;  // the first quoted value, if any
  std::string reason; // the message without place and value: "cc1 lcu fee is not a number"
};

RejectionParts split_rejection(const RejectedRow& row);

// The reason rows are counted by: `reason` up to " (", where one row's
// figures start ("… by more than 0.01 pp (5.52 vs …)").
std::string_view reason_key(std::string_view reason);

// Rows counted by reason, each with where it was first met.
class ReasonCounter
{
public:
  struct Count
  {
    std::string reason;
    size_t rows = 0;
    std::string first; // FILE:LINE
  };

  void add(std::string_view reason, std::string_view where);
  // Most rows first; ties in the order first met.
  std::vector<Count> counts() const;
  bool empty() const { return m_counts.empty(); }

private:
  std::map<std::string, size_t, std::less<>> m_index; // reason → index in m_counts
  std::vector<Count> m_counts;
};

// "1,000 rows: cc1 lcu fee is not a number (first at rpw.csv:2)".
std::string format_count(const ReasonCounter::Count& count);

// The rows as CSV: file,line,column,value,reason, one line each after the header.
std::string rejects_csv(const std::vector<RejectedRow>& rows);

} // namespace rw::readers
