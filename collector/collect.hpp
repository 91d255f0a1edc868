#pragma once

#include "collector/config.hpp"
#include "corridors/catalogue.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rw::collector {

// One thing that happened, for the log (text or JSON lines).
struct LogEvent
{
  std::string level;  // "info", "warning", "error"
  std::string source; // "ecb", "wise", "feed", "worldbank", "collect"
  std::string corridor;
  std::optional<double> amount;
  std::string event;  // "fetched", "stored", "failed", "not_modified", "stale", …
  std::string detail; // reason or counts; URLs redacted
};

struct CollectOptions
{
  std::string now; // ISO 8601 UTC: the run's start
  bool dry_run = false;
  std::function<void(const LogEvent&)> log;
  std::function<void(size_t done, size_t total)> progress;
  std::function<std::optional<std::string>(const std::string&)> environment; // default std::getenv
  std::function<std::chrono::sys_seconds()> clock; // the run's end; default the system clock
  std::string user_agent = "remitwatch";
};

struct CollectSummary
{
  std::int64_t run_id = 0;
  size_t requested = 0; // requests planned (per source, corridor, amount, page)
  size_t succeeded = 0;
  size_t failed = 0;
  size_t quotes_new = 0, quotes_updated = 0, quotes_unchanged = 0;
  size_t rates_changed = 0, reference_values_changed = 0;
  double coverage = 0; // succeeded / requested, percent (100 when nothing was asked)
  bool benchmark_stale = false;
  std::vector<std::string> failures; // "wise USA-IND 200: HTTP 500 (after 4 attempts)"
  std::vector<std::string> plan;     // dry run: the requests that would be made
};

// One collection run (docs/commands/collect.md): the ECB reference rates
// first (conditional GET), then the Wise comparisons per corridor and amount,
// the quote feeds and the World Bank indicators. Every response body is
// archived under `archive_dir` before it is parsed; the data of one response,
// its index row and its run item are written in one transaction, so a run
// stopped at any point leaves whole responses only. One source's or
// corridor's failure is recorded with its reason and never stops the run.
// Only one collection runs per archive at a time (the other is refused).
util::Expected<CollectSummary> collect(store::Database& database,
                                       const corridors::Catalogue& catalogue,
                                       const CollectConfig& config,
                                       const std::filesystem::path& archive_dir,
                                       const CollectOptions& options);

} // namespace rw::collector
