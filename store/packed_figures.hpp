#pragma once

// The packed quarter of quote figures: the bytes quote_figures.figures holds
// (docs/schema.md, "Format"). Written by pack_quarter, read by PackedView (the
// readers' hot loop decodes with it, so quote() is defined here, inline). No
// SQL: the packer (figures_packer.cpp) and the reader (figures.cpp) store and
// fetch the bytes.

#include "util/error.hpp"

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rw::store {

// One quarter's figures as packed in quote_figures.figures (docs/schema.md):
// the quotes in for_each_quote_figures' order, texts (timestamps, speeds) once
// each in `texts`.
struct PackedQuote
{
  std::int64_t id = 0;
  std::int64_t service_id = 0;
  std::uint32_t collected_at = 0; // index into texts
  std::uint32_t speed = 0;        // index into texts + 1; 0: no speed
  double amount = 0, fee = 0, rate = 0, benchmark = 0;
  std::optional<double> received;
  std::optional<double> reported_fx_margin_pct, reported_total_cost_pct;
  bool transparent = true, accessible = true;
};

struct PackedQuarter
{
  std::vector<std::string_view> texts; // views into the bytes unpacked (or the packer's strings)
  std::vector<PackedQuote> quotes;
};

std::string pack_quarter(const PackedQuarter& quarter);
// The bytes checked whole: an unknown format, a count or length that does not
// fit, an index out of range or bytes left over are errors (the reader then
// reads that quarter from the quotes).
util::Expected<PackedQuarter> unpack_quarter(std::string_view bytes);

// The format's constants, shared by the packer and the inline decoder.
// "RWQF", format (u32), text count (u32), quote count (u32); each text: size
// (u32) and bytes; each quote: id (i64), service id (i64), collected_at (u32),
// speed (u32), flags (u8), amount, fee, rate, benchmark, received, reported FX
// margin, reported total (f64 each, IEEE 754 bits). Little-endian throughout.
namespace packed {

constexpr std::string_view k_magic = "RWQF";
constexpr std::uint32_t k_format = 1;
constexpr size_t k_quote_size = 8 + 8 + 4 + 4 + 1 + 7 * 8;

enum Flag : unsigned {
  k_transparent = 1,
  k_accessible = 2,
  k_received = 4,
  k_fx_margin = 8,
  k_total = 16,
  k_all_flags = 31,
};

inline std::uint64_t
load(const char* at, size_t bytes)
{
  std::uint64_t value = 0;
  for (size_t i = 0; i < bytes; ++i) {
    value |= std::uint64_t{static_cast<unsigned char>(at[i])} << (8 * i);
  }
  return value;
}

} // namespace packed

// A packed quarter checked whole, its quotes decoded one at a time.
class PackedView
{
public:
  static util::Expected<PackedView> parse(std::string_view bytes);

  size_t size() const { return m_count; }
  const std::vector<std::string_view>& texts() const { return m_texts; }

  PackedQuote quote(size_t i) const
  {
    using packed::load;
    const char* at = m_quotes.data() + i * packed::k_quote_size;
    const auto number = [&](size_t offset) { return std::bit_cast<double>(load(at + offset, 8)); };
    const auto flags = static_cast<unsigned>(load(at + 24, 1));
    PackedQuote q;
    q.id = static_cast<std::int64_t>(load(at, 8));
    q.service_id = static_cast<std::int64_t>(load(at + 8, 8));
    q.collected_at = static_cast<std::uint32_t>(load(at + 16, 4));
    q.speed = static_cast<std::uint32_t>(load(at + 20, 4));
    q.amount = number(25);
    q.fee = number(33);
    q.rate = number(41);
    q.benchmark = number(49);
    q.received = (flags & packed::k_received) != 0 ? std::optional(number(57)) : std::nullopt;
    q.reported_fx_margin_pct = (flags & packed::k_fx_margin) != 0 ? std::optional(number(65)) : std::nullopt;
    q.reported_total_cost_pct = (flags & packed::k_total) != 0 ? std::optional(number(73)) : std::nullopt;
    q.transparent = (flags & packed::k_transparent) != 0;
    q.accessible = (flags & packed::k_accessible) != 0;
    return q;
  }

private:
  std::vector<std::string_view> m_texts;
  std::string_view m_quotes;
  size_t m_count = 0;
};

} // namespace rw::store
