// Bilateral remittance flows (CSV); what it accepts is stored, read back
// whole and put in a copy of the catalogue without an error.
#include "datasets/flows.hpp"
#include "readers/flows.hpp"
#include "store/flows.hpp"
#include "tests/fuzz/fuzz.hpp"
#include "tests/fuzz/fuzz_store.hpp"

RW_FUZZ_TARGET(flows_csv)
{
  const auto file = rw::readers::read_flows_csv(rw::fuzz::text(data, size), "fuzz.csv", rw::fuzz::catalogue());
  if (!file || file->flows.empty()) {
    return 0;
  }
  rw::fuzz::stored_then_read(
    [&](rw::store::Writer&, std::int64_t run) {
      for (const auto& flow : file->flows) {
        if (!(flow.usd >= 0 && flow.usd <= 1e13) || flow.corridor.sender == flow.corridor.receiver) {
          rw::fuzz::invariant_broken("an implausible flow is accepted: " + flow.corridor.to_string());
        }
        const rw::store::FlowRecord record{flow.corridor.sender, flow.corridor.receiver, flow.usd, flow.year,
                                           flow.source};
        if (auto ok = rw::store::upsert_flow(rw::fuzz::scratch_database(), record, run); !ok) {
          rw::fuzz::invariant_broken("an accepted flow is not stored: " + ok.error().message);
        }
      }
    },
    [&](rw::store::Database& db) {
      auto stored = rw::store::load_flows(db);
      if (!stored || stored->size() != file->flows.size()) {
        rw::fuzz::invariant_broken("stored flows are not read back whole");
      }
      auto catalogue = rw::fuzz::catalogue();
      if (auto applied = rw::datasets::apply_stored_flows(db, catalogue); !applied) {
        rw::fuzz::invariant_broken("stored flows are not applied: " + applied.error().message);
      }
    });
  return 0;
}
