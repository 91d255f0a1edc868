// rw_generate: a seeded, synthetic RPW dataset in the World Bank's CSV export layout ("from
// Q2 2016", 39 columns), for the benchmarks (bench/run) and their pandas / sqlite3 peers.
//
// How the distributions were chosen (figures from docs/methodology.md, "Figures the World Bank
// published", and the RPW quarterly reports they cite):
// - Firm types: 35 % banks, 50 % money transfer operators, 5 % each post offices, mobile
//   operators and "Non-Bank FI".
// - Total cost at USD 200 by channel, at the 2016Q2 level: banks ~11.2 % (published 11.18 in
//   2017Q1, 10.66 in 2021Q1, 11.48 in 2023Q3), MTOs ~5.5 %, post offices ~7 % (7.2 in 2011Q3),
//   mobile operators ~3.7 %, Non-Bank FI ~5 %. With that mix the service-level global average
//   comes out at ~7.45 % (published 7.60 in 2016Q2, 7.45 in 2017Q1): with 35 % banks at 11 %
//   a 2016 global average of 6.4 % is out of reach. Costs then fall by 0.7 % a quarter
//   (7.60 in 2016Q2 to 6.18 in 2023Q3 is -0.71 % a quarter), so 2021 quarters give ~6.5 %
//   (published 6.38 in 2021Q1).
// - Each cost is a fee % and an FX margin %, both lognormal per service (mean fee + mean
//   margin: banks 7.0 + 4.2, fee-heavy; MTOs 3.55 + 2.15; post offices 4.5 + 2.5; mobile 2.5 +
//   1.3; Non-Bank FI 3.1 + 2.0); 8 % of MTO, 10 % of mobile and 5 % of Non-Bank FI services
//   charge no fee and take 1.6 times the margin.
// - A corridor multiplier: the receiving region's level relative to the global average in
//   2011Q3, the only quarter the methodology lists by region (SSA 12.41, SA 6.15, LAC 7.68,
//   MENA 8.15, EAP 9.80, ECA 8.68 against 9.30; high-income and North American receivers 1),
//   times a lognormal corridor effect (sigma 0.3), slightly cheaper where there are more
//   services (competition); normalised so that the service-weighted mean multiplier is 1.
// - Services per corridor: a lognormal weight per corridor (sigma 0.7), larger for the
//   corridors with a known flow in corridors.csv; at least one service per corridor and
//   quarter when there are rows enough. A corridor keeps the same services from quarter to
//   quarter (a panel, as RPW surveys them), with a small quarterly change in cost. RPW
//   corridors have tens of services; a benchmark of millions of rows gives them thousands, so
//   SmaRT (the mean of the three cheapest) comes out far below RPW's.
// - Speed: mostly within the hour for MTOs and mobile operators, 2 to 5 days for banks.
//   Transparent: 97 % (RPW marks a few percent of services non-transparent; their rates are
//   written as 1 and their margin as 0, as RPW does).
// - USD 500 (cc2): the same margin or a little less, a fee 1.3 to 2.5 times the USD 200 fee.
// - Amounts are USD 200 and 500 at a made-up, fixed rate of the sending currency, rounded to
//   three significant figures; the fee is in that currency, the margin has two decimals and
//   the total is fee / amount x 100 + margin of the printed figures, rounded to 0.01 pp, so a
//   row is consistent to 0.005 pp (remitwatch's import flags rows off by more than 0.01 pp).
//
// Reproducibility: the same arguments give the same bytes on any machine. std::mt19937_64 is
// specified bit for bit by the standard, but std:: distributions are not, so the transforms
// are our own and use only exactly rounded IEEE operations: uniforms from the top 53 bits,
// normals as the Irwin-Hall sum of twelve 16-bit uniforms (mean 0, variance 1, bounded by
// +-6, which suits costs), exp by range reduction and a fixed polynomial (ISO C++ mode, so
// GCC does not fuse multiply-adds). Numbers are printed from integers (cents, hundredths of a
// percentage point, rates scaled to 7 significant digits), never through the locale.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers

