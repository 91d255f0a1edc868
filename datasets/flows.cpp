#include "datasets/flows.hpp"

#include "store/flows.hpp"

namespace rw::datasets {

util::Expected<size_t>
apply_stored_flows(store::Database& database, corridors::Catalogue& catalogue)
{
  auto flows = store::load_flows(database);
  if (!flows) {
    return std::unexpected(flows.error());
  }
  size_t applied = 0;
  for (auto& flow : *flows) {
    // A matrix holds pairs that are no monitored corridor (nothing to weigh),
    // and a catalogue given with --catalogue may lack a country: those flows
    // are not used.
    if (catalogue.set_flow({flow.sender, flow.receiver}, flow.usd, flow.year, std::move(flow.source))) {
      ++applied;
    }
  }
  return applied;
}

} // namespace rw::datasets
