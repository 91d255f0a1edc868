// Writes the two release-shaped workbooks the golden cases of `import rpw`
// and `db releases` read (tests/golden/cases/releases.cmake): DIR/rpw-release-
// 2025q3.xlsx and DIR/rpw-release-2026q1.xlsx, the second revising one 2016Q2
// value. Written at test time from tests/unit/release_workbook.hpp, so that
// the fixtures are text in the repository, not binaries.
//
// usage: rw_write_release_fixtures DIR

#define DOCTEST_CONFIG_DISABLE // the workbook helpers' REQUIRE wrappers are not used here
#include "tests/unit/release_workbook.hpp"

#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>

int
main(int argc, char** argv)
{
  if (argc != 2) {
    std::fputs("usage: rw_write_release_fixtures DIR\n", stderr);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "rw_write_release_fixtures: error: %s: %s\n", dir.c_str(), ec.message().c_str());
    return 1;
  }
  for (const auto& [name, revised] : {std::pair{"rpw-release-2025q3.xlsx", false}, std::pair{"rpw-release-2026q1.xlsx", true}}) {
    if (auto written = rw::test::write_release(dir / name, revised); !written) {
      std::fprintf(stderr, "rw_write_release_fixtures: error: %s\n", written.error().message.c_str());
      return 1;
    }
  }
  return 0;
}
