#include "readers/rpw.hpp"

#include "readers/xlsx_reader.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace rw::readers {

namespace {

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

AmountColumns
find_amount_columns(const util::CsvHeader& header, std::string_view prefix)
{
  auto find = [&](std::string_view name) { return header.find(fmt::format("{} {}", prefix, name)); };
  return {find("lcu amount"), find("denomination amount"), find("lcu code"), find("lcu fee"),
          find("lcu fx rate"), find("fx margin"), find("total cost %")};
}

constexpr double k_flag_tolerance_pp = 0.01;

} // namespace

struct RpwReader::Columns
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

RpwReader::RpwReader(std::shared_ptr<const Columns> columns,
                     size_t width,
                     std::string source_name,
                     const corridors::Catalogue& catalogue)
  : m_columns(std::move(columns)),
    m_width(width),
    m_source_name(std::move(source_name)),
    m_catalogue(&catalogue)
{
}

util::Expected<RpwReader>
RpwReader::create(const std::vector<std::string>& names,
                  std::string source_name,
                  const corridors::Catalogue& catalogue)
{
  const util::CsvHeader header(names);
  std::vector<std::string> missing;
  auto required = [&](std::string_view name) -> size_t {
    const auto index = header.find(name);
    if (!index) {
      missing.emplace_back(name);
      return 0;
    }
    return *index;
  };
  auto columns = std::make_shared<Columns>(Columns{
    .period = required("period"),
    .sender = required("source_code"),
    .receiver = required("destination_code"),
    .firm = required("firm"),
    .firm_type = required("firm_type"),
    .transparent = required("transparent"),
    .id = header.find("id"),
    .speed = header.find("speed actual"),
    .benchmark = header.find("inter lcu bank fx"),
    .date = header.find("date"),
    .payment_instrument = header.find("payment instrument"),
    .product = header.find("product"),
    .pickup_method = header.find("pickup method"),
    .access_point = header.find("access point"),
    .sending_location = header.find("sending location"),
    .cc1 = find_amount_columns(header, "cc1"),
    .cc2 = find_amount_columns(header, "cc2"),
  });
  // Without cc1's amount, fee and total there is no USD 200 figure at all.
  for (const auto& [index, name] : {std::pair{columns->cc1.amount, "cc1 lcu amount"},
                                    std::pair{columns->cc1.fee, "cc1 lcu fee"},
                                    std::pair{columns->cc1.fx_margin, "cc1 fx margin"},
                                    std::pair{columns->cc1.total_cost, "cc1 total cost %"}}) {
    if (!index) {
      missing.emplace_back(name);
    }
  }
  if (!missing.empty()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}:1: not an RPW dataset: missing column{} {}",
                                        source_name,
                                        missing.size() > 1 ? "s" : "",
                                        fmt::join(missing, ", ")));
  }
  return RpwReader(std::move(columns), names.size(), std::move(source_name), catalogue);
}

namespace {

// Inlined: a dozen calls per row of files of millions of rows.
[[gnu::always_inline]] inline std::string_view
field(std::span<const std::string_view> fields, std::optional<size_t> index)
{
  return index && *index < fields.size() ? util::trim(fields[*index]) : std::string_view();
}

// A blank number ("" or "..") is absent; anything else must parse. false
// when it does not.
bool
read_number(std::string_view text, std::optional<double>& value)
{
  if (text.empty() || text == "..") {
    value.reset();
    return true;
  }
  value = util::parse_plain_decimal(text); // most figures; parse_double has the rest
  if (!value) {
    value = util::parse_double(text);
  }
  return value.has_value();
}

// RPW dates look like "24/Jan/2011"; some extracts carry ISO dates instead.
std::optional<std::chrono::sys_seconds>
parse_rpw_date(std::string_view text)
{
  static constexpr std::string_view k_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  const auto parts = util::split(text, '/');
  if (parts.size() == 3) {
    const auto day = util::parse_integer(parts[0]);
    const auto year = util::parse_integer(parts[2]);
    const std::string month_name = util::to_lower(parts[1]);
    const auto month = std::ranges::find(k_months, month_name);
    if (day && year && month != std::end(k_months)) {
      const date::year_month_day ymd{
        date::year(static_cast<int>(*year)),
        date::month(static_cast<unsigned>(month - std::begin(k_months) + 1)),
        date::day(static_cast<unsigned>(*day))};
      if (ymd.ok() && *day > 0 && *year > 1900) {
        return std::chrono::sys_seconds(date::sys_days(ymd));
      }
    }
    return std::nullopt;
  }
  if (auto iso = util::parse_timestamp(text)) {
    return *iso;
  }
  // The xlsx workbook stores dates as Excel serial days (1 = 1900-01-01,
  // counted from 1899-12-30 because of Excel's 1900 leap-year bug).
  if (const auto serial = util::parse_double(text); serial && *serial >= 1 && *serial < 2958466) {
    const auto day = date::sys_days(date::year(1899) / 12 / 30) + date::days(static_cast<int>(*serial));
    return std::chrono::sys_seconds(day);
  }
  return std::nullopt;
}

} // namespace

