// The packed quarter's bytes (docs/schema.md, "Format"): pack_quarter writes
// them, PackedView::parse checks them whole, unpack_quarter decodes them all.

#include "store/packed_figures.hpp"

#include <fmt/format.h>

namespace rw::store {

using namespace packed;

namespace {

void
put(std::string& out, std::uint64_t value, size_t bytes)
{
  for (size_t i = 0; i < bytes; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xffU));
  }
}

std::unexpected<util::Error>
bad_pack(std::string_view why)
{
  return util::make_error(util::ErrorKind::database, fmt::format("packed quote figures: {}", why));
}

} // namespace

util::Expected<PackedView>
PackedView::parse(std::string_view bytes)
{
  PackedView view;
  size_t at = 0;
  const auto left = [&] { return bytes.size() - at; };
  const auto take = [&](size_t size) -> std::optional<std::uint64_t> {
    if (left() < size) {
      return std::nullopt;
    }
    const std::uint64_t value = load(bytes.data() + at, size);
    at += size;
    return value;
  };
  if (!bytes.starts_with(k_magic)) {
    return bad_pack("not packed figures");
  }
  at = k_magic.size();
  const auto format = take(4);
  if (!format || *format != k_format) {
    return bad_pack(format ? fmt::format("format {} (this remitwatch reads {})", *format, k_format)
                           : std::string("cut short"));
  }
  const auto text_count = take(4);
  const auto quote_count = take(4);
  if (!text_count || !quote_count) {
    return bad_pack("cut short");
  }
  // Counts are checked against the bytes left before anything is reserved.
  if (*quote_count > left() / k_quote_size || *text_count > (left() - *quote_count * k_quote_size) / 4) {
    return bad_pack("counts larger than the bytes");
  }
  view.m_texts.reserve(*text_count);
  for (std::uint64_t i = 0; i < *text_count; ++i) {
    const auto size = take(4);
    if (!size || left() < *size) {
      return bad_pack("a text cut short");
    }
    view.m_texts.push_back(bytes.substr(at, *size));
    at += *size;
  }
  if (left() != *quote_count * k_quote_size) {
    return bad_pack(fmt::format("{} bytes for {} quotes", left(), *quote_count));
  }
  view.m_quotes = bytes.substr(at);
  view.m_count = *quote_count;
  for (size_t i = 0; i < view.m_count; ++i) {
    const char* quote = view.m_quotes.data() + i * k_quote_size;
    const std::uint64_t collected_at = load(quote + 16, 4);
    const std::uint64_t speed = load(quote + 20, 4);
    const std::uint64_t flags = load(quote + 24, 1);
    if (collected_at >= view.m_texts.size() || speed > view.m_texts.size() || (flags & ~std::uint64_t{k_all_flags}) != 0) {
      return bad_pack(fmt::format("quote {}: a text index or flag out of range", static_cast<std::int64_t>(load(quote, 8))));
    }
  }
  return view;
}

std::string
pack_quarter(const PackedQuarter& quarter)
{
  std::string out;
  size_t size = k_magic.size() + 12 + quarter.quotes.size() * k_quote_size;
  for (const auto text : quarter.texts) {
    size += 4 + text.size();
  }
  out.reserve(size);
  out.append(k_magic);
  put(out, k_format, 4);
  put(out, quarter.texts.size(), 4);
  put(out, quarter.quotes.size(), 4);
  for (const auto text : quarter.texts) {
    put(out, text.size(), 4);
    out.append(text);
  }
  for (const PackedQuote& q : quarter.quotes) {
    put(out, static_cast<std::uint64_t>(q.id), 8);
    put(out, static_cast<std::uint64_t>(q.service_id), 8);
    put(out, q.collected_at, 4);
    put(out, q.speed, 4);
    const unsigned flags = (q.transparent ? k_transparent : 0U) | (q.accessible ? k_accessible : 0U)
                           | (q.received ? k_received : 0U) | (q.reported_fx_margin_pct ? k_fx_margin : 0U)
                           | (q.reported_total_cost_pct ? k_total : 0U);
    put(out, flags, 1);
    for (const double value : {q.amount, q.fee, q.rate, q.benchmark, q.received.value_or(0.0),
                               q.reported_fx_margin_pct.value_or(0.0), q.reported_total_cost_pct.value_or(0.0)}) {
      put(out, std::bit_cast<std::uint64_t>(value), 8);
    }
  }
  return out;
}

util::Expected<PackedQuarter>
unpack_quarter(std::string_view bytes)
{
  auto view = PackedView::parse(bytes);
  if (!view) {
    return std::unexpected(view.error());
  }
  PackedQuarter packed;
  packed.texts = view->texts();
  packed.quotes.reserve(view->size());
  for (size_t i = 0; i < view->size(); ++i) {
    packed.quotes.push_back(view->quote(i));
  }
  return packed;
}

} // namespace rw::store
