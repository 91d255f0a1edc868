#include "store/flows.hpp"

namespace rw::store {

util::Expected<Upsert>
upsert_flow(Database& database, const FlowRecord& flow, std::int64_t run_id)
{
  auto existing = database.prepare("SELECT 1 FROM flows WHERE sender = ?1 AND receiver = ?2");
  if (!existing) {
    return std::unexpected(existing.error());
  }
  auto found = existing->bind(1, flow.sender).bind(2, flow.receiver).step();
  if (!found) {
    return std::unexpected(found.error());
  }
  // The run changes only when the flow does: a repeated import is no change.
  auto upsert = database.prepare(
    "INSERT INTO flows (sender, receiver, flow_usd, flow_year, source, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (sender, receiver) DO UPDATE SET flow_usd = excluded.flow_usd, flow_year = excluded.flow_year, "
    "source = excluded.source, run_id = excluded.run_id "
    "WHERE (flows.flow_usd, flows.flow_year, flows.source) "
    "IS DISTINCT FROM (excluded.flow_usd, excluded.flow_year, excluded.source)");
  if (!upsert) {
    return std::unexpected(upsert.error());
  }
  if (auto ok = upsert->bind(1, flow.sender)
                  .bind(2, flow.receiver)
                  .bind(3, flow.usd)
                  .bind(4, flow.year)
                  .bind(5, flow.source)
                  .bind(6, run_id)
                  .run();
      !ok) {
    return std::unexpected(ok.error());
  }
  if (!*found) {
    return Upsert::inserted;
  }
  return database.changes() > 0 ? Upsert::updated : Upsert::unchanged;
}

util::Expected<std::vector<FlowRecord>>
load_flows(Database& database)
{
  return read_rows<FlowRecord>(
    database.prepare("SELECT sender, receiver, flow_usd, flow_year, source FROM flows ORDER BY sender, receiver"),
    [](const Statement& s) {
      std::optional<int> year;
      if (auto stored = s.column_optional_int(3)) {
        year = static_cast<int>(*stored);
      }
      return FlowRecord{s.column_text(0), s.column_text(1), s.column_double(2), year, s.column_text(4)};
    });
}

} // namespace rw::store
