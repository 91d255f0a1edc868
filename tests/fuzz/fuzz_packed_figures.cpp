// A quarter's packed quote figures (store/figures.hpp, docs/schema.md), as a
// database edited by hand or cut short could hold them: whatever unpacks
// packs again to bytes that unpack to the same quarter.
#include "store/figures.hpp"
#include "tests/fuzz/fuzz.hpp"

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace {

std::optional<std::uint64_t>
bits(std::optional<double> value)
{
  return value ? std::optional(std::bit_cast<std::uint64_t>(*value)) : std::nullopt;
}

bool
same(const rw::store::PackedQuote& a, const rw::store::PackedQuote& b)
{
  return a.id == b.id && a.service_id == b.service_id && a.collected_at == b.collected_at && a.speed == b.speed
         && bits(a.amount) == bits(b.amount) && bits(a.fee) == bits(b.fee) && bits(a.rate) == bits(b.rate)
         && bits(a.benchmark) == bits(b.benchmark) && bits(a.received) == bits(b.received)
         && bits(a.reported_fx_margin_pct) == bits(b.reported_fx_margin_pct)
         && bits(a.reported_total_cost_pct) == bits(b.reported_total_cost_pct) && a.transparent == b.transparent
         && a.accessible == b.accessible;
}

} // namespace

RW_FUZZ_TARGET(packed_figures)
{
  const auto packed = rw::store::unpack_quarter(rw::fuzz::text(data, size));
  if (!packed) {
    return 0;
  }
  const std::string bytes = rw::store::pack_quarter(*packed);
  const auto again = rw::store::unpack_quarter(bytes);
  if (!again || again->texts != packed->texts || again->quotes.size() != packed->quotes.size()) {
    std::abort();
  }
  for (size_t i = 0; i < packed->quotes.size(); ++i) {
    if (!same(packed->quotes[i], again->quotes[i])) {
      std::abort();
    }
  }
  return 0;
}