corridors::Service
RpwRow::service() const
{
  corridors::Service service;
  service.provider = std::string(firm);
  service.firm_type = firm_type;
  service.speed = speed;
  service.payment_instrument = std::string(payment_instrument);
  service.receiving_method = std::string(pickup_method);
  return service;
}

namespace {

// Sets `out` to what the entry kept for `text`, or else to what `compute`
// (returning util::Expected<T>) makes of it, kept for the next row; an error
// is compute's.
template <typename T, typename Compute>
util::Expected<void>
remember_into(RpwParseMemo::Entry<T>* entry, std::string_view text, T& out, Compute&& compute)
{
  if (const T* kept = entry != nullptr ? entry->find(text) : nullptr) {
    out = *kept; // into out's own storage: no copy on the way
    return {};
  }
  util::Expected<T> value = compute();
  if (!value) {
    return std::unexpected(value.error());
  }
  if (entry != nullptr) {
    entry->keep(text, *value);
  }
  out = std::move(*value);
  return {};
}

} // namespace

util::Expected<RpwRow>
RpwReader::parse(std::span<const std::string_view> fields, int only_amount, RpwParseMemo* memo) const
{
  RpwRow row;
  if (auto ok = parse_into(fields, row, only_amount, memo); !ok) {
    return std::unexpected(ok.error());
  }
  return row;
}

