#pragma once

// The quotes table read into rows, for the reader of quote figures
// (figures.cpp: stale quarters, databases not packed yet) and for the packer
// (figures_packer.cpp): the services once, the quotes of an amount in the
// readers' order. Internal to store/: other layers include figures.hpp.

#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rw::store {

// Distinct texts of a column (periods, speeds, timestamps) as small numbers;
// most rows repeat the row before.
class Interned
{
public:
  std::uint32_t id(std::string_view text)
  {
    if (m_last < m_texts.size() && m_texts[m_last] == text) {
      return m_last;
    }
    auto it = m_index.find(text);
    if (it == m_index.end()) {
      it = m_index.emplace(std::string(text), static_cast<std::uint32_t>(m_texts.size())).first;
      m_texts.emplace_back(text);
    }
    m_last = it->second;
    return m_last;
  }
  const std::string& text(std::uint32_t id) const { return m_texts[id]; }
  size_t size() const { return m_texts.size(); }

private:
  std::vector<std::string> m_texts;
  std::map<std::string, std::uint32_t, std::less<>> m_index;
  std::uint32_t m_last = 0;
};

// The services (a few thousand) read once, instead of three joins per quote,
// with their rank in for_each_quote's order (sender, receiver, service key).
struct Services
{
  std::vector<ServiceRecord> records;
  std::unordered_map<std::int64_t, std::uint32_t> index; // id → records
  std::vector<std::uint32_t> rank;
};

util::Expected<Services> read_services(Database& database);
// Only the services with quotes in `period` (the packer's: one quarter's,
// not the database's); ranked among themselves, which orders them as among
// all.
util::Expected<Services> read_services(Database& database, const std::string& period);

// One quote as read from the quotes table, its texts as small numbers.
struct FigureRow
{
  std::int64_t id = 0;
  std::uint32_t service = 0; // index into Services::records
  std::uint32_t period = 0;  // Interned id
  std::uint32_t speed = 0;   // Interned id + 1; 0: no speed
  size_t collected_at = 0;   // offset into QuoteRows::timestamps
  std::uint32_t collected_at_size = 0;
  double amount = 0, fee = 0, rate = 0, benchmark = 0;
  std::optional<double> received, reported_fx_margin_pct, reported_total_cost_pct;
  bool transparent = true, accessible = true;
};

// Quotes read from the quotes table, and their order.
struct QuoteRows
{
  std::vector<FigureRow> rows; // as read
  std::vector<std::uint32_t> order;
  Interned periods;
  Interned speeds;
  std::string timestamps; // every distinct-from-the-last collected_at, end to end
  size_t read = 0;        // rows read, with any whose service is missing

  std::string_view collected(const FigureRow& row) const
  {
    return std::string_view(timestamps).substr(row.collected_at, row.collected_at_size);
  }
};

// The quotes of one amount in [from, to] (empty: no bound), ordered by
// period, service rank, time collected and id; room for `expected_rows`
// reserved first (0: none).
util::Expected<QuoteRows> read_quote_rows(Database& database,
                                          const Services& services,
                                          int standard_amount_usd,
                                          const std::string& from,
                                          const std::string& to,
                                          size_t expected_rows);

// The figures every form of a quote names alike (FigureRow, PackedQuote,
// QuoteFigures): one copy for the reader's two loops and the packer. Labels
// (service, period, timestamp, speed) are each form's own and not copied.
template <typename To, typename From>
void
copy_common_figures(To& to, const From& from)
{
  to.id = from.id;
  to.amount = from.amount;
  to.fee = from.fee;
  to.rate = from.rate;
  to.benchmark = from.benchmark;
  to.received = from.received;
  to.reported_fx_margin_pct = from.reported_fx_margin_pct;
  to.reported_total_cost_pct = from.reported_total_cost_pct;
  to.transparent = from.transparent;
  to.accessible = from.accessible;
}

} // namespace rw::store