std::uint64_t
splitmix64(std::uint64_t x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// exp(x) from basic operations only: x = k ln 2 + r, |r| <= ln 2 / 2, the degree-13 Taylor
// polynomial of exp(r) (relative error below 1e-15) by Horner's rule, then an exact scaling
// by 2^k.
double
det_exp(double x)
{
  static constexpr std::array<double, 14> k_inverse_factorials = [] {
    std::array<double, 14> c{};
    double f = 1.0;
    for (size_t n = 0; n < c.size(); ++n) {
      f *= n == 0 ? 1.0 : static_cast<double>(n);
      c[n] = 1.0 / f;
    }
    return c;
  }();
  constexpr double k_ln2_hi = 0x1.62e42fefa3800p-1;
  constexpr double k_ln2_lo = 0x1.ef35793c76730p-45;
  constexpr double k_inv_ln2 = 0x1.71547652b82fep0;
  const double k = std::floor(x * k_inv_ln2 + 0.5);
  const double r = (x - k * k_ln2_hi) - k * k_ln2_lo;
  double p = k_inverse_factorials[13];
  for (size_t n = 13; n-- > 0;) {
    p = p * r + k_inverse_factorials[n];
  }
  return std::ldexp(p, static_cast<int>(k));
}

class Random
{
public:
  explicit Random(std::uint64_t seed)
    : m_engine(splitmix64(seed))
  {}

  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }

  // An index in [0, n).
  size_t below(size_t n)
  {
    const auto i = static_cast<size_t>(uniform() * static_cast<double>(n));
    return std::min(i, n - 1);
  }

  double between(double low, double high) { return low + (high - low) * uniform(); }

  // Standard normal, Irwin-Hall: the sum of twelve uniforms minus 6. The uniforms are
  // (v + 0.5) / 65536 for 16-bit v, so the sum is one exact integer sum and one division.
  double normal()
  {
    std::uint64_t sum = 0;
    for (int draw = 0; draw < 3; ++draw) {
      const std::uint64_t bits = m_engine();
      sum += (bits & 0xffffU) + ((bits >> 16) & 0xffffU) + ((bits >> 32) & 0xffffU) + (bits >> 48);
    }
    return (static_cast<double>(sum) + 6.0) / 65536.0 - 6.0;
  }

  // Lognormal with the given mean (approximately: exp(sigma Z - sigma^2 / 2) has mean 1 for a
  // true normal Z) and log-scale sigma.
  double lognormal(double mean, double sigma)
  {
    return mean * det_exp(sigma * normal() - sigma * sigma / 2.0);
  }

  // An index drawn with the given cumulative shares (the last one is taken as 1).
  template <size_t N>
  size_t pick(const std::array<double, N>& cumulative)
  {
    const double u = uniform();
    for (size_t i = 0; i + 1 < N; ++i) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return N - 1;
  }

private:
  std::mt19937_64 m_engine;
};

// Independent streams: one for the corridor weights, one per corridor for its services, one
// per corridor and quarter for that quarter's changes.
std::uint64_t
stream_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0)
{
  return splitmix64(splitmix64(splitmix64(seed) ^ a) ^ b);
}

// ---------------------------------------------------------------------------------------------
// Output: one large buffer, written in chunks.

class Output
{
public:
  explicit Output(std::FILE* file)
    : m_file(file)
    , m_buffer(new char[k_chunk + k_row_limit])
    , m_end(m_buffer.get())
  {}

  void text(std::string_view s)
  {
    std::memcpy(m_end, s.data(), s.size());
    m_end += s.size();
  }
  void comma() { *m_end++ = ','; }
  void field(std::string_view s)
  {
    text(s);
    comma();
  }
  void integer(std::uint64_t value)
  {
    const fmt::format_int f(value);
    text({f.data(), f.size()});
  }

  // value / 10^decimals, with trailing zeros dropped but at least one decimal ("8.36", "3.0",
  // "295000.0"), as the World Bank's export prints its numbers.
  void fixed(std::int64_t value, int decimals)
  {
    if (value < 0) {
      *m_end++ = '-';
      value = -value;
    }
    std::uint64_t scale = 1;
    for (int i = 0; i < decimals; ++i) {
      scale *= 10;
    }
    const auto v = static_cast<std::uint64_t>(value);
    integer(v / scale);
    *m_end++ = '.';
    if (decimals == 0) {
      *m_end++ = '0';
      return;
    }
    std::uint64_t fraction = v % scale;
    int digits = decimals;
    while (digits > 1 && fraction % 10 == 0) {
      fraction /= 10;
      --digits;
    }
    for (int i = digits - 1; i >= 0; --i) {
      m_end[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    m_end += digits;
  }

  // A positive number with 7 significant digits (exchange rates).
  void significant(double value)
  {
    int exponent = 0; // of the leading digit
    double power = 1.0;
    while (value >= power * 10.0 && exponent < 18) {
      power *= 10.0;
      ++exponent;
    }
    while (value < power && exponent > -9) {
      power /= 10.0;
      --exponent;
    }
    const int decimals = std::max(0, 6 - exponent);
    double scale = 1.0;
    for (int i = 0; i < decimals; ++i) {
      scale *= 10.0;
    }
    fixed(static_cast<std::int64_t>(std::floor(value * scale + 0.5)), decimals);
  }

  // Rows are far shorter than k_row_limit, so a row never overruns the buffer.
  void end_row()
  {
    *m_end++ = '\n';
    if (size() >= k_chunk) {
      flush();
    }
  }

  void flush()
  {
    if (size() != 0 && std::fwrite(m_buffer.get(), 1, size(), m_file) != size()) {
      throw std::runtime_error("write failed");
    }
    m_end = m_buffer.get();
  }

private:
  size_t size() const { return static_cast<size_t>(m_end - m_buffer.get()); }

  static constexpr size_t k_chunk = size_t{8} << 20;
  static constexpr size_t k_row_limit = size_t{64} << 10;
  std::FILE* m_file;
  std::unique_ptr<char[]> m_buffer;
  char* m_end;
};

// ---------------------------------------------------------------------------------------------
// The catalogue (corridors/data)

// RFC 4180 records: quoted fields, doubled quotes, CRLF; a byte order mark, blank lines and
// lines starting with '#' are skipped.
std::vector<std::vector<std::string>>
read_csv(const std::string& path)
{
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw std::runtime_error(fmt::format("cannot open {}", path));
  }
  std::string text;
  char chunk[65536];
  size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) {
    text.append(chunk, n);
  }
  std::fclose(file);
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.erase(0, 3);
  }
  std::vector<std::vector<std::string>> records;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n' || text[i] == '\r' || text[i] == '#') {
      i = text.find('\n', i);
      i = i == std::string::npos ? text.size() : i + 1;
      continue;
    }
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.push_back(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        record.push_back(std::move(field));
        field.clear();
      } else if (c == '\n') {
        ++i;
        break;
      } else if (c != '\r') {
        field.push_back(c);
      }
    }
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

