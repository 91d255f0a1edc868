#pragma once

#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rw::store {

// A corridor's bilateral remittance flow imported by `import flows` (table
// `flows`, docs/schema.md). It replaces the catalogue's flow for the weighted
// average; the catalogue's corridors table keeps the built-in one.
struct FlowRecord
{
  std::string sender, receiver;
  double usd = 0;
  std::optional<int> year;
  std::string source;
};

// Inserts or replaces the corridor's flow, recording the run that wrote it.
util::Expected<Upsert> upsert_flow(Database& database, const FlowRecord& flow, std::int64_t run_id);

// Every imported flow, ordered by corridor.
util::Expected<std::vector<FlowRecord>> load_flows(Database& database);

} // namespace rw::store
