#pragma once

// Where RpwReader finds each field: the column indexes its header gave.
// Private to the RPW reader's sources (rpw_columns.cpp fills them,
// rpw_row.cpp reads rows with them).

#include "readers/rpw.hpp"

#include <cstddef>
#include <optional>

namespace rw::readers {

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