size_t
column(const std::vector<std::string>& header, std::string_view name, const std::string& path)
{
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    throw std::runtime_error(fmt::format("{}: no column '{}'", path, name));
  }
  return static_cast<size_t>(it - header.begin());
}

std::string
csv_field(std::string_view text)
{
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') {
      quoted.push_back('"');
    }
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

struct Country
{
  std::string iso3;
  std::string name;
  std::string currency;
  std::string region;
  std::string income;
  bool g20 = false;
};

struct Corridor
{
  size_t sender = 0;
  size_t receiver = 0;
  double flow_usd = 0; // 0: unknown
};

struct Catalogue
{
  std::vector<Country> countries;
  std::vector<Corridor> corridors;
};

Catalogue
load_catalogue(const std::string& dir)
{
  Catalogue catalogue;
  std::unordered_map<std::string, size_t> index;
  {
    const std::string path = dir + "/countries.csv";
    const auto records = read_csv(path);
    if (records.empty()) {
      throw std::runtime_error(fmt::format("{} is empty", path));
    }
    const auto& h = records.front();
    const size_t iso3 = column(h, "iso3", path), name = column(h, "name", path),
                 currency = column(h, "currency", path), region = column(h, "region", path),
                 income = column(h, "income_group", path), g20 = column(h, "g20", path);
    for (size_t r = 1; r < records.size(); ++r) {
      const auto& f = records[r];
      if (f.size() != h.size()) {
        throw std::runtime_error(fmt::format("{}: record {} has {} fields", path, r + 1, f.size()));
      }
      index[f[iso3]] = catalogue.countries.size();
      catalogue.countries.push_back(
        {f[iso3], f[name], f[currency], f[region], f[income], f[g20] == "yes"});
    }
  }
  const std::string path = dir + "/corridors.csv";
  const auto records = read_csv(path);
  if (records.empty()) {
    throw std::runtime_error(fmt::format("{} is empty", path));
  }
  const auto& h = records.front();
  const size_t sender = column(h, "sender", path), receiver = column(h, "receiver", path),
               flow = column(h, "flow_usd", path);
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r];
    if (f.size() != h.size()) {
      throw std::runtime_error(fmt::format("{}: record {} has {} fields", path, r + 1, f.size()));
    }
    const auto s = index.find(f[sender]);
    const auto d = index.find(f[receiver]);
    if (s == index.end() || d == index.end()) {
      throw std::runtime_error(
        fmt::format("{}: corridor {}-{} has an unknown country", path, f[sender], f[receiver]));
    }
    Corridor corridor{s->second, d->second, 0};
    if (!f[flow].empty()) {
      corridor.flow_usd = std::strtod(f[flow].c_str(), nullptr);
    }
    catalogue.corridors.push_back(corridor);
  }
  return catalogue;
}

std::string_view
region_name(std::string_view code)
{
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_names{{
    {"eap", "East Asia & Pacific"},
    {"eca", "Europe & Central Asia"},
    {"lac", "Latin America & Caribbean"},
    {"mena", "Middle East & North Africa"},
    {"na", "North America"},
    {"sa", "South Asia"},
    {"ssa", "Sub-Saharan Africa"},
  }};
  for (const auto& [c, name] : k_names) {
    if (c == code) {
      return name;
    }
  }
  return "..";
}

// The receiving region's cost level against the global average, RPW 2011Q3.
double
region_level(const Country& receiver)
{
  if (receiver.income == "high") {
    return 1.0;
  }
  static constexpr std::array<std::pair<std::string_view, double>, 6> k_levels{{
    {"ssa", 12.41 / 9.30},
    {"sa", 6.15 / 9.30},
    {"lac", 7.68 / 9.30},
    {"mena", 8.15 / 9.30},
    {"eap", 9.80 / 9.30},
    {"eca", 8.68 / 9.30},
  }};
  for (const auto& [code, level] : k_levels) {
    if (code == receiver.region) {
      return level;
    }
  }
  return 1.0;
}

// The World Bank's columns for one country: region, income, lending, G8/G20.
std::string
country_columns(const Country& c)
{
  std::string_view income = "..", lending = "..";
  if (c.income == "high") {
    income = "High income";
  } else if (c.income == "upper_middle") {
    income = "Upper middle income";
    lending = "IBRD";
  } else if (c.income == "lower_middle") {
    income = "Lower middle income";
    lending = "Blend";
  } else if (c.income == "low") {
    income = "Low income";
    lending = "IDA";
  }
  static constexpr std::array<std::string_view, 8> k_g8{"CAN", "DEU", "FRA", "GBR",
                                                       "ITA", "JPN", "RUS", "USA"};
  std::string_view group = "..";
  if (std::find(k_g8.begin(), k_g8.end(), c.iso3) != k_g8.end()) {
    group = "G8";
  } else if (c.g20) {
    group = "G20";
  }
  return fmt::format("{},{},{},{},{},{}", c.iso3, csv_field(c.name), region_name(c.region), income,
                     lending, group);
}

