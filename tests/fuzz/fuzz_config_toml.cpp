// The collector's configuration (TOML) and the environment over it.
#include "collector/config.hpp"
#include "tests/fuzz/fuzz.hpp"

RW_FUZZ_TARGET(config_toml)
{
  const auto text = rw::fuzz::text(data, size);
  (void)rw::collector::parse_collect_config(text, "fuzz.toml");
  // The same bytes as every variable's value.
  (void)rw::collector::apply_environment({}, [&](const std::string&) { return std::optional<std::string>(text); });
  return 0;
}
