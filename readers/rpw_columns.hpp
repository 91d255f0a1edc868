#pragma once

// Where RpwReader finds each field: the column indexes its header gave, and
// the one table of the names each field goes by across the World Bank's
// releases and the extracts people share (docs/formats/rpw.md prints it).
// RpwColumns is private to the RPW reader's sources (rpw_columns.cpp fills
// them, rpw_row.cpp reads rows with them); the table is public for its tests.

#include "readers/rpw.hpp"
#include "util/csv.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace rw::readers {

// One field of the RPW dataset and the header names it goes by. Names match
// as util::fold_label folds them: case, spaces, line breaks, '-', '_' and
// '%' do not count, so "PICK-UP\n METHOD" is "pickup method" and "CC1 TOTAL
// COST %" is "cc1 total cost %" without an entry of their own. `also` lists
// what folding does not make equal.
struct RpwColumnName
{
  std::string_view field;                // the name in the 2016 sheet's header
  std::array<std::string_view, 3> also;  // other releases' and extracts' names
  std::string_view use;                  // what the reader does with it
};

// Every column the reader knows, in the order of docs/formats/rpw.md.
std::span<const RpwColumnName> rpw_column_names();

// The column of `field` (a name in rpw_column_names()) in `header`: its own
// name first, then the others in the table's order.
std::optional<size_t> find_rpw_column(const util::CsvHeader& header, std::string_view field);

// The header's named width: columns up to its last non-blank name. Cells
// past it are unlabelled: ignored, and counted (RpwReader::add_row).
size_t named_width(const std::vector<std::string>& names);

// Figures of one standard amount: cc1 (USD 200) or cc2 (USD 500).
struct AmountColumns
{
  std::optional<size_t> amount;
  std::optional<size_t> denomination;
  std::optional<size_t> currency;
  std::optional<size_t> fee;
  std::optional<size_t> rate;
  std::optional<size_t> fx_margin;
  std::optional<size_t> total_cost;
};

struct RpwColumns
{
  size_t period;
  size_t sender;
  size_t receiver;
  size_t firm;
  size_t firm_type;
  size_t transparent;
  std::optional<size_t> id;
  std::optional<size_t> speed;
  std::optional<size_t> benchmark;
  std::optional<size_t> date;
  std::optional<size_t> payment_instrument;
  std::optional<size_t> product;
  std::optional<size_t> pickup_method;
  std::optional<size_t> access_point;
  std::optional<size_t> sending_location;
  AmountColumns cc1;
  AmountColumns cc2;
};

} // namespace rw::readers