// Units of the currency per US dollar: round figures of the 2016-2017 order of magnitude for
// the common currencies, a value derived from the code's letters for the others (0.4 to
// 16,000). Made up: only their consistency matters.
double
usd_rate(std::string_view currency)
{
  static constexpr std::array<std::pair<std::string_view, double>, 48> k_rates{{
    {"USD", 1.0},    {"EUR", 0.9},   {"GBP", 0.78},  {"JPY", 110.0},  {"CHF", 0.97},
    {"CAD", 1.32},   {"AUD", 1.38},  {"NZD", 1.45},  {"SAR", 3.75},   {"AED", 3.67},
    {"QAR", 3.64},   {"KWD", 0.302}, {"BHD", 0.376}, {"OMR", 0.385},  {"SGD", 1.36},
    {"XOF", 590.0},  {"XAF", 590.0}, {"MXN", 18.5},  {"INR", 67.0},   {"PHP", 50.5},
    {"CNY", 6.7},    {"PKR", 105.0}, {"BDT", 80.0},  {"VND", 22700.0}, {"NGN", 360.0},
    {"KES", 101.0},  {"EGP", 17.8},  {"GTQ", 7.5},   {"DOP", 46.0},   {"COP", 2950.0},
    {"IDR", 13300.0}, {"LKR", 150.0}, {"NPR", 107.0}, {"MAD", 9.6},   {"TZS", 2200.0},
    {"UGX", 3550.0}, {"GHS", 4.3},   {"HTG", 63.0},  {"JMD", 128.0},  {"BRL", 3.3},
    {"TRY", 3.6},    {"UAH", 26.0},  {"RUB", 64.0},  {"ZAR", 14.0},   {"THB", 34.0},
    {"MYR", 4.1},    {"KRW", 1130.0}, {"HNL", 23.0},
  }};
  for (const auto& [code, rate] : k_rates) {
    if (code == currency) {
      return rate;
    }
  }
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : currency) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  const double exponent = -0.4 + 4.6 * static_cast<double>(splitmix64(h) >> 11) * 0x1.0p-53;
  const double rate = det_exp(exponent * 2.302585092994046);
  // Three significant digits.
  double scale = 1.0;
  while (rate * scale < 100.0) {
    scale *= 10.0;
  }
  while (rate * scale >= 1000.0) {
    scale /= 10.0;
  }
  return std::floor(rate * scale + 0.5) / scale;
}

// USD `usd` in the currency, rounded to three significant digits, in cents.
std::int64_t
standard_amount_cents(double usd, double rate)
{
  const double amount = usd * rate;
  double scale = 1.0;
  while (amount * scale < 100.0) {
    scale *= 10.0;
  }
  while (amount * scale >= 1000.0) {
    scale /= 10.0;
  }
  const double rounded = std::floor(amount * scale + 0.5) / scale;
  return static_cast<std::int64_t>(std::floor(rounded * 100.0 + 0.5));
}

// ---------------------------------------------------------------------------------------------
// Services

enum class Type { bank, mto, post, mobile, nbfi };
constexpr size_t k_types = 5;
constexpr std::array<std::string_view, k_types> k_type_labels{
  "Bank", "Money Transfer Operator", "Post office", "Mobile operator", "Non-Bank FI"};
constexpr std::array<double, k_types> k_type_cumulative{0.35, 0.85, 0.90, 0.95, 1.0};

struct TypeProfile
{
  double fee_pct;       // mean fee % at USD 200
  double margin_pct;    // mean FX margin %
  double fee_sigma;     // log-scale spread
  double margin_sigma;
  double no_fee_share;  // services with no fee, which take 1.6 times the margin
  std::array<double, 6> speed_cumulative;
  std::array<double, 5> instrument_cumulative; // cash, bank account, debit card, credit card, wallet
  std::array<double, 4> pickup_cumulative;     // cash, bank account, mobile wallet, home delivery
};

constexpr std::array<TypeProfile, k_types> k_profiles{{
  {7.0, 4.2, 0.55, 0.5, 0.0, {0.05, 0.15, 0.35, 0.60, 0.90, 1.0}, {0.20, 0.85, 0.95, 1.0, 1.0},
   {0.30, 1.0, 1.0, 1.0}},
  {3.55, 2.15, 0.6, 0.5, 0.08, {0.55, 0.75, 0.85, 0.90, 0.97, 1.0}, {0.55, 0.70, 0.90, 1.0, 1.0},
   {0.60, 0.85, 0.95, 1.0}},
  {4.5, 2.5, 0.5, 0.5, 0.0, {0.10, 0.25, 0.45, 0.65, 0.90, 1.0}, {0.85, 1.0, 1.0, 1.0, 1.0},
   {0.80, 1.0, 1.0, 1.0}},
  {2.5, 1.3, 0.6, 0.5, 0.10, {0.85, 0.95, 1.0, 1.0, 1.0, 1.0}, {0.20, 0.20, 0.20, 0.20, 1.0},
   {0.10, 0.10, 1.0, 1.0}},
  {3.1, 2.0, 0.55, 0.5, 0.05, {0.30, 0.55, 0.75, 0.85, 0.95, 1.0}, {0.60, 0.90, 1.0, 1.0, 1.0},
   {0.50, 0.90, 1.0, 1.0}},
}};

