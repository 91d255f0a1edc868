#pragma once

// Shared by the libFuzzer targets: the input as text, and the built-in
// catalogue loaded once.

#include "corridors/catalogue.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace rw::fuzz {

inline std::string_view
text(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

inline const corridors::Catalogue&
catalogue()
{
  static const auto loaded = corridors::Catalogue::load_builtin();
  if (!loaded) {
    std::abort();
  }
  return *loaded;
}

using Target = int (*)(const std::uint8_t* data, std::size_t size);

// The targets compiled into the unit tests (RW_FUZZ_REPLAY), by name, so the
// regression inputs and seeds replay in every test run.
inline std::map<std::string, Target>&
targets()
{
  static std::map<std::string, Target> all;
  return all;
}

struct Registration
{
  Registration(const char* name, Target target) { targets()[name] = target; }
};

} // namespace rw::fuzz

// RW_FUZZ_TARGET(name) { ... data, size ... }: libFuzzer's entry point in a
// fuzz build, a registered function in the unit tests.
#ifdef RW_FUZZ_REPLAY
#define RW_FUZZ_TARGET(name)                                                                                         \
  static int rw_fuzz_##name(const std::uint8_t* data, std::size_t size);                                             \
  static const rw::fuzz::Registration rw_fuzz_registration_##name(#name, rw_fuzz_##name);                            \
  static int rw_fuzz_##name(const std::uint8_t* data, std::size_t size)
#else
#define RW_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
#endif
