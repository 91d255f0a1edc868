#include "collector/importer.hpp"

#include "collector/opened_input.hpp"
#include "collector/read_while_writing.hpp"
#include "readers/databank.hpp"
#include "readers/flows.hpp"
#include "readers/rpw.hpp"
#include "readers/survey.hpp"
#include "store/figures.hpp"
#include "store/flows.hpp"
#include "store/import_runs.hpp"
#include "store/records.hpp"
#include "store/releases.hpp"
#include "store/schema.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <utility>

namespace rw::collector {

store::QuoteRecord
to_record(const readers::ImportedQuote& imported)
{
  const corridors::Quote& q = imported.quote;
  store::QuoteRecord r;
  r.sender = q.corridor.sender;
  r.receiver = q.corridor.receiver;
  r.provider = q.service.provider;
  r.service_key = imported.service_key;
  r.firm_type = std::string(corridors::to_string(q.service.firm_type));
  r.payment_instrument = q.service.payment_instrument;
  r.receiving_method = q.service.receiving_method;
  r.source = q.source;
  r.method = q.method;
  r.natural_key = imported.natural_key;
  r.source_ref = imported.source_ref;
  r.period = imported.period.to_string();
  // A file's quotes share a handful of collection times: each formatted once
  // per run of equal ones (it was 6 % of an import's time).
  static thread_local std::optional<std::pair<std::chrono::sys_seconds, std::string>> last_time;
  if (!last_time || last_time->first != q.collected_at) {
    last_time.emplace(q.collected_at, util::format_timestamp(q.collected_at));
  }
  r.collected_at = last_time->second;
  r.standard_amount_usd = q.standard_amount_usd;
  r.amount = q.amount;
  r.currency = q.send_currency;
  r.receive_currency = q.receive_currency;
  r.fee = q.fee;
  r.rate = q.rate;
  r.benchmark = q.benchmark;
  r.benchmark_source = q.benchmark_source;
  r.received = q.received;
  r.reported_fx_margin_pct = imported.reported_fx_margin_pct;
  r.reported_total_cost_pct = imported.reported_total_cost_pct;
  if (q.service.speed) {
    r.speed = std::string(corridors::to_string(*q.service.speed));
  }
  r.transparent = q.transparent;
  r.accessible = q.service.accessible;
  r.flagged = imported.flagged;
  r.flag_reason = imported.flag_reason;
  return r;
}

std::string
describe_revision(size_t rows, const std::string& first, const std::string& last)
{
  return fmt::format("{} row{} of {} revised", util::group_thousands(rows), rows == 1 ? "" : "s",
                     first == last ? first : fmt::format("{}–{}", first, last));
}

util::Expected<ImportKind>
parse_import_kind(std::string_view name)
{
  if (name == "rpw") {
    return ImportKind::rpw;
  }
  if (name == "databank") {
    return ImportKind::databank;
  }
  if (name == "survey") {
    return ImportKind::survey;
  }
  if (name == "flows") {
    return ImportKind::flows;
  }
  return util::make_error(util::ErrorKind::invalid_argument,
                          fmt::format("unknown import kind '{}' (rpw, databank, survey, flows)", name));
}

std::string_view
to_string(ImportKind kind)
{
  switch (kind) {
  case ImportKind::rpw:
    return "rpw";
  case ImportKind::databank:
    return "databank";
  case ImportKind::survey:
    return "survey";
  case ImportKind::flows:
    return "flows";
  }
  return "unknown";
}

util::Expected<void>
sync_catalogue(store::Database& database, const corridors::Catalogue& catalogue)
{
  auto writer = store::Writer::create(database);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  for (const auto& c : catalogue.countries()) {
    if (auto ok = writer->upsert_country({c.iso3, c.name, c.currency, std::string(corridors::to_string(c.region)),
                                          std::string(corridors::to_string(c.income)), c.g20});
        !ok) {
      return ok;
    }
  }
  for (const auto& c : catalogue.corridors()) {
    store::CorridorRecord record{c.key.sender, c.key.receiver, c.flow_usd, {}, {}};
    if (c.flow_year) {
      record.flow_year = *c.flow_year;
    }
    if (!c.flow_source.empty()) {
      record.flow_source = c.flow_source;
    }
    if (auto ok = writer->upsert_corridor(record); !ok) {
      return ok;
    }
  }
  return {};
}

namespace {

void
count(store::Upsert result, ImportSummary& summary)
{
  switch (result) {
  case store::Upsert::inserted:
    ++summary.imported;
    break;
  case store::Upsert::updated:
    ++summary.updated;
    break;
  case store::Upsert::unchanged:
    ++summary.unchanged;
    break;
  }
}

// The summary learns of an earlier import of the same file.
util::Expected<void>
find_previous_import(store::Database& database, ImportKind kind, const std::string& sha256, ImportSummary& summary)
{
  auto previous = store::previous_import_run(database, to_string(kind), sha256);
  if (!previous) {
    return std::unexpected(previous.error());
  }
  summary.previous_run_id = *previous;
  return {};
}

// Opens the run's record inside the import's transaction. A streamed file's
// hash is not known yet: the run gets it at the end (note_streamed_hash).
util::Expected<store::RunRecord>
begin_import(store::Database& database, store::Writer& writer, ImportKind kind, const std::string& name,
             const std::string& sha256, const std::string& now, ImportSummary& summary)
{
  if (!sha256.empty()) {
    if (auto ok = find_previous_import(database, kind, sha256, summary); !ok) {
      return std::unexpected(ok.error());
    }
  }
  store::RunRecord run{.kind = "import",
                       .source = std::string(to_string(kind)),
                       .input = name,
                       .input_sha256 = sha256,
                       .started_at = now};
  auto run_id = writer.begin_run(run);
  if (!run_id) {
    return std::unexpected(run_id.error());
  }
  run.id = *run_id;
  return run;
}

// A DataBank export: series values, not quotes.
util::Expected<std::vector<readers::RejectedRow>>
import_series(store::Writer& writer, std::int64_t run_id, const std::string& text, const std::string& name,
              const corridors::Catalogue& catalogue, ImportSummary& summary)
{
  auto series = readers::read_databank_csv(text, name, catalogue);
  if (!series) {
    return std::unexpected(series.error());
  }
  for (const auto& value : series->values) {
    auto result = writer.upsert_series(
      {value.series, value.corridor.sender, value.corridor.receiver, value.period.to_string(), value.value}, run_id);
    if (!result) {
      return std::unexpected(result.error());
    }
    count(*result, summary);
  }
  summary.rows_read = series->rows;
  return std::move(series->rejected);
}

// Bilateral remittance flows: a weight per corridor, not quotes.
util::Expected<std::vector<readers::RejectedRow>>
import_flows(store::Database& database, std::int64_t run_id, const std::string& text, const std::string& name,
             const corridors::Catalogue& catalogue, ImportSummary& summary)
{
  auto file = readers::read_flows_csv(text, name, catalogue);
  if (!file) {
    return std::unexpected(file.error());
  }
  for (const auto& flow : file->flows) {
    auto result = store::upsert_flow(
      database, {flow.corridor.sender, flow.corridor.receiver, flow.usd, flow.year, flow.source}, run_id);
    if (!result) {
      return std::unexpected(result.error());
    }
    count(*result, summary);
  }
  summary.rows_read = file->rows;
  return std::move(file->rejected);
}

// The hash of a streamed file, now that it is read whole: the run records
// it, and the summary learns of an earlier import of the same bytes.
util::Expected<void>
note_streamed_hash(store::Database& database, ImportKind kind, OpenedInput& input, store::RunRecord& run,
                   ImportSummary& summary)
{
  if (!input.hash) {
    return {};
  }
  run.input_sha256 = input.hash->hex();
  if (auto ok = find_previous_import(database, kind, run.input_sha256, summary); !ok) {
    return ok;
  }
  return store::set_run_input_sha256(database, run.id, run.input_sha256);
}

// A changed row widens the range of quarters the file revised.
void
note_revised(const std::string& period, ImportSummary& summary)
{
  if (!summary.revised_first || period < *summary.revised_first) {
    summary.revised_first = period;
  }
  if (!summary.revised_last || period > *summary.revised_last) {
    summary.revised_last = period;
  }
}

// An RPW workbook is a release: recorded with its run (the file's SHA-256,
// time and counts), so that `db releases` can tell which one every row
// came from.
util::Expected<void>
record_release(store::Database& database, std::int64_t run_id, const std::filesystem::path& path,
               const ImportSettings& settings, const ImportSummary& summary)
{
  ReleaseInfo info = settings.release.value_or(ReleaseInfo{});
  if (info.file_name.empty()) {
    info.file_name = path.filename().string();
  }
  return store::record_release(database, {run_id, info.file_name, info.catalog_version, info.release_date, info.url,
                                          summary.revised_first, summary.revised_last});
}

// An RPW file (streamed in batches) or a survey: quotes.
util::Expected<std::vector<readers::RejectedRow>>
import_quotes(store::Writer& writer, std::int64_t run_id, ImportKind kind, const std::filesystem::path& path,
              OpenedInput& input, const corridors::Catalogue& catalogue, const Progress& progress,
              ImportSummary& summary, bool write)
{
  const std::string name = path.string();
  size_t written = 0;
  const auto write_quotes = [&](std::vector<readers::ImportedQuote>& batch) -> util::Expected<void> {
    // The batch at once (on PostgreSQL: COPY and set-based upserts); a
    // repeat that writes nothing builds no record.
    util::Expected<std::vector<store::Upsert>> results(std::in_place, batch.size(), store::Upsert::unchanged);
    if (write) {
      std::vector<store::QuoteRecord> records;
      records.reserve(batch.size());
      for (const auto& quote : batch) {
        records.push_back(to_record(quote));
      }
      results = writer.upsert_quotes(records, run_id);
    }
    if (!results) {
      return std::unexpected(results.error());
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      const auto& quote = batch[i];
      const store::Upsert result = (*results)[i];
      count(result, summary);
      if (result == store::Upsert::updated) {
        note_revised(quote.period.to_string(), summary);
      }
      if (quote.flagged) {
        ++summary.flagged;
        summary.flags.add(readers::reason_key(quote.flag_reason), fmt::format("{}:{}", name, quote.line));
      }
    }
    written += batch.size();
    if (progress) {
      progress(written, 0); // total unknown while streaming
    }
    return {};
  };

  util::Expected<readers::ImportedFile> quotes = util::make_error(util::ErrorKind::parse, "");
  if (kind == ImportKind::rpw) {
    // Read and checked on a thread of their own while this one writes.
    quotes = read_while_writing(
      [&](const readers::QuoteSink& sink) {
        return input.workbook ? readers::read_rpw_xlsx(path, catalogue, sink, input.sheet, input.memory)
                              : readers::read_rpw_csv(std::move(*input.rows), catalogue, sink, input.memory);
      },
      write_quotes);
  } else {
    auto survey = readers::read_survey_csv(input.text, name, catalogue);
    if (!survey) {
      return std::unexpected(survey.error());
    }
    quotes = readers::to_imported(*survey);
    if (auto ok = write_quotes(quotes->quotes); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (!quotes) {
    return std::unexpected(quotes.error());
  }
  summary.rows_read = quotes->rows;
  summary.notes = std::move(quotes->notes);
  return std::move(quotes->rejected);
}

// Closes the run's record with the counts; the quarters the file changed
// are packed again for the readers, in the same transaction.
util::Expected<void>
finish_import(store::Database& database, store::Writer& writer, store::RunRecord& run, const ImportSummary& summary,
              const std::string& now)
{
  run.rows_read = static_cast<std::int64_t>(summary.rows_read);
  run.imported = static_cast<std::int64_t>(summary.imported);
  run.updated = static_cast<std::int64_t>(summary.updated);
  run.unchanged = static_cast<std::int64_t>(summary.unchanged);
  run.rejected = static_cast<std::int64_t>(summary.rejected);
  run.flagged = static_cast<std::int64_t>(summary.flagged);
  const std::string status = summary.rejected > 0 ? "partial" : "ok";
  const std::string message =
    summary.rejected > 0 ? fmt::format("{} row{} rejected", summary.rejected, summary.rejected == 1 ? "" : "s") : "";
  if (auto packed = store::refresh_quote_figures(database); !packed) {
    return std::unexpected(packed.error());
  }
  return writer.finish_run(run, status, message, now);
}

// The newest run's import when this input is the file it read (same kind,
// same SHA-256) and nothing has written since: then the rows need reading
// (for the counts, rejections and flags) but not writing. A streamed CSV is
// hashed first for this, only when such a run exists.
util::Expected<std::optional<store::RunRecord>>
repeated_import(store::Database& database, ImportKind kind, const std::filesystem::path& path, const OpenedInput& input)
{
  auto newest = store::newest_run_if_import(database, to_string(kind));
  if (!newest || !*newest) {
    return newest;
  }
  std::string sha256 = input.sha256;
  std::error_code ec;
  if (sha256.empty() && input.hash && std::filesystem::is_regular_file(path, ec)) {
    auto hashed = sha256_of_file(path);
    if (!hashed) {
      return std::unexpected(hashed.error());
    }
    sha256 = std::move(*hashed);
  }
  if (sha256.empty() || sha256 != (*newest)->input_sha256) {
    return std::nullopt;
  }
  return newest;
}

// A file read again without writing, as `repeat` read it: the same rows,
// rejections, flags and quotes, and (streamed) the same bytes. Anything else
// (the catalogue or the rules changed since, or the file while it was read)
// needs the import written.
bool
same_as(const store::RunRecord& repeat, const store::RunRecord& run, const ImportSummary& summary)
{
  return run.input_sha256 == repeat.input_sha256 && std::cmp_equal(summary.rows_read, repeat.rows_read)
         && std::cmp_equal(summary.rejected, repeat.rejected) && std::cmp_equal(summary.flagged, repeat.flagged)
         && std::cmp_equal(summary.unchanged, repeat.imported + repeat.updated + repeat.unchanged);
}

} // namespace

namespace {

// What import_input did: the summary, or that a file read without writing
// (an unchanged repeat, it seemed) turned out different and must be written.
struct ImportOutcome
{
  ImportSummary summary;
  bool write_needed = false;
};

// The opened input into the store, in one transaction: the file's valid rows
// land together or nothing does.
util::Expected<ImportOutcome>
import_input(store::Database& database, ImportKind kind, const std::filesystem::path& path, OpenedInput& input,
             const corridors::Catalogue& catalogue, const std::string& now, const Progress& progress,
             const ImportSettings& settings, bool may_skip_writes)
{
  // A downloaded release is recorded under its URL, not the archive's path.
  const std::string name = settings.release && !settings.release->url.empty() ? settings.release->url : path.string();

  // Everything is written inside one transaction. A file is refused at its
  // header, before any row is written; a file found broken further on (a
  // quoted field cut short, malformed XML) rolls the transaction back. Either
  // way nothing of it lands.
  if (auto migrated = store::migrate(database); !migrated) {
    return std::unexpected(migrated.error());
  }
  auto transaction = store::Transaction::begin(database);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  if (auto ok = sync_catalogue(database, catalogue); !ok) {
    return std::unexpected(ok.error());
  }
  auto writer = store::Writer::create(database);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  const bool quotes = kind == ImportKind::rpw || kind == ImportKind::survey;
  std::optional<store::RunRecord> repeat;
  if (quotes && may_skip_writes) {
    auto found = repeated_import(database, kind, path, input); // before this run is recorded
    if (!found) {
      return std::unexpected(found.error());
    }
    repeat = std::move(*found);
  }
  ImportSummary summary;
  auto run = begin_import(database, *writer, kind, name, input.sha256, now, summary);
  if (!run) {
    return std::unexpected(run.error());
  }
  std::optional<store::DeferredMarking> marking;
  if (quotes && !repeat) {
    auto deferred = store::DeferredMarking::begin(database);
    if (!deferred) {
      return std::unexpected(deferred.error());
    }
    marking.emplace(std::move(*deferred));
  }
  auto rejected = kind == ImportKind::databank
                    ? import_series(*writer, run->id, input.text, name, catalogue, summary)
                  : kind == ImportKind::flows
                    ? import_flows(database, run->id, input.text, name, catalogue, summary)
                    : import_quotes(*writer, run->id, kind, path, input, catalogue, progress, summary, !repeat);
  if (!rejected) {
    return std::unexpected(rejected.error());
  }
  if (marking) {
    if (auto ok = marking->finish(writer->changed_quarters()); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (auto ok = note_streamed_hash(database, kind, input, *run, summary); !ok) {
    return std::unexpected(ok.error());
  }
  summary.rejected = rejected->size();
  summary.rejected_rows = std::move(*rejected);
  if (repeat) {
    // Read, not written: rolled back either way (the run's record too).
    if (!same_as(*repeat, *run, summary)) {
      return ImportOutcome{.summary = {}, .write_needed = true};
    }
    summary.previous_run_id = repeat->id;
    return ImportOutcome{.summary = std::move(summary)};
  }

  if (summary.imported == 0 && summary.updated == 0 && summary.previous_run_id != 0) {
    // The same file again and nothing changed: leave no trace, so that the
    // database is exactly as it was.
    return ImportOutcome{.summary = std::move(summary)};
  }
  if (input.workbook) {
    if (auto ok = record_release(database, run->id, path, settings, summary); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (auto ok = finish_import(database, *writer, *run, summary, now); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = transaction->commit(); !ok) {
    return std::unexpected(ok.error());
  }
  summary.run_id = run->id;
  return ImportOutcome{.summary = std::move(summary)};
}

// Imports the file; a repeat that turned out different is read again and
// written.
util::Expected<ImportSummary>
import_opened(store::Database& database, ImportKind kind, const std::filesystem::path& path, OpenedInput& input,
              readers::RpwMemory memory, const corridors::Catalogue& catalogue, const std::string& now,
              const Progress& progress, const ImportSettings& settings)
{
  auto outcome = import_input(database, kind, path, input, catalogue, now, progress, settings, true);
  if (outcome && outcome->write_needed) {
    auto reopened = open_input(kind, path, memory, settings);
    if (!reopened) {
      return std::unexpected(reopened.error());
    }
    input = std::move(*reopened);
    outcome = import_input(database, kind, path, input, catalogue, now, progress, settings, false);
  }
  if (!outcome) {
    return std::unexpected(outcome.error());
  }
  return std::move(outcome->summary);
}

} // namespace

util::Expected<ImportSummary>
import_file(store::Database& database,
            ImportKind kind,
            const std::filesystem::path& path,
            const corridors::Catalogue& catalogue,
            const std::string& now,
            const Progress& progress,
            const ImportSettings& settings)
{
  auto input = open_input(kind, path, readers::RpwMemory::current_group, settings);
  if (!input) {
    return std::unexpected(input.error());
  }
  auto summary =
    import_opened(database, kind, path, *input, readers::RpwMemory::current_group, catalogue, now, progress, settings);
  std::error_code ec;
  if (!summary && readers::is_ungrouped_rpw(summary.error()) && std::filesystem::is_regular_file(path, ec)) {
    // An RPW CSV or workbook sheet that comes back to a period and corridor it left (a row
    // appended by hand): rolled back, and read again remembering every
    // group to the end, as the rows need (memory then grows with the file).
    input = open_input(kind, path, readers::RpwMemory::whole_file, settings);
    if (!input) {
      return std::unexpected(input.error());
    }
    summary =
      import_opened(database, kind, path, *input, readers::RpwMemory::whole_file, catalogue, now, progress, settings);
  }
  return summary;
}

} // namespace rw::collector