constexpr std::array<std::string_view, 6> k_speeds{
  "Less than one hour", "Same day", "Next day", "2 days", "3-5 days", "6 days or more"};
constexpr std::array<std::string_view, 5> k_instruments{"Cash", "Bank account", "Debit card",
                                                        "Credit card", "Mobile wallet"};
constexpr std::array<std::string_view, 5> k_access_points{"Branch", "Branch", "Online", "Online",
                                                          "Mobile application"};
constexpr std::array<std::string_view, 4> k_pickups{"Cash", "Bank account", "Mobile wallet",
                                                    "Home delivery"};
constexpr std::array<std::string_view, 3> k_coverage{"Nationwide", "Major cities", "Main city"};
constexpr std::array<double, 3> k_coverage_cumulative{0.80, 0.95, 1.0};

// Invented provider names: every combination of two word lists, then the same again with a
// number ("Remesa Rapida 17").
struct NamePool
{
  std::vector<std::string_view> first;
  std::vector<std::string_view> second;
  std::string_view suffix;
  size_t size;
};

std::vector<std::vector<std::string>>
make_firm_names()
{
  const std::array<NamePool, k_types> pools{{
    {{"Atlas", "Meridian", "Crescent", "Harbour", "Summit", "Cedar", "Baobab", "Andes", "Lotus",
      "Savanna", "Northgate", "Riverstone", "Kilima", "Nilo", "Orinoco", "Acacia", "Granite",
      "Monsoon", "Tamarind", "Highland"},
     {"Commercial", "Savings", "National", "Cooperative", "Trust", "Merchant", "Community",
      "Citizens", "Continental", "Federal"},
     " Bank",
     600},
    {{"Remesa", "Envia", "Dhow", "Caravan", "Sahel", "Kuri", "Zuri", "Amana", "Baraka", "Orbit",
      "Globo", "Mundo", "Polar", "Nomad", "Zephyr", "Kestrel", "Condor", "Quetzal", "Monarca",
      "Albatros"},
     {"Express", "Transfer", "Money", "Remit", "Rapida", "Send", "Link", "Direct", "Giro", "Flux"},
     "",
     800},
    {{"Posta", "Correo", "Poste", "Postal"},
     {"Nova", "Central", "Unida", "Nacional", "Rural", "Federal", "Regional", "Popular"},
     "",
     60},
    {{"Mobi", "Celu", "Simu", "Airo", "Telko", "Voza", "Linka", "Movi", "Ondas", "Redi"},
     {"Money", "Cash", "Wallet", "Pay", "Pesa"},
     "",
     80},
    {{"Akiba", "Harambee", "Solidaria", "Kredito", "Unidad", "Progreso", "Mutua", "Sembrar"},
     {"Finance", "Microfinance", "Credit Union", "Cooperative", "Savings Society"},
     "",
     60},
  }};
  std::vector<std::vector<std::string>> names(k_types);
  std::set<std::string> folded_names;
  for (size_t t = 0; t < k_types; ++t) {
    const NamePool& pool = pools[t];
    const size_t combinations = pool.first.size() * pool.second.size();
    for (size_t i = 0; i < pool.size; ++i) {
      const size_t c = i % combinations;
      std::string name = fmt::format("{} {}{}", pool.first[c % pool.first.size()],
                                     pool.second[c / pool.first.size()], pool.suffix);
      if (i >= combinations) {
        name += fmt::format(" {}", i / combinations + 1);
      }
      // The importer compares names by their letters and digits only.
      std::string folded;
      for (const char ch : name) {
        if (std::isalnum(static_cast<unsigned char>(ch)) != 0) {
          folded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        }
      }
      if (!folded_names.insert(folded).second) {
        throw std::logic_error(fmt::format("firm name '{}' is not unique", name));
      }
      names[t].push_back(std::move(name));
    }
  }
  return names;
}

struct Service
{
  size_t type = 0;
  size_t firm = 0;
  size_t instrument = 0;
  size_t pickup = 0;
  size_t speed = 0;
  size_t coverage = 0;
  bool transparent = true;
  double fee_pct = 0;
  double margin_pct = 0;
  double fee500_factor = 1; // fee at USD 500 over fee at USD 200
  double margin500_factor = 1;
};

