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
  for (auto& flow : *flows) {
    // The importer checked the countries against the catalogue of its day; a
    // catalogue given with --catalogue may lack one: that flow is not used.
    (void)catalogue.set_flow({flow.sender, flow.receiver}, flow.usd, flow.year, std::move(flow.source));
  }
  return flows->size();
}

} // namespace rw::datasets
