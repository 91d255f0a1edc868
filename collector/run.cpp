#include "collector/run.hpp"

#include "store/collect_records.hpp"
#include "store/figures.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace rw::collector {

namespace {

// The URL a response is recorded under: the one that answered it, after any
// redirect, not the one asked for.
const std::string&
answered_url(const std::string& requested, const net::HttpResponse& response)
{
  return response.effective_url.empty() ? requested : response.effective_url;
}

} // namespace

Run::Run(store::Database& database, const Archive& archive, const CollectOptions& options, CollectSummary& summary)
  : m_database(database)
  , m_archive(archive)
  , m_options(options)
  , m_summary(summary)
{
}

void
Run::log(const LogEvent& event) const
{
  if (m_options.log) {
    m_options.log(event);
  }
}

void
Run::advance()
{
  ++m_done;
  if (m_options.progress) {
    m_options.progress(m_done, m_summary.requested);
  }
}

util::Expected<void>
Run::fail(const std::string& source, const std::string& corridor, std::optional<double> amount,
          const std::string& reason)
{
  ++m_summary.failed;
  m_summary.failures.push_back(
    fmt::format("{} {}{}: {}", source, corridor, amount ? fmt::format(" {:g}", *amount) : std::string(), reason));
  log({"error", source, corridor, amount, "failed", reason});
  advance();
  return store::add_run_item(m_database, {m_summary.run_id, source, corridor, amount, false, 0, reason});
}

util::Expected<void>
Run::reject(const std::string& source, const std::string& corridor, std::optional<double> amount,
            const std::string& url, const net::HttpResponse& response, const std::string& reason)
{
  auto sha = m_archive.put(response.body);
  if (!sha) {
    return fail(source, corridor, amount, sha.error().message);
  }
  auto transaction = store::Transaction::begin(m_database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto ok = store::record_response(m_database, {m_summary.run_id, source, net::redact_url(answered_url(url, response)), m_options.now, *sha,
                                                    response.status, static_cast<std::int64_t>(response.body.size()),
                                                    "failed", reason});
      !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = fail(source, corridor, amount, reason); !ok) {
    return ok;
  }
  return transaction->commit();
}

