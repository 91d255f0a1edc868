#pragma once

#include "corridors/catalogue.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace rw::test {

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

} // namespace rw::test
