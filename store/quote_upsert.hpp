#pragma once

// The quote upsert's parts, shared by the writer's row at a time
// (records.cpp) and its batch through a staging table on PostgreSQL
// (quote_batch.cpp): one text, so the two cannot drift apart.

#include <string_view>

namespace rw::store::detail {

// The quotes' columns the writer sets, in its parameters' order (?1 to ?25).
inline constexpr std::string_view k_quote_columns = R"sql(service_id, run_id, source, method, natural_key, source_ref, period,
          collected_at, standard_amount_usd, amount, currency, receive_currency, fee, rate, benchmark, benchmark_source,
          received, reported_fx_margin_pct, reported_total_cost_pct, speed, transparent, accessible, flagged,
          flag_reason, raw_ref)sql";

// An existing quote is updated only when a value differs, so that an
// identical re-import changes nothing (and is counted unchanged).
inline constexpr std::string_view k_quote_conflict = R"sql(ON CONFLICT (source, natural_key) DO UPDATE SET
          service_id = excluded.service_id, run_id = excluded.run_id, method = excluded.method, source_ref = excluded.source_ref,
          period = excluded.period, collected_at = excluded.collected_at,
          standard_amount_usd = excluded.standard_amount_usd, amount = excluded.amount,
          currency = excluded.currency, receive_currency = excluded.receive_currency, fee = excluded.fee,
          rate = excluded.rate, benchmark = excluded.benchmark, benchmark_source = excluded.benchmark_source,
          received = excluded.received, reported_fx_margin_pct = excluded.reported_fx_margin_pct,
          reported_total_cost_pct = excluded.reported_total_cost_pct, speed = excluded.speed,
          transparent = excluded.transparent, accessible = excluded.accessible, flagged = excluded.flagged,
          flag_reason = excluded.flag_reason, raw_ref = excluded.raw_ref
        WHERE (quotes.service_id, quotes.method, quotes.source_ref, quotes.period, quotes.collected_at,
               quotes.standard_amount_usd, quotes.amount, quotes.currency, quotes.receive_currency, quotes.fee,
               quotes.rate, quotes.benchmark, quotes.benchmark_source, quotes.received,
               quotes.reported_fx_margin_pct, quotes.reported_total_cost_pct, quotes.speed, quotes.transparent,
               quotes.accessible, quotes.flagged, quotes.flag_reason)
          IS DISTINCT FROM (excluded.service_id, excluded.method, excluded.source_ref, excluded.period,
               excluded.collected_at, excluded.standard_amount_usd, excluded.amount, excluded.currency,
               excluded.receive_currency, excluded.fee, excluded.rate, excluded.benchmark,
               excluded.benchmark_source, excluded.received, excluded.reported_fx_margin_pct,
               excluded.reported_total_cost_pct, excluded.speed, excluded.transparent, excluded.accessible,
               excluded.flagged, excluded.flag_reason))sql";

} // namespace rw::store::detail
