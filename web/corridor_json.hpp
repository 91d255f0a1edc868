#pragma once

// One corridor as JSON: the answer of `remitwatch corridor --format json` and
// of the API's /corridors/{SND-RCV}, written once here so that both are the
// same bytes (docs/api.md).

#include "datasets/corridor_view.hpp"

#include <string>

namespace rw::web {

std::string render_corridor_json(const datasets::CorridorView& view);

// A corridor's trend (every quarter with quotes or a DataBank value) as the
// API's /corridors/{SND-RCV}/series answer.
std::string render_series_json(const datasets::CorridorView& view);

} // namespace rw::web
