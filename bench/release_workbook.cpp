// rw_release_workbook: an RPW dataset CSV (bench/rw_generate's) rewritten as
// a workbook shaped like the World Bank's release (issue #20), to measure
// `import rpw` of a release-sized workbook (docs/performance.md, "A release
// workbook"):
//   - the sheets `Terms of Use`, `Methodology` (empty), `Legend`, `Countries`
//     (a title on row 1, its header on row 2), `Dataset (up to Q1 2016)` and
//     `Dataset (from Q2 2016)`;
//   - the legacy sheet under the older names (upper case, `PICK-UP METHOD`
//     across a line break, `product` for the payment instrument, `coverage`);
//   - the newest quarter's rows with five unlabelled cells past the header;
//   - collection dates as Excel serial days, figures as numbers.
// The rows are the CSV's, in its order; every one lands in exactly one sheet.
//
// usage: rw_release_workbook IN.csv OUT.xlsx

#include "reports/xlsx_writer.hpp"
#include "util/csv.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using rw::reports::XlsxWriter;

constexpr std::string_view k_legacy_sheet = "Dataset (up to Q1 2016)";
constexpr std::string_view k_current_sheet = "Dataset (from Q2 2016)";

[[noreturn]] void
fail(const std::string& message)
{
  std::fprintf(stderr, "rw_release_workbook: error: %s\n", message.c_str());
  std::exit(1);
}

// "2011_1Q" → 20111, for ordering quarters.
int
quarter_number(std::string_view period)
{
  if (period.size() != 7 || period[4] != '_' || period[6] != 'Q') {
    fail(fmt::format("period '{}' is not YYYY_nQ", period));
  }
  const auto year = rw::util::parse_integer(period.substr(0, 4));
  if (!year) {
    fail(fmt::format("period '{}' is not YYYY_nQ", period));
  }
  return static_cast<int>(*year) * 10 + (period[5] - '0');
}

// "06/Sep/2011" → Excel's serial day (days after 1899-12-30).
std::optional<double>
excel_day(std::string_view date)
{
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (date.size() != 11 || date[2] != '/' || date[6] != '/') {
    return std::nullopt;
  }
  const auto day = rw::util::parse_integer(date.substr(0, 2));
  const auto year = rw::util::parse_integer(date.substr(7, 4));
  const auto month = std::ranges::find(months, date.substr(3, 3));
  if (!day || !year || month == months.end()) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year(static_cast<int>(*year)),
                           std::chrono::month(static_cast<unsigned>(month - months.begin() + 1)),
                           std::chrono::day(static_cast<unsigned>(*day))};
  const auto epoch = sys_days(1899y / December / 30);
  return static_cast<double>((sys_days(ymd) - epoch).count());
}

// The legacy sheet's name for a column of the current one.
std::string
legacy_name(const std::string& name)
{
  if (name == "pickup method") {
    return "PICK-UP\n METHOD";
  }
  if (name == "payment instrument") {
    return "product";
  }
  if (name == "receiving network coverage") {
    return "coverage";
  }
  return rw::util::to_upper(name);
}

struct Input
{
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  size_t period = 0;
  size_t date = 0;
  int newest = 0;
};

Input
read_input(const std::string& path)
{
  auto text = rw::util::read_text_file(path);
  if (!text) {
    fail(text.error().message);
  }
  rw::util::CsvReader csv(*text, path);
  auto header = csv.header("an RPW dataset CSV");
  if (!header) {
    fail(header.error().message);
  }
  Input in{.header = std::move(*header), .rows = {}};
  auto column = [&](std::string_view name) {
    const auto it = std::ranges::find(in.header, name);
    if (it == in.header.end()) {
      fail(fmt::format("{}: no column '{}'", path, name));
    }
    return static_cast<size_t>(it - in.header.begin());
  };
  in.period = column("period");
  in.date = column("date");
  std::vector<std::string> fields;
  while (true) {
    auto more = csv.next(fields);
    if (!more) {
      fail(more.error().message);
    }
    if (!*more) {
      break;
    }
    in.newest = std::max(in.newest, quarter_number(fields.at(in.period)));
    in.rows.push_back(fields);
  }
  return in;
}

