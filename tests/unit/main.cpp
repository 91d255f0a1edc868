#define DOCTEST_CONFIG_IMPLEMENT
#include "tests/unit/store_backend.hpp"
#include "tests/unit/support.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

int
main(int argc, char** argv)
{
  // The realdata suites read ../shared/data. Without it, say so loudly and
  // report "skipped" to CTest (exit 77) instead of passing silently.
  bool realdata_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).starts_with("--test-suite=realdata")) {
      realdata_only = true;
    }
  }
  if (realdata_only && !std::filesystem::is_directory(rw::test::shared_data_dir())) {
    std::cerr << "realdata tests SKIPPED: " << rw::test::shared_data_dir()
              << " does not exist (set RW_SHARED_DATA to the shared/data folder)\n";
    return 77;
  }
  doctest::Context context(argc, argv);
  const int status = context.run();
  // With RW_TEST_BACKEND=postgres a case that never named a store ran on
  // nothing but SQLite: it must not count as run on PostgreSQL.
  const auto& without = rw::test::cases_without_a_store();
  for (const auto& name : without) {
    std::cerr << "not run on PostgreSQL (names no store through store_at; "
              << "mark it sqlite_only() or no_store()): " << name << "\n";
  }
  return without.empty() ? status : 1;
}
