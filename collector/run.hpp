#pragma once

#include "collector/archive.hpp"
#include "collector/collect.hpp"
#include "net/http.hpp"
#include "store/collect_records.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rw::collector {

// The state of one run: counts, the log, the run's id, and the clock and
// environment the caller gave (the real ones when it gave none).
class Run
{
public:
  Run(store::Database& database, const Archive& archive, const CollectOptions& options, CollectSummary& summary);

  void log(const LogEvent& event) const;
  void planned(size_t n) { m_summary.requested += n; }
  void advance();

  // A request that got no usable answer: recorded with its reason.
  util::Expected<void> fail(const std::string& source, const std::string& corridor, std::optional<double> amount,
                            const std::string& reason);

  // Archives a body and indexes a response that failed to parse (or was not
  // 200): the raw payload is kept, the reason recorded, nothing else stored.
  util::Expected<void> reject(const std::string& source, const std::string& corridor, std::optional<double> amount,
                              const std::string& url, const net::HttpResponse& response, const std::string& reason);

  // Stores what `write` writes with the response's index row and an ok run
  // item, in one transaction.
  util::Expected<void> accept(const std::string& source, const std::string& corridor, std::optional<double> amount,
                              const std::string& url, const net::HttpResponse& response, const std::string& sha,
                              const std::function<util::Expected<std::int64_t>()>& write, const std::string& note = "");

  // A 304 to a conditional GET: the response indexed as not modified (with
  // the stored body's hash), an ok run item saying `note`, and `detail` logged.
  util::Expected<void> not_modified(const std::string& source, const std::string& corridor, const std::string& url,
                                    const std::string& sha, const std::string& note, const std::string& detail);

  // Upserts quotes; counts them.
  util::Expected<std::int64_t> store_quotes(const std::vector<store::QuoteRecord>& quotes);

  // A variable of the environment (CollectOptions::environment).
  std::optional<std::string> environment(const std::string& name) const;

  store::Database& database() { return m_database; }
  const Archive& archive() const { return m_archive; }
  const CollectOptions& options() const { return m_options; }
  CollectSummary& summary() { return m_summary; }

private:
  store::Database& m_database;
  const Archive& m_archive;
  const CollectOptions& m_options;
  CollectSummary& m_summary;
  size_t m_done = 0;
};

// A GET made conditional on the validators stored for its URL
// (If-None-Match, If-Modified-Since): the answer, and those validators.
struct ConditionalAnswer
{
  util::Expected<net::HttpResponse> response;
  std::optional<store::Validators> validators; // none before the first answer was stored

  // A 304 to a request that sent validators: what was stored stands.
  bool not_modified() const { return response && response->status == 304 && validators; }
};
util::Expected<ConditionalAnswer> conditional_get(Run& run, net::HttpClient& client, net::HttpRequest request);

// The time now (CollectOptions::clock), for the run's end.
std::chrono::sys_seconds clock_now(const CollectOptions& options);

// Opens the run's record (status "running"); returns its id.
util::Expected<std::int64_t> open_run(store::Database& database, const CollectConfig& config,
                                      const CollectOptions& options);

// Closes the run's record with its counts, coverage and status, and packs
// the quarters the run changed again for the readers. Returns the run's
// one-line message for the log.
util::Expected<std::string> close_run(store::Database& database, CollectSummary& summary,
                                      const CollectOptions& options);

} // namespace rw::collector
