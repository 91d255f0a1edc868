#pragma once

// The web monitor's pages: server-rendered, self-contained HTML (inline CSS
// and SVG, a little inline script with a no-script fallback, no external
// resource) in the report's style. Each page reads the store through the
// named functions of the lower layers and returns the whole document; the
// server (web/server) only routes and sends. docs/web-pages.md describes each.
//
// Errors: an unknown corridor or country is ErrorKind::not_found naming it
// (404); a malformed ?quarter=, ?amount= or other parameter is
// invalid_argument (400); a store failure keeps its kind.

#include "corridors/catalogue.hpp"
#include "corridors/model.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <map>
#include <string>

namespace rw::web {

struct PageRequest
{
  std::string base_path;                    // "" or "/remitwatch": every link starts with it
  std::map<std::string, std::string> query; // decoded ?name=value pairs
};

// Headline with coverage, targets with the 2030 projection, trend chart and
// channels: reports::build_report for the latest quarter (or ?quarter=).
util::Expected<std::string> overview_page(store::Database& database, const corridors::Catalogue& catalogue,
                                          const PageRequest& request);

// Every corridor with its average in the quarter (the latest, or
// ?quarter=): filter by ?sender=, ?receiver=, ?region= (receiving),
// ?above5=1, ?q= (search) and ?sort=&dir=, as a GET form and links without
// script, at once with it.
util::Expected<std::string> corridors_page(store::Database& database, const corridors::Catalogue& catalogue,
                                           const PageRequest& request);

// One corridor: its services ranked cheapest first at USD 200 or 500
// (?amount=, ?quarter=), the non-transparent apart, its figures and its trend
// against the 5 % and 3 % targets beside DataBank's published values
// (datasets::corridor_view, as `remitwatch corridor`).
util::Expected<std::string> corridor_page(store::Database& database, const corridors::Catalogue& catalogue,
                                          const corridors::CorridorKey& corridor, const PageRequest& request);

// The alerts recorded: what fired, when, and where each was delivered.
util::Expected<std::string> alerts_page(store::Database& database, const corridors::Catalogue& catalogue,
                                        const PageRequest& request);

// What the store holds: coverage, imports and collections, benchmark rates
// and their staleness, rows per table (what `db info` shows).
util::Expected<std::string> status_page(store::Database& database, const corridors::Catalogue& catalogue,
                                        const PageRequest& request);

} // namespace rw::web
