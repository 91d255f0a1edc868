#pragma once

// A workbook in the structure of the World Bank's RPW release (issue #20),
// with invented values: written by tests/unit/test_collector_rpw.cpp for its
// test server, and by tests/golden/write_release_fixtures.cpp for the golden
// cases of `import rpw` and `db releases`.

#include "tests/unit/xlsx_workbook.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rw::test {

// The "Dataset (from Q2 2016)" sheet's 42 names: those of the World Bank's
// CSV export (tests/realdata's rpw file) without its id, and four more the
// importer does not read.
inline const std::vector<std::string> k_header_2016 = {
  "period", "source_code", "source_name", "source_region", "source_income", "source_lending", "source_G8G20",
  "destination_code", "destination_name", "destination_region", "destination_income", "destination_lending",
  "destination_G8G20", "firm", "firm_type", "access point", "speed actual", "cc1 lcu amount",
  "cc1 denomination amount", "cc1 lcu code", "cc1 lcu fee", "cc1 lcu fx rate", "cc1 fx margin", "cc1 total cost %",
  "cc2 lcu amount", "cc2 denomination amount", "cc2 lcu code", "cc2 lcu fee", "cc2 lcu fx rate", "cc2 fx margin",
  "cc2 total cost %", "inter lcu bank fx", "transparent", "receiving network coverage", "pickup method", "date",
  "corridor", "payment instrument", "Standard Note", "smart remit", "firm_id", "year"};

// "Dataset (up to Q1 2016)": the legacy names (product, sending location,
// pick-up method, coverage, NOTE1) and small integer ids; 41 columns.
inline const std::vector<std::string> k_header_2011 = {
  "id", "period", "source_code", "source_name", "source_region", "source_income", "source_lending", "source_G8G20",
  "destination_code", "destination_name", "destination_region", "destination_income", "destination_lending",
  "destination_G8G20", "firm", "firm_type", "access point", "speed actual", "cc1 lcu amount",
  "cc1 denomination amount", "cc1 lcu code", "cc1 lcu fee", "cc1 lcu fx rate", "cc1 fx margin", "cc1 total cost %",
  "cc2 lcu amount", "cc2 denomination amount", "cc2 lcu code", "cc2 lcu fee", "cc2 lcu fx rate", "cc2 fx margin",
  "cc2 total cost %", "inter lcu bank fx", "transparent", "coverage", "pick-up method", "date", "corridor",
  "product", "sending location", "NOTE1"};

// A KEN-UGA row (USD 200 in KES: 18,000) under `header`, with the values
// that differ from row to row.
inline std::vector<std::string>
release_row(const std::vector<std::string>& header, const std::map<std::string, std::string>& values)
{
  std::map<std::string, std::string> all = {
    {"source_code", "KEN"}, {"destination_code", "UGA"}, {"corridor", "KENUGA"}, {"cc1 lcu amount", "18000"},
    {"cc1 denomination amount", "200"}, {"cc1 lcu code", "KES"}, {"cc1 lcu fx rate", "31.7"},
    {"inter lcu bank fx", "32.9"}, {"transparent", "yes"}, {"pickup method", "Cash"}, {"pick-up method", "Cash"},
    {"payment instrument", "Cash"}, {"product", "Cash"}, {"sending location", "Nairobi"}, {"access point", "Agent"}};
  for (const auto& [name, value] : values) {
    all[name] = value;
  }
  std::vector<std::string> cells;
  cells.reserve(header.size());
  for (const auto& name : header) {
    cells.push_back(all.contains(name) ? all[name] : "");
  }
  return cells;
}

// The release's structure with invented values. Each row's total is its
// fee % (fee / 18,000) plus its margin, as RPW publishes it:
//   2011Q1 Alpha 315 → 1.75 + 3.74 = 5.49; Beta 900 → 5 + 2 = 7
//   2016Q2 Alpha 360 → 2 + 3 = 5;           Beta 540 → 3 + 1 = 4 (revised: 720 → 4 + 1 = 5)
//   2025Q3 Alpha 180 → 1 + 2.5 = 3.5;       Beta 720 → 4 + 2 = 6
// Dates are Excel serial days: 40567 = 2011-01-24, 42500 = 2016-05-10,
// 45853 = 2025-07-15. The newest quarter's rows carry five unlabelled cells.
inline util::Expected<void>
write_release(const std::filesystem::path& path, bool revised)
{
  SheetRows old_rows{k_header_2011};
  old_rows.push_back(release_row(k_header_2011, {{"id", "1"}, {"period", "2011_1Q"}, {"firm", "Alpha"}, {"firm_type", "Bank"},
                                          {"cc1 lcu fee", "315"}, {"cc1 fx margin", "3.74"},
                                          {"cc1 total cost %", "5.49"}, {"date", "40567"}}));
  old_rows.push_back(release_row(k_header_2011, {{"id", "2"}, {"period", "2011_1Q"}, {"firm", "Beta"},
                                          {"firm_type", "Money Transfer Operator"}, {"cc1 lcu fee", "900"},
                                          {"cc1 fx margin", "2"}, {"cc1 total cost %", "7"}, {"date", "40567"}}));
  SheetRows new_rows{k_header_2016};
  const auto add = [&](const std::string& period, const std::string& firm, const std::string& fee,
                       const std::string& margin, const std::string& total, const std::string& date) {
    new_rows.push_back(release_row(k_header_2016, {{"period", period}, {"firm", firm}, {"firm_type", "Bank"},
                                           {"cc1 lcu fee", fee}, {"cc1 fx margin", margin},
                                           {"cc1 total cost %", total}, {"date", date}}));
  };
  add("2016_2Q", "Alpha", "360", "3", "5", "42500");
  add("2016_2Q", "Beta", revised ? "720" : "540", "1", revised ? "5" : "4", "42500");
  add("2025_3Q", "Alpha", "180", "2.5", "3.5", "45853");
  add("2025_3Q", "Beta", "720", "2", "6", "45853");
  for (size_t i = 3; i < new_rows.size(); ++i) {
    for (const std::string cell : {"2025", "AGO2025", "KEN2025", "UGA2025", "x"}) {
      new_rows[i].push_back(cell);
    }
  }
  return write_workbook_file(path, {{"Terms of Use", {{"Terms of use of the dataset"}}},
                                  {"Methodology", {}},
                                  {"Legend", {{"firm_type", "Bank, Money Transfer Operator, …"}}},
                                  {"Countries", {{"Countries in the dataset"}, {"code", "name"}, {"KEN", "Kenya"}}},
                                  {"Dataset (up to Q1 2016)", old_rows},
                                  {"Dataset (from Q2 2016)", new_rows}});
}

} // namespace rw::test
