#pragma once

#include "store/database.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rw::store {

// What the collector writes besides quotes (schema v2): the index of its
// response archive, HTTP validators, run items, benchmark rates and
// reference values. Callers group the writes of one response in one
// transaction.

struct ResponseRecord
{
  std::int64_t run_id = 0;
  std::string source, url, fetched_at, sha256;
  long status = 0;
  std::int64_t bytes = 0;
  std::string parse_status = "ok"; // "ok", "failed", "not_modified"
  std::string parse_error;
};
util::Expected<void> record_response(Database& database, const ResponseRecord& response);

struct Validators
{
  std::string etag, last_modified, sha256;
};
util::Expected<std::optional<Validators>> load_validators(Database& database, const std::string& url);
util::Expected<void> save_validators(Database& database, const std::string& url, const Validators& validators);

struct RunItem
{
  std::int64_t run_id = 0;
  std::string source, corridor; // corridor "*" for a source-wide request
  std::optional<double> amount;
  bool ok = true;
  std::int64_t quotes = 0;
  std::string reason;
};
util::Expected<void> add_run_item(Database& database, const RunItem& item);

struct Rate
{
  std::string day, currency;
  double rate = 0;
};
// Upserts; returns how many rows were new or changed.
util::Expected<size_t> upsert_rates(Database& database, const std::string& source, const std::string& base,
                                    const std::vector<Rate>& rates, std::int64_t run_id);

// The rates of the newest day on or before `day` (empty: the newest day).
struct RateDay
{
  std::string day;
  std::map<std::string, double> rates; // currency → units per 1 base
};
util::Expected<std::optional<RateDay>> latest_rates(Database& database, const std::string& source,
                                                    const std::string& base, const std::string& day = "");

struct ReferenceRecord
{
  std::string indicator, country, period;
  std::optional<double> value;
};
util::Expected<size_t> upsert_reference_values(Database& database, const std::string& source,
                                               const std::vector<ReferenceRecord>& values, std::int64_t run_id);

// Every archive hash the database refers to (responses and validators).
util::Expected<std::vector<std::string>> archived_hashes(Database& database);

// A collection run is claimed by the connection running it until release_run
// or the connection's end, however the process ended: on PostgreSQL a session
// advisory lock on the run's id (the server lets it go when the connection
// drops, a SIGKILL included). Nothing on SQLite: there the collectors of one
// store share the archive beside it, whose lock the caller holds.
util::Expected<void> claim_run(Database& database, std::int64_t run_id);
util::Expected<void> release_run(Database& database, std::int64_t run_id);

// Marks collection runs left "running" by a process that died as failed: on
// PostgreSQL those no connection claims (another host's collection going on is
// left alone); on SQLite every one (the caller holds the archive's lock).
util::Expected<std::int64_t> close_interrupted_runs(Database& database, const std::string& now);

} // namespace rw::store
