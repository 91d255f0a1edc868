#pragma once

// An RPW CSV from bench/rw_generate (built beside the binary): `rows` rows
// over `quarters` quarters, every row its own service, for the tests that
// need a file larger than the fixtures (import memory, concurrent imports).

#include "tests/unit/support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

namespace rw::test {

inline std::filesystem::path
generated_rpw(const std::filesystem::path& dir, size_t rows, size_t quarters)
{
  const auto generator = std::filesystem::path(RW_BINARY).parent_path() / "bench/rw_generate";
  REQUIRE_MESSAGE(std::filesystem::exists(generator), (generator.string() + " is built with the project"));
  const auto path = dir / fmt::format("rpw-{}.csv", rows);
  const std::string command = fmt::format("{} --rows {} --quarters {} --catalogue {} > {}", generator.string(), rows,
                                          quarters, (source_dir() / "corridors/data").string(), path.string());
  REQUIRE(std::system(command.c_str()) == 0);
  return path;
}

} // namespace rw::test
