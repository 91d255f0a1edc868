#pragma once

// What the readers of costs read from the store: each quote's figures, taken
// from the packed quarters (packed_figures.hpp, whose format this header
// brings along for its existing includers) or from the quotes table; and the
// packer that keeps those quarters.

#include "store/database.hpp"
#include "store/packed_figures.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rw::store {

// The columns of a quote that its cost needs (for_each_quote_figures). The
// views are valid during the visit only.
struct QuoteFigures
{
  std::int64_t id = 0;
  const ServiceRecord* service = nullptr;
  std::string_view period, collected_at;
  double amount = 0, fee = 0, rate = 0, benchmark = 0;
  std::optional<double> received;
  std::optional<double> reported_fx_margin_pct, reported_total_cost_pct;
  std::optional<std::string_view> speed;
  bool transparent = true, accessible = true;
};

// The quotes for_each_quote visits, in the same order, narrowed to the
// figures a cost needs: services, corridors and providers are read once, not
// joined to every quote. A quarter whose figures are packed (the table
// quote_figures, kept by refresh_quote_figures) is read from its one row; a
// quarter marked stale by the triggers is read from the quotes, as is every
// quarter when the packed rows do not account for every quote.
util::Expected<void> for_each_quote_figures(Database& database,
                                            int standard_amount_usd,
                                            const std::string& from,
                                            const std::string& to,
                                            const std::function<void(const QuoteFigures&)>& visit);

// What for_each_quote_figures visits, read first (in one read transaction) and
// visited quarter by quarter afterwards: several threads may visit different
// quarters at once (visit() touches no database and changes nothing).
class StoredFigures
{
public:
  static util::Expected<StoredFigures> read(Database& database,
                                            int standard_amount_usd,
                                            const std::string& from,
                                            const std::string& to);
  StoredFigures(StoredFigures&&) noexcept;
  StoredFigures& operator=(StoredFigures&&) noexcept;
  ~StoredFigures();

  size_t quarters() const;                // in period order
  size_t quotes(size_t quarter) const;    // quotes it visits (to share the work out)
  void visit(size_t quarter, const std::function<void(const QuoteFigures&)>& visit) const;

  struct State;

private:
  StoredFigures();
  std::unique_ptr<State> m_state;
};

// Packs the figures of every quarter the triggers marked stale (and removes
// the rows of quarters left without quotes). Writes: call it inside the
// writer's transaction, before it commits. Returns the quarters packed.
util::Expected<size_t> refresh_quote_figures(Database& database);

// An import of many quotes marks the quarters it wrote into stale once, at
// its end, instead of through the triggers quote_figures_after_insert and
// _after_update on every row: a trigger makes each upsert run a second
// program (a bulk insert of 400,000 quotes: 4.7 s with the insert trigger,
// 1.8 s without; docs/performance.md). begin() drops the two triggers inside the writer's
// transaction and finish() marks the quarters and creates them again, so no
// other connection ever sees the schema without them, and a rolled-back
// import brings them back with everything else. An imported quote's natural
// key fixes its standard amount and period (RPW: the period and cc1/cc2; a
// survey: the collection time and amount), so an updated quote's old quarter
// is its new one: the quarters the writer inserted or updated are all there
// is to mark. Deletes still mark through their trigger.
// Into a store with no quote yet (a first import), begin() also drops the
// secondary indexes on quotes and finish() builds them again, one sort each
// instead of an index entry per row.
class DeferredMarking
{
public:
  static util::Expected<DeferredMarking> begin(Database& database);
  util::Expected<void> finish(const std::set<std::pair<int, std::string>>& quarters);

private:
  explicit DeferredMarking(Database& database);
  util::Expected<void> drop_indexes_if_empty();
  Database* m_database;
  std::vector<std::string> m_triggers; // as sqlite_schema keeps them, to create again
  std::vector<std::string> m_indexes; // likewise
};

} // namespace rw::store
