#pragma once

// One corridor as JSON and CSV: the answer of `remitwatch corridor --format
// json|csv` and of the API's /corridors/{SND-RCV}, written once here so that
// both are the same bytes (docs/api.md).

#include "datasets/corridor_view.hpp"
#include "util/table.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rw::web {

std::string render_corridor_json(const datasets::CorridorView& view);

// A corridor's trend (every quarter with quotes or a DataBank value) as the
// API's /corridors/{SND-RCV}/series answer.
std::string render_series_json(const datasets::CorridorView& view);

// The same trend as CSV: corridor, amount_usd, quarter, average, cheapest,
// smart, databank.
std::string render_series_csv(const datasets::CorridorView& view);

// The services as a table: `with_rank` adds the rank (empty for a
// non-transparent service), `with_corridor` the corridor, quarter and amount
// (for CSV, where each row stands alone).
util::Table services_table(const datasets::CorridorView& view,
                           const std::vector<datasets::ServiceRow>& rows,
                           bool with_rank,
                           bool with_corridor);

// The services as CSV: ranked, then the non-transparent ones unranked, each
// row with its corridor, quarter and amount.
std::string render_corridor_csv(const datasets::CorridorView& view);

// Shared with the API's other answers and the corridor page: an absent
// figure as JSON null or an empty cell, a speed class in words ("unknown").
nlohmann::ordered_json json_number(std::optional<double> value);
util::Cell table_cell(std::optional<double> value);
std::string speed_words(const std::optional<corridors::SpeedClass>& speed);

// A table from the data as CSV (RFC 4180), every text cell neutralised so
// that a spreadsheet never runs it as a formula.
std::string render_data_csv(util::Table table);

} // namespace rw::web
