// Every input the fuzzers ever crashed on (tests/fuzz/regressions/<target>/),
// and the seed corpora, through the same code as the libFuzzer targets (their
// sources are compiled into this binary with RW_FUZZ_REPLAY). Under the
// ASan + UBSan build of .ci/run a regression fails loudly.

#include "tests/fuzz/fuzz.hpp"
#include "tests/unit/support.hpp"
#include "util/file.hpp"

#include <doctest/doctest.h>

#include <filesystem>

TEST_SUITE("fuzz::regressions")
{
  TEST_CASE("every fuzz target is compiled in, and replays its regression inputs and seeds")
  {
    const auto& targets = rw::fuzz::targets();
    CHECK(targets.size() == 13);
    size_t replayed = 0;
    size_t regressions = 0;
    for (const char* kind : {"regressions", "seeds"}) {
      const auto root = rw::test::source_dir() / "tests/fuzz" / kind;
      for (const auto& directory : std::filesystem::directory_iterator(root)) {
        const std::string name = directory.path().filename().string();
        REQUIRE_MESSAGE(targets.contains(name), "no fuzz target for ", directory.path());
        for (const auto& file : std::filesystem::directory_iterator(directory)) {
          auto bytes = rw::util::read_file(file.path());
          REQUIRE(bytes);
          CAPTURE(file.path().string());
          CHECK(targets.at(name)(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()) == 0);
          ++replayed;
          regressions += std::string_view(kind) == "regressions" ? 1U : 0U;
        }
      }
    }
    CHECK(regressions >= 5); // the crashes found while writing the targets
    CHECK(replayed > regressions);
  }
}
