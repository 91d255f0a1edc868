#pragma once

#include "readers/csv_rows.hpp"
#include "readers/imported_quote.hpp"
#include "corridors/catalogue.hpp"
#include "util/csv.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <optional>
#include <span>
#include <functional>
#include <map>
#include <unordered_map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rw::readers {

struct RpwColumns; // where the header has each field: readers/rpw_columns.hpp

// One standard amount's figures in an RPW row: cc1 (USD 200) or cc2 (USD 500).
struct RpwAmount
{
  bool present = false; // the total cost % is given
  double amount = 0;    // in the sending currency
  double fee = 0;
  std::optional<double> rate;
  std::optional<double> fx_margin_pct;
  double total_pct = 0;
  std::string_view currency;
};

// One row of the RPW dataset, checked: views into the row's fields.
struct RpwRow
{
  corridors::Quarter period{2000, 1};
  std::string sender; // upper case, in the catalogue
  std::string receiver;
  std::string_view firm;
  corridors::FirmType firm_type = corridors::FirmType::other;
  std::optional<corridors::SpeedClass> speed;
  std::string_view payment_instrument; // older rows: the product
  std::string_view pickup_method;
  std::string_view access_point;
  std::string_view sending_location;
  std::string_view id;
  bool transparent = true;
  std::chrono::sys_seconds collected_at{};
  std::optional<double> benchmark;
  std::array<RpwAmount, 2> amounts; // cc1, cc2; at least one present

  corridors::Service service() const;
};

// What RpwReader::parse made of the fields that repeat from row to row (period,
// countries, firm type, speed, transparent), kept for the last few distinct
// texts of each: the next row with such a text in the field gets the same
// result without the work. Each is a function of its field's text alone, so a
// row reads the same with or without the memo. One per thread.
class RpwParseMemo
{
public:
  template <typename T>
  class Entry
  {
  public:
    // The value kept for `field`, or nullptr.
    const T* find(std::string_view field) const
    {
      // The slot that answered last first: rows come in runs of one text.
      if (m_used > 0 && same(m_slots[m_hit].text, field)) {
        return &*m_slots[m_hit].value;
      }
      for (size_t k = 0; k < m_used; ++k) {
        if (same(m_slots[k].text, field)) {
          m_hit = k;
          return &*m_slots[k].value;
        }
      }
      return nullptr;
    }
    void keep(std::string_view field, const T& value)
    {
      Slot& slot = m_slots[m_next];
      slot.text.assign(field);
      slot.value = value;
      m_next = (m_next + 1) % m_slots.size();
      m_used = std::max(m_used, m_next == 0 ? m_slots.size() : m_next);
    }

  private:
    // Short texts: compared here rather than by a call to memcmp.
    static bool same(std::string_view a, std::string_view b)
    {
      if (a.size() != b.size()) {
        return false;
      }
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
          return false;
        }
      }
      return true;
    }
    struct Slot
    {
      std::string text;
      std::optional<T> value; // set with the text
    };
    std::array<Slot, 8> m_slots{}; // RPW has 5 firm types, 6 speeds, 2 answers
    size_t m_used = 0;
    size_t m_next = 0;
    mutable size_t m_hit = 0; // the slot find() found last
  };

private:
  friend class RpwReader;
  Entry<std::pair<corridors::Quarter, std::chrono::sys_seconds>> m_period; // and its first day
  Entry<std::string> m_sender; // upper case, in the catalogue
  Entry<std::string> m_receiver;
  Entry<corridors::FirmType> m_firm_type;
  Entry<std::optional<corridors::SpeedClass>> m_speed;
  Entry<bool> m_transparent;
  Entry<std::chrono::sys_seconds> m_date; // a row's own date: rows of a corridor share a few
};

// Reads the World Bank's RPW dataset, one row per service per period, from
// rows of text (its CSV export, or a sheet of the xlsx workbook). Columns are
// found by header name, so both layouts (up to 2016Q1, from 2016Q2) and
// extracts with a subset of columns in another order are read. Each row gives
// up to two quotes: cc1 (USD 200) and cc2 (USD 500).
class RpwReader
{
public:
  // Refuses a header that lacks a required column, naming every one missing.
  static util::Expected<RpwReader> create(const std::vector<std::string>& names,
                                          std::string source_name,
                                          const corridors::Catalogue& catalogue);

  // Columns the header names (up to its last non-blank name): a row with
  // fewer is rejected; cells past them are unlabelled, ignored and counted.
  size_t width() const { return m_width; }

  // Checks one row; the error says why it is rejected (without the line).
  // With `only_amount` (200 or 500), only what an average of that amount
  // needs is read and checked, and the date (so that an average refuses the
  // rows an import rejects for it): the other amount's columns and the
  // benchmark rate are left alone (and empty in the row). With a memo, a text
  // it kept for the period, countries, firm type, speed or transparent is not
  // parsed again.
  util::Expected<RpwRow> parse(std::span<const std::string_view> fields,
                               int only_amount = 0,
                               RpwParseMemo* memo = nullptr) const;
  // The same into `row`, reused from row to row (on an error, partly written).
  util::Expected<void> parse_into(std::span<const std::string_view> fields,
                                  RpwRow& row,
                                  int only_amount = 0,
                                  RpwParseMemo* memo = nullptr) const;

  // Adds the row's quotes to `file`, or a rejected row naming `line`. A row
  // whose every cell is blank (a spacer under the header) is skipped.
  void add_row(std::span<const std::string_view> fields, size_t line, ImportedFile& file);
  void add_row(const std::vector<std::string>& fields, size_t line, ImportedFile& file);

