#pragma once

// The invariant of issue #21 for the importers' targets: whatever a reader
// accepts can be stored, and what is stored can be read back by the path the
// read commands take (datasets::aggregate_stored_quarters for quotes,
// datasets::load_corridor_series for DataBank's series) without an error and
// without a row left out. One in-memory database per process, migrated once;
// each input is written inside a transaction that is rolled back, so that
// every execution starts from the same empty store and stays fast.

#include "collector/importer.hpp"
#include "datasets/corridor_series.hpp"
#include "datasets/stored_costs.hpp"
#include "readers/databank.hpp"
#include "readers/imported_quote.hpp"
#include "store/database.hpp"
#include "store/figures.hpp"
#include "store/records.hpp"
#include "store/schema.hpp"
#include "tests/fuzz/fuzz.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace rw::fuzz {

// Stops the fuzzer on a broken invariant, saying which (libFuzzer keeps the input).
[[noreturn]] inline void
invariant_broken(const std::string& what)
{
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

inline store::Database&
scratch_database()
{
  static store::Database* database = [] {
    auto opened = store::Database::open(":memory:");
    if (!opened) {
      invariant_broken(opened.error().message);
    }
    auto* db = new store::Database(std::move(*opened)); // lives as long as the process
    if (auto ok = store::migrate(*db); !ok) {
      invariant_broken(ok.error().message);
    }
    if (auto ok = collector::sync_catalogue(*db, catalogue()); !ok) {
      invariant_broken(ok.error().message);
    }
    return db;
  }();
  return *database;
}

// Calls write(writer, run id) inside a transaction rolled back afterwards,
// then read() on what was written, before the rollback.
template <typename Write, typename Read>
void
stored_then_read(Write&& write, Read&& read)
{
  store::Database& db = scratch_database();
  auto transaction = store::Transaction::begin(db);
  if (!transaction) {
    invariant_broken(transaction.error().message);
  }
  {
    auto writer = store::Writer::create(db);
    if (!writer) {
      invariant_broken(writer.error().message);
    }
    auto run = writer->begin_run({.kind = "import", .source = "fuzz", .input = "fuzz.csv", .started_at = "2025-01-15T12:00:00Z"});
    if (!run) {
      invariant_broken(run.error().message);
    }
    write(*writer, *run);
  }
  read(db);
} // the transaction rolls back

// Accepted quotes: stored (as the importer stores them), packed, and read
// back quarter by quarter at both standard amounts with nothing left out.
inline void
store_and_read_back(const std::vector<readers::ImportedQuote>& quotes)
{
  if (quotes.empty()) {
    return;
  }
  stored_then_read(
    [&](store::Writer& writer, std::int64_t run) {
      for (const auto& quote : quotes) {
        if (auto ok = writer.upsert_quote(collector::to_record(quote), run); !ok) {
          invariant_broken("an accepted quote is not stored: " + ok.error().message);
        }
      }
    },
    [](store::Database& db) {
      if (auto packed = store::refresh_quote_figures(db); !packed) {
        invariant_broken("stored quotes are not packed: " + packed.error().message);
      }
      for (const int amount : {200, 500}) {
        auto read = datasets::aggregate_stored_quarters(
          db, amount, std::nullopt, std::nullopt, catalogue(), {}, 1,
          [](const std::string& message) { invariant_broken("a stored quote is left out: " + message); });
        if (!read) {
          invariant_broken("stored quotes are not read back: " + read.error().message);
        }
      }
    });
}

// Accepted DataBank values: stored, and read back as the corridor series.
inline void
store_and_read_back(const readers::SeriesFile& file)
{
  if (file.values.empty()) {
    return;
  }
  stored_then_read(
    [&](store::Writer& writer, std::int64_t run) {
      for (const auto& value : file.values) {
        auto ok = writer.upsert_series(
          {value.series, value.corridor.sender, value.corridor.receiver, value.period.to_string(), value.value}, run);
        if (!ok) {
          invariant_broken("an accepted value is not stored: " + ok.error().message);
        }
      }
    },
    [](store::Database& db) {
      auto series = datasets::load_corridor_series(db, std::nullopt);
      if (!series) {
        invariant_broken("stored series are not read back: " + series.error().message);
      }
      if (!series->skipped.empty()) {
        invariant_broken("a stored value is left out: " + series->skipped.front());
      }
    });
}

} // namespace rw::fuzz