Service
draw_service(Random& random, const std::vector<std::vector<std::string>>& firms)
{
  Service s;
  s.type = random.pick(k_type_cumulative);
  const TypeProfile& p = k_profiles[s.type];
  // A few large providers everywhere, many small ones: u^2 favours the first names.
  const double u = random.uniform();
  s.firm = std::min(static_cast<size_t>(u * u * static_cast<double>(firms[s.type].size())),
                    firms[s.type].size() - 1);
  s.instrument = random.pick(p.instrument_cumulative);
  s.pickup = random.pick(p.pickup_cumulative);
  s.speed = random.pick(p.speed_cumulative);
  s.coverage = random.pick(k_coverage_cumulative);
  s.transparent = random.uniform() < 0.97;
  const bool no_fee = random.uniform() < p.no_fee_share;
  s.fee_pct = no_fee ? 0.0 : random.lognormal(p.fee_pct, p.fee_sigma);
  s.margin_pct = random.lognormal(p.margin_pct, p.margin_sigma) * (no_fee ? 1.6 : 1.0);
  s.fee500_factor = random.between(1.3, 2.5);
  s.margin500_factor = random.between(0.85, 1.0);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Quarters

struct Quarter
{
  int year = 2016;
  int q = 2;

  int index() const { return year * 4 + q - 1; }
  static Quarter from_index(int i) { return {i / 4, i % 4 + 1}; }
};

bool
parse_quarter(std::string_view text, Quarter& out)
{
  if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q') || text[5] < '1' || text[5] > '4') {
    return false;
  }
  int year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
    year = year * 10 + (text[i] - '0');
  }
  if (year < 1900) {
    return false;
  }
  out = {year, text[5] - '0'};
  return true;
}

// ---------------------------------------------------------------------------------------------
// Rows per corridor and quarter

