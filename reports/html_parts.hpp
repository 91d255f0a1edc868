#pragma once

#include "reports/report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rw::reports {

// Pieces of the HTML report (render_html.cpp assembles them). Each returns
// markup with every name from the data escaped.

// The figure cards, the figure the headline leads with first, each with
// what it rests on in small text; the weighted average as a line instead of
// a card when it rests on too little (Headline::weighted_shown).
std::string headline_cards_html(const Report& report);

// Targets as a compact table in words: target, measure, baseline → now →
// target, on track, projection; notes and corridor counts on a line under
// each target, the corridor lists in the appendix.
std::string targets_html(const Report& report);

// A summary list of corridors (10 most expensive, …): corridors from
// published DataBank values get one cell saying so instead of empty columns.
std::string corridor_table_html(const std::string& id, const std::string& title,
                                const std::vector<CorridorRow>& rows,
                                const std::string& empty_text);

// Every corridor of one source, one <tbody> per sending country, ordered by
// country and receiving country, sortable by k_sort_script: "services" (id
// "all-corridors", every column) or "databank" (id "published-corridors":
// the four columns a published value has).
std::string all_corridors_html(const Report& report, std::string_view source);

// The imports and collections, narrow enough for a 1280 px window.
std::string runs_html(const Report& report);

// The appendix under `title`: every corridor (with service rows, then with
// only a published value), then each target's list of corridors.
std::string appendix_html(const Report& report, const std::string& title);

// The inline script that sorts the full corridor table within each country
// when a column heading is clicked. Without it the table keeps its order.
extern const char* const k_sort_script;

// The report's style sheet (inline CSS), which the web monitor's pages share.
extern const char* const k_report_style;

// "rests on 5 of 219 corridors (2 %), 57 services"; empty when nothing is known.
std::string coverage_text(const Coverage& coverage);

} // namespace rw::reports
