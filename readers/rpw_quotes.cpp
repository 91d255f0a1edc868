// RPW rows → imported quotes: each checked row gives a quote per standard
// amount it has figures for, with the keys that make a re-import idempotent
// (period, service, row id, amount) and a flag where RPW's own total cost
// disagrees with its fee and FX margin.

#include "readers/rpw.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <tuple>

namespace rw::readers {

namespace {

constexpr double k_flag_tolerance_pp = 0.01;

} // namespace

void
RpwReader::add_row(const std::vector<std::string>& fields, size_t line, ImportedFile& file)
{
  std::vector<std::string_view> views(fields.begin(), fields.end());
  add_row(views, line, file);
}

void
RpwReader::add_row(std::span<const std::string_view> fields, size_t line, ImportedFile& file)
{
  if (m_error || std::ranges::all_of(fields, [](std::string_view f) { return util::trim(f).empty(); })) {
    return; // refused, or a blank spacer row
  }
  ++file.rows;
  count_trailing(fields, line);
  auto parsed = parse(fields, 0, &m_memo);
  if (!parsed) {
    file.rejected.push_back({line, fmt::format("{}:{}: {}", m_source_name, line, parsed.error().message)});
    return;
  }
  const RpwRow& row = *parsed;
  if (m_grouped && !enter_group(row, line)) {
    return;
  }
  const corridors::CorridorKey corridor{row.sender, row.receiver};
  corridors::Service service = row.service();
  if (!service.payment_instrument.empty()) {
    service.payment_instrument = first_spelling(service.payment_instrument);
  }
  const std::string service_key = service.key();
  const std::string id(row.id);
  const std::string base_key = fmt::format("{}|{}|{}|{}",
                                           service_key,
                                           util::fold_label(row.access_point),
                                           util::fold_label(row.sending_location),
                                           id.empty() ? fmt::format("line{}", line) : id);
  if (!id.empty() && !first_of_id(fields, row, base_key, line, file)) {
    return;
  }
  // A row is taken whole or not at all: both amounts' quotes are checked
  // before either is kept (and before disambiguate() counts them).
  std::array<std::optional<ImportedQuote>, 2> quotes;
  for (const auto& [a, standard, name, out] :
       {std::tuple{&row.amounts[0], 200, "cc1", &quotes[0]}, std::tuple{&row.amounts[1], 500, "cc2", &quotes[1]}}) {
    if (!a->present) {
      continue;
    }
    ImportedQuote& imported = out->emplace();
    corridors::Quote& quote = imported.quote;
    quote.corridor = corridor;
    quote.service = service;
    quote.send_currency = util::to_upper(a->currency);
    quote.receive_currency = m_catalogue->find_country(corridor.receiver)->currency;
    quote.amount = a->amount;
    quote.fee = a->fee;
    quote.rate = a->rate.value_or(0);
    quote.benchmark = row.benchmark.value_or(0);
    quote.benchmark_source = "rpw";
    quote.collected_at = row.collected_at;
    quote.transparent = row.transparent;
    quote.source = "rpw";
    quote.method = "import";
    quote.standard_amount_usd = standard;
    imported.period = row.period;
    imported.service_key = service_key;
    imported.natural_key = fmt::format("{}|{}|{}", row.period.to_string(), base_key, name);
    imported.source_ref = id;
    imported.reported_fx_margin_pct = a->fx_margin_pct.value_or(0);
    imported.reported_total_cost_pct = a->total_pct;
    imported.line = line;
    const double fee_pct = quote.fee / quote.amount * 100.0;
    const double difference = a->total_pct - (fee_pct + *imported.reported_fx_margin_pct);
    if (std::fabs(difference) > k_flag_tolerance_pp) {
      imported.flagged = true;
      // The reason first, the figures in parentheses: summaries count rows by the reason.
      imported.flag_reason = fmt::format(
        "{} total cost differs from fee % + FX margin by more than {} pp ({} vs {:.4f} + {}: {:.4f} pp)",
        name, k_flag_tolerance_pp, a->total_pct, fee_pct, *imported.reported_fx_margin_pct, difference);
    }
    if (auto ok = check_plausible(imported); !ok) {
      file.rejected.push_back({line, fmt::format("{}:{}: {}: {}", m_source_name, line, name, ok.error().message)});
      return;
    }
  }
  for (auto& quote : quotes) {
    if (quote) {
      disambiguate(*quote);
      file.quotes.push_back(std::move(*quote));
    }
  }
}

// A row whose id, service and period came before has the same natural key:
// stored, it would silently replace the earlier one. With other values it is
// rejected, naming the line it repeats (which one is right is for the
// publisher to say, not for the file order); an exact repeat changes nothing
// and is left out quietly. false when the row is not to be added.
bool
RpwReader::first_of_id(std::span<const std::string_view> fields, const RpwRow& row,
                       const std::string& base_key, size_t line, ImportedFile& file)
{
  size_t values = fields.size();
  for (const std::string_view field : fields) {
    values = values * 1099511628211u ^ std::hash<std::string_view>{}(field);
  }
  const auto [it, first] =
    m_ids.try_emplace(fmt::format("{}|{}", row.period.to_string(), base_key), SeenRow{line, values});
  if (first) {
    return true;
  }
  if (it->second.values != values) {
    file.rejected.push_back({line, fmt::format("{}:{}: row id '{}' repeats an earlier row with other values "
                                               "(line {})",
                                               m_source_name, line, row.id, it->second.line)});
  }
  return false;
}

bool
RpwReader::enter_group(const RpwRow& row, size_t line)
{
  if (m_group && m_group->period == row.period && m_group->sender == row.sender && m_group->receiver == row.receiver) {
    return true; // most rows continue the group before
  }
  std::string key = fmt::format("{}|{}-{}", row.period.to_string(), row.sender, row.receiver);
  if (const auto left = m_left.find(key); left != m_left.end()) {
    m_error = util::Error{util::ErrorKind::parse,
                          fmt::format("{}:{}: the rows of {} {}-{} started at line {} and {}: an RPW CSV read "
                                      "as a stream lists each period's corridor in one run of rows, as the World "
                                      "Bank publishes it; sort the file by period and corridor (nothing was imported)",
                                      m_source_name, line, row.period.to_string(), row.sender, row.receiver,
                                      left->second, k_ungrouped)};
    return false;
  }
  m_left.emplace(std::move(key), line);
  m_group = Group{row.period, row.sender, row.receiver};
  m_seen.clear();
  m_ids.clear();
  return true;
}

void
RpwReader::count_trailing(std::span<const std::string_view> fields, size_t line)
{
  if (fields.size() <= m_width) {
    return;
  }
  const auto past = fields.subspan(m_width);
  const auto cells =
    static_cast<size_t>(std::ranges::count_if(past, [](std::string_view f) { return !util::trim(f).empty(); }));
  if (cells == 0) {
    return;
  }
  if (m_trailing.rows++ == 0) {
    m_trailing.first_line = line;
    m_trailing.fewest = cells;
  }
  m_trailing.fewest = std::min(m_trailing.fewest, cells);
  m_trailing.most = std::max(m_trailing.most, cells);
}

std::optional<std::string>
RpwReader::trailing_note() const
{
  if (m_trailing.rows == 0) {
    return std::nullopt;
  }
  const std::string cells = m_trailing.fewest == m_trailing.most
                              ? fmt::format("{}", m_trailing.most)
                              : fmt::format("{} to {}", m_trailing.fewest, m_trailing.most);
  return fmt::format("{}: {} row{} carr{} {} unlabelled trailing cell{}, ignored (first at line {})", m_source_name,
                     util::group_thousands(m_trailing.rows), m_trailing.rows == 1 ? "" : "s",
                     m_trailing.rows == 1 ? "ies" : "y", cells, m_trailing.most == 1 ? "" : "s",
                     m_trailing.first_line);
}

const std::string&
RpwReader::first_spelling(std::string_view label)
{
  auto [it, first] = m_labels.try_emplace(util::fold_label(label), label);
  return it->second;
}

void
RpwReader::disambiguate(ImportedQuote& quote)
{
  const std::string group = fmt::format("{}|{}|{}|{}", quote.period.to_string(), quote.quote.corridor.to_string(),
                                        quote.service_key, quote.quote.standard_amount_usd);
  const size_t seen = ++m_seen[group];
  if (seen > 1) {
    quote.service_key += fmt::format("#{}", seen);
  }
}

} // namespace rw::readers