util::Expected<void>
RpwReader::parse_into(std::span<const std::string_view> fields, RpwRow& row, int only_amount, RpwParseMemo* memo) const
{
  const Columns& c = *m_columns;
  auto reject = [](std::string message) { return util::make_error(util::ErrorKind::parse, std::move(message)); };
  if (fields.size() != m_width) {
    return reject(fmt::format("{} fields, the header has {}", fields.size(), m_width));
  }
  const auto entry = [memo](auto member) { return memo != nullptr ? &(memo->*member) : nullptr; };
  // What is set only on some paths starts afresh; the rest is set below.
  row.benchmark.reset();
  row.amounts = {};
  // The quarter and its first day (the date of a row without one).
  std::pair<corridors::Quarter, std::chrono::sys_seconds> period{row.period, row.collected_at};
  if (auto ok = remember_into(entry(&RpwParseMemo::m_period), fields[c.period], period,
                              [&]() -> util::Expected<std::pair<corridors::Quarter, std::chrono::sys_seconds>> {
                                auto quarter = corridors::Quarter::parse(fields[c.period]);
                                if (!quarter) {
                                  return std::unexpected(quarter.error());
                                }
                                return std::pair{*quarter, std::chrono::sys_seconds(date::sys_days(quarter->first_day()))};
                              });
      !ok) {
    return ok;
  }
  row.period = period.first;
  const auto country = [&](std::string_view text) -> util::Expected<std::string> {
    std::string code = util::to_upper(text);
    if (m_catalogue->find_country(code) == nullptr) {
      return reject(fmt::format("unknown country code '{}'", code));
    }
    return code;
  };
  const std::string_view sender_text = field(fields, c.sender);
  if (auto ok = remember_into(entry(&RpwParseMemo::m_sender), sender_text, row.sender, [&] { return country(sender_text); });
      !ok) {
    return ok;
  }
  const std::string_view receiver_text = field(fields, c.receiver);
  if (auto ok = remember_into(entry(&RpwParseMemo::m_receiver), receiver_text, row.receiver,
                              [&] { return country(receiver_text); });
      !ok) {
    return ok;
  }
  row.firm = field(fields, c.firm);
  if (row.firm.empty()) {
    return reject("firm is empty");
  }
  const std::string_view firm_type_text = field(fields, c.firm_type);
  if (auto ok = remember_into(entry(&RpwParseMemo::m_firm_type), firm_type_text, row.firm_type,
                              [&] { return corridors::parse_firm_type(firm_type_text); });
      !ok) {
    return ok;
  }
  const std::string_view speed_text = field(fields, c.speed);
  if (auto ok = remember_into(entry(&RpwParseMemo::m_speed), speed_text, row.speed,
                              [&] { return corridors::parse_speed_class(speed_text); });
      !ok) {
    return ok;
  }
  // Older rows name the product, newer ones the payment instrument.
  row.payment_instrument = field(fields, c.payment_instrument);
  if (row.payment_instrument.empty()) {
    row.payment_instrument = field(fields, c.product);
  }
  row.pickup_method = field(fields, c.pickup_method);
  row.access_point = field(fields, c.access_point);
  row.sending_location = field(fields, c.sending_location);
  row.id = field(fields, c.id);

  const std::string_view transparent_text = field(fields, c.transparent);
  if (auto ok = remember_into(entry(&RpwParseMemo::m_transparent), transparent_text, row.transparent,
                              [&]() -> util::Expected<bool> {
                                if (util::iequals(transparent_text, "yes")) {
                                  return true;
                                }
                                if (util::iequals(transparent_text, "no")) {
                                  return false;
                                }
                                return reject(fmt::format("transparent '{}' is not yes or no", transparent_text));
                              });
      !ok) {
    return ok;
  }

  row.collected_at = period.second; // the quarter's first day, unless the row has a date
  if (only_amount == 0) {
    if (const auto date_text = field(fields, c.date); !date_text.empty()) {
      const auto parsed = parse_rpw_date(date_text);
      if (!parsed) {
        return reject(fmt::format("date '{}' is not a date like 24/Jan/2011", date_text));
      }
      row.collected_at = *parsed;
    }
    if (const std::string_view text = field(fields, c.benchmark); !read_number(text, row.benchmark)) {
      return reject(fmt::format("inter lcu bank fx '{}' is not a number", text));
    }
  }

  bool any = false;
  for (const auto& [cc, out, name, standard] : {std::tuple{&c.cc1, &row.amounts[0], "cc1", 200},
                                                std::tuple{&c.cc2, &row.amounts[1], "cc2", 500}}) {
    if (only_amount != 0 && only_amount != standard) {
      continue;
    }
    const AmountColumns& a = *cc;
    const std::string_view prefix = standard == 200 ? "cc1 " : "cc2 ";
    std::optional<double> amount;
    std::optional<double> fee;
    std::optional<double> rate;
    std::optional<double> margin;
    std::optional<double> total;
    for (const auto& [index, value, column] : {std::tuple{a.amount, &amount, "lcu amount"},
                                               std::tuple{a.fee, &fee, "lcu fee"},
                                               std::tuple{a.rate, &rate, "lcu fx rate"},
                                               std::tuple{a.fx_margin, &margin, "fx margin"},
                                               std::tuple{a.total_cost, &total, "total cost %"}}) {
      if (const std::string_view text = field(fields, index); !read_number(text, *value)) {
        return reject(fmt::format("{}{} '{}' is not a number", prefix, column, text));
      }
    }
    if (!total) {
      continue; // no figures for this amount
    }
    if (!amount || *amount <= 0) {
      return reject(fmt::format("{} has a total cost but no positive amount", name));
    }
    if (!fee || *fee < 0) {
      return reject(fmt::format("{} has a total cost but no fee (or a negative one)", name));
    }
    out->present = true;
    out->amount = *amount;
    out->fee = *fee;
    out->rate = rate;
    out->fx_margin_pct = margin;
    out->total_pct = *total;
    out->currency = field(fields, a.currency);
    any = true;
  }
  if (!any && only_amount == 0) {
    return reject("no cost figures (cc1 and cc2 total cost % are blank)");
  }
  return {};
}

void
RpwReader::add_row(const std::vector<std::string>& fields, size_t line, ImportedFile& file)
{
  std::vector<std::string_view> views(fields.begin(), fields.end());
  add_row(views, line, file);
}

