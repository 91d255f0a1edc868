#pragma once

// Database helpers shared by the store, importer and reliability tests: a
// database's whole content as text, and the commands that only read one.

#include "store/database.hpp"
#include "store/dump.hpp"
#include "store/records.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rw::test {

// The database's content (store::dump), to compare before and after.
inline std::string
dump_of(store::Database& db)
{
  auto text = store::dump(db);
  REQUIRE(text);
  return *text;
}

inline std::string
dump_of(const std::filesystem::path& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  return dump_of(*db);
}

// One quote as the importer writes it (an RPW row of KEN→UGA, 2011Q3), for
// the writer's tests.
inline store::QuoteRecord
sample_quote()
{
  store::QuoteRecord q;
  q.sender = "KEN";
  q.receiver = "UGA";
  q.provider = "Alpha";
  q.service_key = "alpha||";
  q.firm_type = "mto";
  q.source = "rpw";
  q.method = "import";
  q.natural_key = "2011Q3|1|cc1";
  q.period = "2011Q3";
  q.collected_at = "2011-09-06T00:00:00Z";
  q.amount = 18000;
  q.currency = "KES";
  q.receive_currency = "UGX";
  q.fee = 315;
  q.rate = 31.7658;
  q.benchmark = 33;
  q.reported_fx_margin_pct = 3.74;
  q.reported_total_cost_pct = 5.49;
  q.speed = "same_day";
  return q;
}

// Every command that only reads a database, on `db` (the example's corridors).
inline std::vector<std::vector<std::string>>
read_commands(const std::filesystem::path& db)
{
  return {
    {"db", "info", "--db", db.string()},
    {"averages", "--db", db.string(), "--by", "corridor"},
    {"report", "--db", db.string(), "--format", "json"},
    {"series", "--db", db.string(), "--corridor", "USA-MEX"},
  };
}

// A command line as one string, for CAPTURE.
inline std::string
joined(const std::vector<std::string>& args)
{
  std::string text;
  for (const auto& arg : args) {
    text += (text.empty() ? "" : " ") + arg;
  }
  return text;
}

} // namespace rw::test