util::Expected<void>
Run::accept(const std::string& source, const std::string& corridor, std::optional<double> amount,
            const std::string& url, const net::HttpResponse& response, const std::string& sha,
            const std::function<util::Expected<std::int64_t>()>& write, const std::string& note)
{
  auto transaction = store::Transaction::begin(m_database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  auto stored = write();
  if (!stored) {
    return std::unexpected(stored.error());
  }
  if (auto ok = store::record_response(m_database, {m_summary.run_id, source, net::redact_url(answered_url(url, response)), m_options.now, sha,
                                                    response.status, static_cast<std::int64_t>(response.body.size()),
                                                    "ok", ""});
      !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = store::add_run_item(m_database, {m_summary.run_id, source, corridor, amount, true, *stored, note});
      !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = transaction->commit(); !ok) {
    return ok;
  }
  ++m_summary.succeeded;
  log({"info", source, corridor, amount, "stored", fmt::format("{} rows{}", *stored, note.empty() ? "" : "; " + note)});
  advance();
  return {};
}

util::Expected<void>
Run::not_modified(const std::string& source, const std::string& corridor, const std::string& url,
                  const std::string& sha, const std::string& note, const std::string& detail)
{
  auto transaction = store::Transaction::begin(m_database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto ok = store::record_response(m_database, {m_summary.run_id, source, net::redact_url(url), m_options.now,
                                                    sha, 304, 0, "not_modified", ""});
      !ok) {
    return ok;
  }
  if (auto ok = store::add_run_item(m_database, {m_summary.run_id, source, corridor, std::nullopt, true, 0, note});
      !ok) {
    return ok;
  }
  if (auto ok = transaction->commit(); !ok) {
    return ok;
  }
  ++m_summary.succeeded;
  log({"info", source, corridor, std::nullopt, "not_modified", detail});
  advance();
  return {};
}

util::Expected<ConditionalAnswer>
conditional_get(Run& run, net::HttpClient& client, net::HttpRequest request)
{
  auto validators = store::load_validators(run.database(), net::redact_url(request.url));
  if (!validators) {
    return std::unexpected(validators.error());
  }
  if (*validators) {
    request.if_none_match = (*validators)->etag;
    request.if_modified_since = (*validators)->last_modified;
  }
  return ConditionalAnswer{std::move(client.fetch({request}).front()), std::move(*validators)};
}

util::Expected<std::int64_t>
Run::store_quotes(const std::vector<store::QuoteRecord>& quotes)
{
  auto writer = store::Writer::create(m_database);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  for (const auto& quote : quotes) {
    auto result = writer->upsert_quote(quote, m_summary.run_id);
    if (!result) {
      return std::unexpected(result.error());
    }
    switch (*result) {
    case store::Upsert::inserted: ++m_summary.quotes_new; break;
    case store::Upsert::updated: ++m_summary.quotes_updated; break;
    case store::Upsert::unchanged: ++m_summary.quotes_unchanged; break;
    }
  }
  return static_cast<std::int64_t>(quotes.size());
}

std::optional<std::string>
Run::environment(const std::string& name) const
{
  if (m_options.environment) {
    return m_options.environment(name);
  }
  // The process's own: the one place a run reads it.
  if (const char* value = std::getenv(name.c_str()); value != nullptr && *value != '\0') {
    return value;
  }
  return std::nullopt;
}

std::chrono::sys_seconds
clock_now(const CollectOptions& options)
{
  // The system clock is read here only, when the caller gave no clock.
  return options.clock ? options.clock() : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

util::Expected<std::int64_t>
open_run(store::Database& database, const CollectConfig& config, const CollectOptions& options)
{
  // Recorded and claimed in one transaction: no other collector sees the run
  // "running" before this connection claims it (store::claim_run).
  auto transaction = store::Transaction::begin(database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  auto writer = store::Writer::create(database);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  auto id = writer->begin_run({0, "collect", "collect", config.origin.empty() ? "defaults" : config.origin, "",
                               options.now});
  if (!id) {
    return std::unexpected(id.error());
  }
  if (auto ok = store::claim_run(database, *id); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  return id;
}

util::Expected<std::string>
close_run(store::Database& database, CollectSummary& summary, const CollectOptions& options)
{
  summary.coverage = summary.requested == 0 ? 100.0
                                            : 100.0 * static_cast<double>(summary.succeeded)
                                                / static_cast<double>(summary.requested);
  const std::string status = summary.failed == 0 ? "ok" : (summary.succeeded > 0 ? "partial" : "failed");
  std::string message =
    fmt::format("coverage {:.1f} % ({} of {} requests); quotes: {} new, {} updated, {} unchanged{}", summary.coverage,
                summary.succeeded, summary.requested, summary.quotes_new, summary.quotes_updated,
                summary.quotes_unchanged, summary.benchmark_stale ? "; ECB benchmark stale" : "");
  // The quarters this run changed (each response was committed on its own)
  // are packed again for the readers, with the run's end.
  auto transaction = store::Transaction::begin(database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto packed = store::refresh_quote_figures(database); !packed) {
    return std::unexpected(packed.error());
  }
  auto writer = store::Writer::create(database);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  store::RunRecord record{summary.run_id, "collect", "collect", "", "", options.now};
  record.rows_read = static_cast<std::int64_t>(summary.requested);
  record.imported = static_cast<std::int64_t>(summary.quotes_new);
  record.updated = static_cast<std::int64_t>(summary.quotes_updated);
  record.unchanged = static_cast<std::int64_t>(summary.quotes_unchanged);
  record.rejected = static_cast<std::int64_t>(summary.failed);
  if (auto ok = writer->finish_run(record, status, message, util::format_timestamp(clock_now(options))); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = store::release_run(database, summary.run_id); !ok) {
    return std::unexpected(ok.error());
  }
  return message;
}

} // namespace rw::collector