void
RpwReader::add_row(std::span<const std::string_view> fields, size_t line, ImportedFile& file)
{
  ++file.rows;
  auto parsed = parse(fields, 0, &m_memo);
  if (!parsed) {
    file.rejected.push_back({line, fmt::format("{}:{}: {}", m_source_name, line, parsed.error().message)});
    return;
  }
  const RpwRow& row = *parsed;
  const corridors::CorridorKey corridor{row.sender, row.receiver};
  const corridors::Service service = row.service();
  const std::string service_key = service.key();
  const std::string id(row.id);
  const std::string base_key = fmt::format("{}|{}|{}|{}",
                                           service_key,
                                           util::fold_label(row.access_point),
                                           util::fold_label(row.sending_location),
                                           id.empty() ? fmt::format("line{}", line) : id);
  for (const auto& [a, standard, name] :
       {std::tuple{&row.amounts[0], 200, "cc1"}, std::tuple{&row.amounts[1], 500, "cc2"}}) {
    if (!a->present) {
      continue;
    }
    ImportedQuote imported;
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
      imported.flag_reason = fmt::format(
        "{} total cost {} differs from fee % {:.4f} + FX margin {} by {:.4f} pp",
        name, a->total_pct, fee_pct, *imported.reported_fx_margin_pct, difference);
    }
    disambiguate(imported);
    file.quotes.push_back(std::move(imported));
  }
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

namespace {

constexpr size_t k_batch = 4096;

// Hands a full batch to the sink.
util::Expected<void>
flush(ImportedFile& file, const QuoteSink& sink, bool force)
{
  if (!sink || (!force && file.quotes.size() < k_batch)) {
    return {};
  }
  auto ok = sink(file.quotes);
  file.quotes.clear();
  return ok;
}

} // namespace

util::Expected<ImportedFile>
read_rpw_xlsx(const std::filesystem::path& path, const corridors::Catalogue& catalogue, const QuoteSink& sink)
{
  auto sheets = xlsx_sheet_names(path);
  if (!sheets) {
    return std::unexpected(sheets.error());
  }
  ImportedFile file;
  size_t read = 0;
  for (const auto& sheet : *sheets) {
    if (!sheet.starts_with("Dataset")) {
      continue; // notes, definitions
    }
    ++read;
    const std::string source_name = fmt::format("{}[{}]", path.string(), sheet);
    std::optional<RpwReader> rpw;
    auto ok = read_xlsx_sheet(path, sheet, [&](size_t row, const std::vector<std::string>& cells) -> util::Expected<bool> {
      if (!rpw) {
        auto created = RpwReader::create(cells, source_name, catalogue);
        if (!created) {
          return std::unexpected(created.error());
        }
        rpw.emplace(std::move(*created));
        return true;
      }
      if (std::ranges::all_of(cells, [](const std::string& c) { return util::trim(c).empty(); })) {
        return true;
      }
      std::vector<std::string> padded = cells;
      padded.resize(std::max(padded.size(), rpw->width()));
      rpw->add_row(padded, row, file);
      if (auto flushed = flush(file, sink, false); !flushed) {
        return std::unexpected(flushed.error());
      }
      return true;
    });
    if (!ok) {
      return std::unexpected(ok.error());
    }
  }
  if (read == 0) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not the RPW workbook: no sheet named 'Dataset …' (sheets: {})",
                                        path.string(), fmt::join(*sheets, ", ")));
  }
  if (auto flushed = flush(file, sink, true); !flushed) {
    return std::unexpected(flushed.error());
  }
  return file;
}

util::Expected<ImportedFile>
read_rpw_csv(std::string_view text,
             const std::string& source_name,
             const corridors::Catalogue& catalogue,
             const QuoteSink& sink)
{
  if (text.find('\0') != std::string_view::npos) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not an RPW dataset CSV: binary content", source_name));
  }
  util::CsvReader reader(text, source_name);
  std::vector<std::string> fields;
  auto names = reader.header("an RPW dataset CSV");
  if (!names) {
    return std::unexpected(names.error());
  }
  fields = std::move(*names);
  auto rpw = RpwReader::create(fields, source_name, catalogue);
  if (!rpw) {
    return std::unexpected(rpw.error());
  }
  ImportedFile file;
  std::vector<std::string_view> views;
  while (true) {
    auto more = reader.next(views);
    if (!more) {
      return std::unexpected(more.error()); // a broken quote: refuse the file
    }
    if (!*more) {
      break;
    }
    if (views.size() == 1 && util::trim(views[0]).empty()) {
      continue;
    }
    rpw->add_row(views, reader.line(), file);
    if (auto flushed = flush(file, sink, false); !flushed) {
      return std::unexpected(flushed.error());
    }
  }
  if (auto flushed = flush(file, sink, true); !flushed) {
    return std::unexpected(flushed.error());
  }
  return file;
}

} // namespace rw::readers