// `total` rows over the corridors in proportion to `weights`, at least one each when there
// are rows enough; largest remainders, ties to the earlier corridor.
std::vector<std::uint64_t>
allocate(std::uint64_t total, const std::vector<double>& weights)
{
  const size_t n = weights.size();
  std::vector<std::uint64_t> counts(n, 0);
  if (n == 0 || total == 0) {
    return counts;
  }
  std::uint64_t rest = total;
  if (total >= n) {
    std::fill(counts.begin(), counts.end(), 1);
    rest -= n;
  }
  double sum = 0;
  for (const double w : weights) {
    sum += w;
  }
  std::vector<std::pair<double, size_t>> remainders;
  remainders.reserve(n);
  std::uint64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    const double share = static_cast<double>(rest) * weights[i] / sum;
    auto whole = static_cast<std::uint64_t>(std::floor(share));
    whole = std::min(whole, rest - given);
    counts[i] += whole;
    given += whole;
    remainders.emplace_back(share - static_cast<double>(whole), i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; given < rest; k = (k + 1) % n) {
    ++counts[remainders[k].second];
    ++given;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The command line

struct Options
{
  std::uint64_t rows = 0;
  bool rows_given = false;
  int quarters = 1;
  Quarter first{2016, 2};
  std::uint64_t seed = 1;
  std::string catalogue;
  std::string out;
};

constexpr std::string_view k_usage =
  "usage: rw_generate --rows N [--quarters Q] [--first-quarter 2016Q2] [--seed S]\n"
  "                   [--catalogue DIR] [--out FILE]\n"
  "\n"
  "Writes a synthetic dataset in the World Bank RPW CSV export layout (from Q2 2016):\n"
  "N rows in total, spread over Q quarters (default 1) starting at --first-quarter, and over\n"
  "every corridor of DIR/corridors.csv (countries from DIR/countries.csv; default DIR: the\n"
  "catalogue folder of the source tree). The same arguments give the same bytes.\n"
  "\n"
  "  --rows N             total data rows (required)\n"
  "  --quarters Q         number of quarters, default 1\n"
  "  --first-quarter YYYYQn  first quarter, default 2016Q2\n"
  "  --seed S             random seed (unsigned integer), default 1\n"
  "  --catalogue DIR      folder with countries.csv and corridors.csv\n"
  "  --out FILE           output file, default standard output\n"
  "  --help               this text\n";

[[noreturn]] void
usage_error(std::string_view message)
{
  fmt::print(stderr, "rw_generate: {}\n{}", message, k_usage);
  std::exit(2);
}

bool
parse_unsigned(std::string_view text, std::uint64_t& out)
{
  if (text.empty() || text.size() > 19) {
    return false;
  }
  std::uint64_t v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = v;
  return true;
}

Options
parse_options(int argc, char** argv)
{
  Options options;
  // The catalogue next to this source file: bench/../corridors/data.
  std::string_view source = __FILE__;
  const auto slash = source.rfind('/');
  options.catalogue = slash == std::string_view::npos
                        ? std::string("../corridors/data")
                        : std::string(source.substr(0, slash)) + "/../corridors/data";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      fmt::print("{}", k_usage);
      std::exit(0);
    }
    if (i + 1 >= argc) {
      usage_error(fmt::format("{} needs a value or is unknown", arg));
    }
    const std::string_view value = argv[++i];
    std::uint64_t number = 0;
    if (arg == "--rows") {
      if (!parse_unsigned(value, number)) {
        usage_error(fmt::format("--rows '{}' is not a number", value));
      }
      options.rows = number;
      options.rows_given = true;
    } else if (arg == "--quarters") {
      if (!parse_unsigned(value, number) || number < 1 || number > 400) {
        usage_error(fmt::format("--quarters '{}' is not a number from 1 to 400", value));
      }
      options.quarters = static_cast<int>(number);
    } else if (arg == "--first-quarter") {
      if (!parse_quarter(value, options.first)) {
        usage_error(fmt::format("--first-quarter '{}' is not a quarter like 2016Q2", value));
      }
    } else if (arg == "--seed") {
      if (!parse_unsigned(value, number)) {
        usage_error(fmt::format("--seed '{}' is not an unsigned number", value));
      }
      options.seed = number;
    } else if (arg == "--catalogue") {
      options.catalogue = std::string(value);
    } else if (arg == "--out") {
      options.out = std::string(value);
    } else {
      usage_error(fmt::format("unknown option {}", arg));
    }
  }
  if (!options.rows_given) {
    usage_error("--rows is required");
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Generation

constexpr std::string_view k_header =
  "id,period,source_code,source_name,source_region,source_income,source_lending,source_G8G20,"
  "destination_code,destination_name,destination_region,destination_income,destination_lending,"
  "destination_G8G20,firm,firm_type,access point,speed actual,cc1 lcu amount,cc1 denomination "
  "amount,cc1 lcu code,cc1 lcu fee,cc1 lcu fx rate,cc1 fx margin,cc1 total cost %,cc2 lcu amount,"
  "cc2 denomination amount,cc2 lcu code,cc2 lcu fee,cc2 lcu fx rate,cc2 fx margin,cc2 total cost "
  "%,inter lcu bank fx,transparent,receiving network coverage,pickup method,date,corridor,payment "
  "instrument\n";

constexpr std::array<std::string_view, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Everything about a corridor that does not change from row to row.
struct CorridorRows
{
  std::string countries; // the twelve country columns and their commas
  std::string code;      // "TZAKEN"
  std::string currency;
  std::int64_t amount200 = 0; // cents
  std::int64_t amount500 = 0;
  double mid_rate = 1;        // receiving units per sending unit
  double level = 1;           // cost multiplier
};

std::int64_t
round_half_up(double x)
{
  return static_cast<std::int64_t>(std::floor(x + 0.5));
}

struct Quote
{
  std::int64_t fee = 0;    // cents of the sending currency
  std::int64_t margin = 0; // hundredths of a percentage point
  std::int64_t total = 0;
  double rate = 1;
};

// The total is fee % of the printed figures plus the printed margin, rounded to 0.01 pp, so
// each row is consistent to 0.005 pp.
Quote
make_quote(std::int64_t amount, double fee_pct, double margin_pct, double mid_rate,
           bool transparent)
{
  Quote quote;
  quote.fee = round_half_up(fee_pct / 100.0 * static_cast<double>(amount));
  if (transparent) {
    quote.margin = round_half_up(margin_pct * 100.0);
    quote.rate = mid_rate * (1.0 - static_cast<double>(quote.margin) / 10000.0);
  }
  quote.total = round_half_up(static_cast<double>(quote.fee) / static_cast<double>(amount) * 10000.0
                              + static_cast<double>(quote.margin));
  return quote;
}

void
write_quote(Output& out, const CorridorRows& corridor, std::int64_t amount,
            std::string_view denomination, const Quote& quote)
{
  out.fixed(amount, 2);
  out.comma();
  out.field(denomination);
  out.field(corridor.currency);
  out.fixed(quote.fee, 2);
  out.comma();
  out.significant(quote.rate);
  out.comma();
  out.fixed(quote.margin, 2);
  out.comma();
  out.fixed(quote.total, 2);
  out.comma();
}

void
generate(const Options& options, std::FILE* file)
{
  const Catalogue catalogue = load_catalogue(options.catalogue);
  const auto firms = make_firm_names();
  const size_t n_corridors = catalogue.corridors.size();

  // Corridor weights and levels, drawn once.
  Random corridor_random(stream_seed(options.seed, 1));
  std::vector<double> weights(n_corridors);
  std::vector<CorridorRows> corridors(n_corridors);
  for (size_t c = 0; c < n_corridors; ++c) {
    const Corridor& corridor = catalogue.corridors[c];
    const Country& sender = catalogue.countries[corridor.sender];
    const Country& receiver = catalogue.countries[corridor.receiver];
    // Lognormal weights; the corridors with a known flow get more services.
    const double z = corridor_random.normal();
    weights[c] = det_exp(0.7 * z) * (1.0 + corridor.flow_usd / 1e10);
    CorridorRows& rows = corridors[c];
    rows.countries = country_columns(sender) + "," + country_columns(receiver) + ",";
    rows.code = sender.iso3 + receiver.iso3;
    rows.currency = sender.currency;
    const double sender_rate = usd_rate(sender.currency);
    rows.amount200 = standard_amount_cents(200.0, sender_rate);
    rows.amount500 = standard_amount_cents(500.0, sender_rate);
    rows.mid_rate = usd_rate(receiver.currency) / sender_rate;
    // More services, more competition: a corridor with e times the weight is 7 % cheaper.
    rows.level = region_level(receiver) * corridor_random.lognormal(1.0, 0.3) * det_exp(-0.07 * z);
  }

  std::vector<std::vector<std::uint64_t>> counts;
  for (int q = 0; q < options.quarters; ++q) {
    const auto quarters = static_cast<std::uint64_t>(options.quarters);
    const std::uint64_t rows = options.rows / quarters
                               + (static_cast<std::uint64_t>(q) < options.rows % quarters ? 1 : 0);
    counts.push_back(allocate(rows, weights));
  }
  // The service-weighted mean level is 1, so the channel levels above are the averages.
  {
    double weighted = 0, services = 0;
    for (size_t c = 0; c < n_corridors; ++c) {
      weighted += static_cast<double>(counts[0][c]) * corridors[c].level;
      services += static_cast<double>(counts[0][c]);
    }
    if (services > 0 && weighted > 0) {
      for (auto& corridor : corridors) {
        corridor.level *= services / weighted;
      }
    }
  }

  Output out(file);
  out.text(k_header);
  std::uint64_t id = 0;
  // Products seen in the current corridor and quarter, by (provider, instrument, pickup).
  std::array<size_t, k_types> firm_offset{};
  size_t total_firms = 0;
  for (size_t t = 0; t < k_types; ++t) {
    firm_offset[t] = total_firms;
    total_firms += firms[t].size();
  }
  constexpr size_t k_products = k_instruments.size() * k_pickups.size();
  std::vector<std::uint32_t> seen(total_firms * k_products, 0);
  std::vector<size_t> touched;
  for (int q = 0; q < options.quarters; ++q) {
    const Quarter quarter = Quarter::from_index(options.first.index() + q);
    const std::string period = fmt::format("{}_{}Q", quarter.year, quarter.q);
    // Costs fall by 0.7 % a quarter from their 2016Q2 level.
    const double trend = det_exp(-0.007 * (quarter.index() - Quarter{2016, 2}.index()));
    for (size_t c = 0; c < n_corridors; ++c) {
      const std::uint64_t n = counts[static_cast<size_t>(q)][c];
      if (n == 0) {
        continue;
      }
      const CorridorRows& corridor = corridors[c];
      Random services(stream_seed(options.seed, 2, c));
      Random changes(stream_seed(options.seed, 3 + static_cast<std::uint64_t>(quarter.index()), c));
      // One collection date per corridor and quarter.
      const size_t month = static_cast<size_t>(quarter.q - 1) * 3 + changes.below(3);
      const std::string date =
        fmt::format("{:02}/{}/{}", 1 + changes.below(28), k_months[month], quarter.year);
      for (const size_t k : touched) {
        seen[k] = 0;
      }
      touched.clear();
      for (std::uint64_t i = 0; i < n; ++i) {
        const Service s = draw_service(services, firms);
        const double fee_change = changes.lognormal(1.0, 0.08);
        const double margin_change = changes.lognormal(1.0, 0.1);
        const double level = corridor.level * trend;
        const double fee_pct = s.fee_pct * level * fee_change;
        const double margin_pct = s.margin_pct * level * margin_change;
        const Quote cc1 =
          make_quote(corridor.amount200, fee_pct, margin_pct, corridor.mid_rate, s.transparent);
        const Quote cc2 = make_quote(corridor.amount500,
                                     fee_pct * s.fee500_factor * static_cast<double>(corridor.amount200)
                                       / static_cast<double>(corridor.amount500),
                                     margin_pct * s.margin500_factor, corridor.mid_rate,
                                     s.transparent);
        // Provider, instrument and receiving method tell services apart; a repeated
        // combination is another product of the same provider ("Cash 2").
        const size_t key = (firm_offset[s.type] + s.firm) * k_products
                           + s.instrument * k_pickups.size() + s.pickup;
        const std::uint32_t variant = ++seen[key];
        if (variant == 1) {
          touched.push_back(key);
        }

        out.integer(++id);
        out.comma();
        out.field(period);
        out.text(corridor.countries);
        out.field(firms[s.type][s.firm]);
        out.field(k_type_labels[s.type]);
        out.field(k_access_points[s.instrument]);
        out.field(k_speeds[s.speed]);
        write_quote(out, corridor, corridor.amount200, "200.0", cc1);
        write_quote(out, corridor, corridor.amount500, "500.0", cc2);
        out.significant(s.transparent ? corridor.mid_rate : 1.0);
        out.comma();
        out.field(s.transparent ? "yes" : "no");
        out.field(k_coverage[s.coverage]);
        out.field(k_pickups[s.pickup]);
        out.field(date);
        out.field(corridor.code);
        out.text(k_instruments[s.instrument]);
        if (variant > 1) {
          out.text(" ");
          out.integer(variant);
        }
        out.end_row();
      }
    }
  }
  out.flush();
}

} // namespace

int
main(int argc, char** argv)
{
  const Options options = parse_options(argc, argv);
  std::FILE* file = stdout;
  if (!options.out.empty()) {
    file = std::fopen(options.out.c_str(), "wb");
    if (file == nullptr) {
      fmt::print(stderr, "rw_generate: cannot write {}\n", options.out);
      return 1;
    }
  }
  try {
    generate(options, file);
  } catch (const std::exception& e) {
    fmt::print(stderr, "rw_generate: {}\n", e.what());
    if (file != stdout) {
      std::fclose(file);
    }
    return 1;
  }
  if (std::fflush(file) != 0 || (file != stdout && std::fclose(file) != 0)) {
    fmt::print(stderr, "rw_generate: writing {} failed\n",
               options.out.empty() ? "standard output" : options.out);
    return 1;
  }
  return 0;
}
