#pragma once

#include "corridors/catalogue.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace rw::test {

// The header of the survey CSV (docs/formats/survey-csv.md), for tests that
// write their own rows.
inline constexpr const char* k_survey_header =
  "corridor,provider,firm_type,payment_instrument,receiving_method,speed,amount,currency,fee,rate,benchmark,"
  "benchmark_source,received,collected_at,transparent,accessible,amount_usd\n";

// The fixed "now" of tests that stamp what they store (the golden tests' REMITWATCH_NOW).
inline constexpr const char* k_now = "2025-01-15T12:00:00Z";

// Writes `text` to `path` as it is (binary).
inline void
write_file(const std::filesystem::path& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// ../shared/data beside the repository, or $RW_SHARED_DATA.
inline std::filesystem::path
shared_data_dir()
{
  if (const char* env = std::getenv("RW_SHARED_DATA"); env != nullptr && *env != '\0') {
    return env;
  }
  return RW_SHARED_DATA_DIR;
}

inline std::filesystem::path
source_dir()
{
  return RW_SOURCE_DIR;
}

// The built-in catalogue, loaded once; a load error fails the test with its message.
inline const corridors::Catalogue&
builtin_catalogue()
{
  static const auto catalogue = corridors::Catalogue::load_builtin();
  if (!catalogue) {
    FAIL(catalogue.error().message);
  }
  return *catalogue;
}

// What a shell command prints on standard output ("" when it cannot run):
// archives read back with Info-ZIP's unzip (`unzip -p FILE ENTRY`).
inline std::string
command_output(const std::string& command)
{
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r"); pipe != nullptr) {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      out.append(buffer, n);
    }
    pclose(pipe);
  }
  return out;
}

} // namespace rw::test
