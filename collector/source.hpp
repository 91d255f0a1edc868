#pragma once

#include "collector/config.hpp"
#include "collector/run.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"
#include "net/http.hpp"
#include "util/error.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rw::collector {

// One corridor at one standard amount.
struct Target
{
  corridors::CorridorKey corridor;
  std::string send_currency, receive_currency;
  int usd = 200;
  std::optional<double> amount; // in the sending currency
  std::string unpriced;         // why `amount` is empty
};

// What a run collects: the configuration and the corridors and amounts it
// names.
struct Scope
{
  const CollectConfig& config;
  const corridors::Catalogue& catalogue; // what imported files are read against (the RPW release)
  std::vector<Target> targets; // every corridor at every amount
  std::set<std::string> corridor_names;
  std::set<int> amounts;
};

// One place remitwatch collects from (docs/commands/collect.md). A source
// is listed once in sources/registry.cpp; `collect.sources` names it.
class Source
{
public:
  virtual ~Source() = default;
  // The name in `collect.sources`, the log and the run items.
  virtual std::string_view name() const = 0;
  // Benchmark sources run first: the others price their requests (and
  // their quotes) from the rates they store.
  virtual bool benchmark() const { return false; }
  // The requests a run plans up front, for the coverage.
  virtual size_t planned(const Scope& scope) const = 0;
  // A dry run's lines: the requests that would be made.
  virtual std::vector<std::string> plan(const Scope& scope) const = 0;
  // Fetches, archives and stores; a request's failure is recorded in `run`
  // and is no error. An error stops the run (the store failed).
  virtual util::Expected<void> run(Run& run, net::HttpClient& client, const Scope& scope) const = 0;
};

} // namespace rw::collector