  // What add_row remembers to tell services apart and to find repeated ids
  // (disambiguate, first_of_id) is kept for the current period and corridor
  // only, forgotten when the file moves on to the next: memory that does not
  // grow with the file. Exact for a file that lists each period's corridor in
  // one run of rows, as the World Bank's release does; a file that comes back
  // to a period and corridor it left is refused (error()), since what it
  // would need was forgotten. Without it, everything is kept to the end.
  void forget_finished_groups() { m_grouped = true; }
  static constexpr std::string_view k_ungrouped = "were left for other corridors before";
  // Set when the file was refused while rows were added; add_row adds no
  // more rows then.
  const std::optional<util::Error>& error() const { return m_error; }
  // What add_row ignored, said once for the whole source: "6,470 rows carry
  // 5 unlabelled trailing cells, ignored (first at FILE:LINE)"; nothing when
  // no row had any. Added to file.notes by the drivers.
  std::optional<std::string> trailing_note() const;

private:
  // Tells apart services RPW lists more than once in a corridor and period
  // (several products of one provider): in file order, the second and later
  // get "#2", "#3" on their service key.
  void disambiguate(ImportedQuote& quote);
  // Whether the row is the first with its id, service and period; a later
  // one with other values is rejected into `file`.
  bool first_of_id(std::span<const std::string_view> fields, const RpwRow& row, const std::string& base_key,
                   size_t line, ImportedFile& file);
  // With forget_finished_groups: starts the row's group if it is new; false
  // (and error() set) when the file comes back to a group it left.
  bool enter_group(const RpwRow& row, size_t line);

  RpwReader(std::shared_ptr<const RpwColumns> columns,
            size_t width,
            std::string source_name,
            const corridors::Catalogue& catalogue);

  std::shared_ptr<const RpwColumns> m_columns;
  size_t m_width;
  std::string m_source_name;
  const corridors::Catalogue* m_catalogue;
  // (period, corridor, service key, amount) → quotes seen so far.
  std::map<std::string, size_t> m_seen;
  // Period and base key of each row with an id → its line and a hash of its
  // fields (first_of_id).
  struct SeenRow
  {
    size_t line = 0;
    size_t values = 0;
  };
  std::unordered_map<std::string, SeenRow> m_ids;
  RpwParseMemo m_memo; // add_row's
  bool m_grouped = false;
  struct Group
  {
    corridors::Quarter period;
    std::string sender;
    std::string receiver;
  };
  std::optional<Group> m_group; // the period and corridor m_seen and m_ids hold
  // Every group met ("period|corridor") → its first line: one per corridor
  // and quarter (a few thousand), not per row.
  std::unordered_map<std::string, size_t> m_left;
  std::optional<util::Error> m_error;
  // Rows with non-blank cells past the header's names: how many, the
  // fewest and most such cells, the first line.
  struct Trailing
  {
    size_t rows = 0;
    size_t fewest = 0;
    size_t most = 0;
    size_t first_line = 0;
  };
  Trailing m_trailing;
  // Each payment instrument's label as first spelled (fold_label → text):
  // "Credit Card" and "Credit card" are one instrument, stored one way.
  std::unordered_map<std::string, std::string> m_labels;
  // Counts the row's non-blank cells past the header's names.
  void count_trailing(std::span<const std::string_view> fields, size_t line);
  // The label of the instrument spelled `label` as first spelled in the file.
  const std::string& first_spelling(std::string_view label);
};

// Receives quotes as they are read, in batches, so that a large file never
// sits in memory whole; the batch is cleared after the call. Without a sink
// the quotes accumulate in the returned file.
using QuoteSink = std::function<util::Expected<void>(std::vector<ImportedQuote>& batch)>;

// The official workbook (rpw_dataset_2011_2025_q3.xlsx): every sheet whose
// name starts with "Dataset" ("Dataset (up to Q1 2016)", "Dataset (from Q2
// 2016)"), or only the sheet named `sheet`, streamed, in one ImportedFile.
// A sheet's header is its first non-blank row. Messages name
// "file.xlsx[sheet]:row". `memory` as for read_rpw_csv below, per sheet.
enum class RpwMemory { whole_file, current_group };
util::Expected<ImportedFile> read_rpw_xlsx(const std::filesystem::path& path,
                                           const corridors::Catalogue& catalogue,
                                           const QuoteSink& sink = {},
                                           const std::string& sheet = {},
                                           RpwMemory memory = RpwMemory::whole_file);

// The RPW dataset's CSV export: a UTF-8 BOM or not, quoted fields.
util::Expected<ImportedFile> read_rpw_csv(std::string_view text,
                                          const std::string& source_name,
                                          const corridors::Catalogue& catalogue,
                                          const QuoteSink& sink = {});
// The same streamed from a file (named as the stream names it) through a
// bounded buffer, so that memory does not grow with the file: opened first
// (binary content and the header checked on the first chunk), then read.
// With RpwMemory::current_group (RpwReader::forget_finished_groups), a file
// that comes back to a period and corridor it left is refused with an error
// is_ungrouped_rpw() knows, so that the caller may read it again whole_file.
util::Expected<CsvRows> open_rpw_csv(util::TextStream stream);
util::Expected<ImportedFile> read_rpw_csv(CsvRows rows,
                                          const corridors::Catalogue& catalogue,
                                          const QuoteSink& sink,
                                          RpwMemory memory);
bool is_ungrouped_rpw(const util::Error& error);

} // namespace rw::readers
