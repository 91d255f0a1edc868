#pragma once

// One corridor as the World Bank's RPW site shows it: the services of a
// quarter ranked cheapest first, the corridor's figures (average, SmaRT,
// cheapest) and its trend over every quarter. The figures are the
// calculator's (aggregate_quarter), the same that `averages` and the report
// give; corridor_view() is pure, load_corridor_data() its one store access.

#include "calculator/aggregates.hpp"
#include "corridors/catalogue.hpp"
#include "corridors/firm_type.hpp"
#include "corridors/model.hpp"
#include "corridors/quarter.hpp"
#include "corridors/speed.hpp"
#include "datasets/stored_costs.hpp"
#include "store/database.hpp"
#include "util/error.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::datasets {

// The words of a stored service that its cost leaves out.
struct ServiceWords
{
  std::string provider, payment_instrument, receiving_method;
};

// What the view is computed from: one corridor, one standard amount.
struct CorridorData
{
  corridors::CorridorKey corridor;
  int amount_usd = 200;
  std::vector<calculator::ServiceCost> observations; // quote by quote, every quarter
  std::map<std::string, ServiceWords, std::less<>> services; // by service key
  std::map<corridors::Quarter, double> databank; // DataBank ATCR.CORR (USD 200 only)
};

// The corridor's stored quotes of the amount as costs (the same read as
// every aggregate), its services' words, and DataBank's published values when
// the amount is USD 200 (the series is of USD 200 figures).
util::Expected<CorridorData> load_corridor_data(store::Database& database,
                                                const corridors::CorridorKey& corridor,
                                                int amount_usd,
                                                const SkippedQuote& skipped = warn_skipped);

// The quarters with stored quotes, in order.
std::vector<corridors::Quarter> quote_quarters(const CorridorData& data);

// One service of the quarter, its quotes collapsed (calculator::collapse).
struct ServiceRow
{
  size_t rank = 0;        // 1 = cheapest; 0 for a non-transparent service (never ranked)
  std::string provider;   // the provider's name
  std::string service;    // "cash to bank account": instrument and receiving method in words
  std::string label;      // the provider, with the service when the provider has several
  corridors::FirmType firm_type = corridors::FirmType::other;
  double fee_pct = 0, fx_margin_pct = 0, total_cost_pct = 0;
  std::optional<corridors::SpeedClass> speed;
  bool transparent = true;
};

struct TrendPoint
{
  corridors::Quarter quarter{2000, 1};
  std::optional<double> average, cheapest, smart; // computed from stored quotes
  std::optional<double> databank;                 // published; empty where none is stored
};

struct CorridorView
{
  corridors::CorridorKey corridor;
  std::string sender_name, receiver_name; // from the catalogue; the code when unknown
  corridors::Quarter quarter{2000, 1};
  int amount_usd = 200;
  std::vector<ServiceRow> ranked;          // transparent services, cheapest first
  std::vector<ServiceRow> non_transparent; // listed apart, in service-key order
  calculator::CorridorAverage figures;     // average, cheapest, spread, SmaRT of the quarter
  std::vector<TrendPoint> trend;           // every quarter with quotes or a DataBank value
};

// A corridor as a user typed it ("KEN-UGA", any case), both codes checked
// against the catalogue. Errors (kind not_found) name the corridor and say
// what a corridor looks like: "corridor KEN-XYZ: XYZ is not a country in the
// catalogue (ISO 3166-1 alpha-3, e.g. KEN)".
util::Expected<corridors::CorridorKey> find_corridor(std::string_view text, const corridors::Catalogue& catalogue);

// How the quarter's chooser names things in its errors: where the data is
// ("golden.db: ", or "" for a server's readers) and how to ask for a quarter
// ("--quarter 2024Q4", or "?quarter=2024Q4").
struct QuarterWording
{
  std::string source;            // printed before the message, e.g. "golden.db: "
  std::string ask = "--quarter "; // followed by a quarter
};

// The quarter asked for, or the corridor's latest with quotes. Errors (kind
// not_found) say which quarters have data, and which to try.
util::Expected<corridors::Quarter> choose_quarter(const CorridorData& data,
                                                  std::optional<corridors::Quarter> asked,
                                                  const QuarterWording& wording);

CorridorView corridor_view(const CorridorData& data, corridors::Quarter quarter, const corridors::Catalogue& catalogue);

// "Bank", "Money transfer operator", …: one service's firm type in words.
std::string_view firm_type_words(corridors::FirmType type);

// "cash to bank account", "to cash", "from card", "": how the money is paid
// in and received, in words.
std::string service_words(std::string_view payment_instrument, std::string_view receiving_method);

} // namespace rw::datasets