void
write_cell(XlsxWriter& book, size_t row, size_t column, const std::string& text, bool is_date)
{
  if (text.empty()) {
    return;
  }
  if (is_date) {
    if (const auto day = excel_day(text)) {
      book.write(row, column, *day);
      return;
    }
  }
  if (const auto number = rw::util::parse_double(text)) {
    book.write(row, column, *number);
  } else {
    book.write(row, column, text);
  }
}

// One dataset sheet: the header (legacy names or not), then the rows whose
// quarter is on its side of 2016Q2, the newest quarter's with trailing cells.
size_t
write_dataset(XlsxWriter& book, const Input& in, bool legacy)
{
  if (auto ok = book.add_sheet(legacy ? k_legacy_sheet : k_current_sheet); !ok) {
    fail(ok.error().message);
  }
  for (size_t c = 0; c < in.header.size(); ++c) {
    book.write(0, c, legacy ? legacy_name(in.header[c]) : in.header[c]);
  }
  size_t row = 1;
  for (const auto& fields : in.rows) {
    const int quarter = quarter_number(fields[in.period]);
    if ((quarter < 20162) != legacy) {
      continue;
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      write_cell(book, row, c, fields[c], c == in.date);
    }
    if (quarter == in.newest) {
      // As in the release's newest quarter: a year, a key, three more cells.
      const size_t past = in.header.size();
      book.write(row, past, static_cast<double>(quarter / 10));
      book.write(row, past + 1, fmt::format("AGO{}", quarter / 10));
      book.write(row, past + 2, "x");
      book.write(row, past + 3, 1.0);
      book.write(row, past + 4, "y");
    }
    ++row;
  }
  return row - 1;
}

void
write_front_sheets(XlsxWriter& book, const Input& in)
{
  auto sheet = [&](std::string_view name) {
    if (auto ok = book.add_sheet(name); !ok) {
      fail(ok.error().message);
    }
  };
  sheet("Terms of Use");
  book.write(0, 0, "Invented data written by bench/rw_release_workbook, shaped like the release.");
  sheet("Methodology");
  sheet("Legend");
  book.write(0, 0, "cc1");
  book.write(0, 1, "USD 200");
  book.write(1, 0, "cc2");
  book.write(1, 1, "USD 500");
  sheet("Countries");
  book.write(0, 0, "Countries of the dataset");
  book.write(1, 0, "Country code");
  book.write(1, 1, "Country name");
  const auto code = std::ranges::find(in.header, "source_code") - in.header.begin();
  const auto name = std::ranges::find(in.header, "source_name") - in.header.begin();
  std::map<std::string, std::string> countries;
  if (static_cast<size_t>(code) < in.header.size() && static_cast<size_t>(name) < in.header.size()) {
    for (const auto& fields : in.rows) {
      countries.try_emplace(fields[static_cast<size_t>(code)], fields[static_cast<size_t>(name)]);
    }
  }
  size_t row = 2;
  for (const auto& [iso3, country] : countries) {
    book.write(row, 0, iso3);
    book.write(row, 1, country);
    ++row;
  }
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::puts("usage: rw_release_workbook IN.csv OUT.xlsx\n"
              "An RPW dataset CSV (bench/rw_generate's) as a workbook shaped like the World Bank's release:\n"
              "six sheets, the rows before 2016Q2 on the legacy sheet under the older column names, the\n"
              "newest quarter's rows with five unlabelled trailing cells, dates as Excel serial days.");
    return 0;
  }
  if (argc != 3) {
    fail("usage: rw_release_workbook IN.csv OUT.xlsx (--help for more)");
  }
  const Input in = read_input(argv[1]);
  // Not constant_memory: that mode writes strings inline, and the release (as
  // Excel saves it) keeps them in the shared-strings table the reader holds.
  auto book = XlsxWriter::create(argv[2], {.constant_memory = false});
  if (!book) {
    fail(book.error().message);
  }
  write_front_sheets(*book, in);
  const size_t legacy = write_dataset(*book, in, true);
  const size_t current = write_dataset(*book, in, false);
  if (auto ok = book->finish(); !ok) {
    fail(ok.error().message);
  }
  std::fprintf(stderr, "rw_release_workbook: %zu rows on '%s', %zu on '%s'\n", legacy, k_legacy_sheet.data(), current,
               k_current_sheet.data());
  return 0;
}
