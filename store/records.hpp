#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::store {

// Rows as the store keeps them: plain values, no domain types (the store
// depends on util only; collector and reports translate).

struct CountryRecord
{
  std::string iso3, name, currency, region, income_group;
  bool g20 = false;
};

struct CorridorRecord
{
  std::string sender, receiver;
  std::optional<double> flow_usd;
  std::optional<std::int64_t> flow_year;
  std::optional<std::string> flow_source;
};

struct QuoteRecord
{
  // The service.
  std::string sender, receiver, provider, service_key, firm_type;
  std::string payment_instrument, receiving_method;
  // The quote.
  std::string source, method, natural_key, source_ref;
  std::string period;       // "2011Q3"
  std::string collected_at; // ISO 8601 UTC
  int standard_amount_usd = 200;
  double amount = 0;
  std::string currency, receive_currency;
  double fee = 0, rate = 0, benchmark = 0;
  std::string benchmark_source;
  std::optional<double> received;
  std::optional<double> reported_fx_margin_pct, reported_total_cost_pct;
  std::optional<std::string> speed;
  bool transparent = true, accessible = true, flagged = false;
  std::string flag_reason;
  std::optional<std::string> raw_ref;
};

struct SeriesRecord
{
  std::string series, sender, receiver, period;
  double value = 0;
};

enum class Upsert { inserted, updated, unchanged };

struct RunRecord
{
  std::int64_t id = 0;
  std::string kind, source, input, input_sha256, started_at;
  std::int64_t rows_read = 0, imported = 0, updated = 0, unchanged = 0, rejected = 0, flagged = 0;
};

// Writes rows with prepared statements kept for the writer's lifetime. Each
// upsert reports whether the row was new, changed or identical, so that a
// re-import counts instead of rewriting.
class Writer
{
public:
  static util::Expected<Writer> create(Database& database);

  util::Expected<void> upsert_country(const CountryRecord& country);
  util::Expected<void> upsert_corridor(const CorridorRecord& corridor);
  util::Expected<std::int64_t> begin_run(const RunRecord& run);
  util::Expected<void> finish_run(const RunRecord& run, std::string_view status, std::string_view message,
                                  std::string_view finished_at);
  util::Expected<Upsert> upsert_quote(const QuoteRecord& quote, std::int64_t run_id);
  // Each quote of a batch as upsert_quote would (the same rows written, the
  // same answer for each). On PostgreSQL a batch without a natural key twice
  // goes through COPY into a staging table and set-based upserts
  // (quote_batch.cpp); otherwise, row by row.
  util::Expected<std::vector<Upsert>> upsert_quotes(const std::vector<QuoteRecord>& quotes, std::int64_t run_id);
  util::Expected<Upsert> upsert_series(const SeriesRecord& value, std::int64_t run_id);
  // The (standard amount, period) of every quote this writer inserted or
  // changed, for an import that marks their figures stale once (figures.hpp,
  // DeferredMarking) instead of by the triggers on every row.
  const std::set<std::pair<int, std::string>>& changed_quarters() const { return m_changed_quarters; }

private:
  explicit Writer(Database& database);
  util::Expected<std::int64_t> corridor_id(const std::string& sender, const std::string& receiver);
  util::Expected<std::int64_t> provider_id(const std::string& name);
  util::Expected<std::int64_t> service_id(const QuoteRecord& quote);
  util::Expected<bool> stage_quotes(const std::vector<QuoteRecord>& quotes);
  util::Expected<std::vector<Upsert>> upsert_staged(const std::vector<QuoteRecord>& quotes, std::int64_t run_id);
  void note_changed(int standard_amount_usd, const std::string& period);
  bool m_staging_table = false;    // PostgreSQL: the writer's staging table exists in this transaction
  bool m_staging_analyzed = false; // and the planner has its figures

  Database* m_database;
  std::vector<Statement> m_statements; // prepared once, by index below
  // Ids found or created by this writer (a writer lives inside one transaction).
  std::map<std::pair<std::string, std::string>, std::int64_t> m_corridor_ids;
  std::map<std::string, std::int64_t, std::less<>> m_provider_ids;
  // The service written last with what it was written with: a row's quotes
  // (USD 200 and 500) follow each other and need it written once.
  struct LastService
  {
    std::int64_t corridor = 0, provider = 0, id = 0;
    std::string key, firm_type, payment_instrument, receiving_method;
  };
  std::optional<LastService> m_last_service;
  std::set<std::pair<int, std::string>> m_changed_quarters;
  std::pair<int, std::string> m_last_changed;
};

// Quotes of one standard amount in [from, to] (canonical periods, compared as
// text: "2011Q3" < "2012Q1"), in a fixed order. Empty bounds: no bound.
util::Expected<void> for_each_quote(Database& database,
                                    int standard_amount_usd,
                                    const std::string& from,
                                    const std::string& to,
                                    const std::function<void(const QuoteRecord&)>& visit);

// A stored service with its corridor and provider, for readers of many quotes.
struct ServiceRecord
{
  std::int64_t id = 0;
  std::string sender, receiver, provider, service_key, firm_type;
  std::string payment_instrument, receiving_method;
};

// Where a quote came from ("rpw 2011Q3/…"), for messages about it.
util::Expected<std::string> describe_quote(Database& database, std::int64_t quote_id);

util::Expected<std::vector<SeriesRecord>> load_series(Database& database,
                                                      const std::string& series,
                                                      const std::string& sender,
                                                      const std::string& receiver);

util::Expected<std::vector<CorridorRecord>> load_corridors(Database& database);

} // namespace rw::store
