#include "collector/config.hpp"

#include "collector/sources/registry.hpp"
#include "util/toml.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>

namespace rw::collector {

namespace {

using Setter = std::function<std::optional<std::string>(const toml::node&, CollectConfig&)>;

std::optional<std::string>
set_text(const toml::node& node, std::string& target)
{
  auto value = node.value<std::string>();
  if (!value) {
    return "must be a string";
  }
  target = *value;
  return std::nullopt;
}

std::optional<std::string>
set_texts(const toml::node& node, std::vector<std::string>& target)
{
  const auto* array = node.as_array();
  if (array == nullptr) {
    return "must be an array of strings";
  }
  std::vector<std::string> values;
  for (const auto& item : *array) {
    auto value = item.value<std::string>();
    if (!value) {
      return "must be an array of strings";
    }
    values.push_back(*value);
  }
  target = std::move(values);
  return std::nullopt;
}

std::optional<std::string>
set_number(const toml::node& node, double& target, double minimum)
{
  if (!node.is_number() || *node.value<double>() < minimum) {
    return fmt::format("must be a number of at least {:g}", minimum);
  }
  target = *node.value<double>();
  return std::nullopt;
}

template<typename Integer>
std::optional<std::string>
set_integer(const toml::node& node, Integer& target, long long minimum)
{
  auto value = node.value<long long>();
  if (!node.is_integer() || !value || *value < minimum) {
    return fmt::format("must be an integer of at least {}", minimum);
  }
  target = static_cast<Integer>(*value);
  return std::nullopt;
}

std::optional<std::string>
set_millis(const toml::node& node, std::chrono::milliseconds& target, double scale)
{
  double value = 0;
  if (auto error = set_number(node, value, 0)) {
    return error;
  }
  target = std::chrono::milliseconds(static_cast<long long>(value * scale));
  return std::nullopt;
}

const std::map<std::string, Setter, std::less<>>&
setters()
{
  static const std::map<std::string, Setter, std::less<>> table = {
    {"collect.corridors", [](const toml::node& n, CollectConfig& c) { return set_texts(n, c.corridors); }},
    {"collect.amounts",
     [](const toml::node& n, CollectConfig& c) -> std::optional<std::string> {
       const auto* array = n.as_array();
       if (array == nullptr || array->empty()) {
         return "must be an array of 200 and/or 500";
       }
       std::vector<int> amounts;
       for (const auto& item : *array) {
         auto value = item.value<long long>();
         if (!value || (*value != 200 && *value != 500)) {
           return "must be an array of 200 and/or 500";
         }
         amounts.push_back(static_cast<int>(*value));
       }
       c.amounts = amounts;
       return std::nullopt;
     }},
    {"collect.sources",
     [](const toml::node& n, CollectConfig& c) -> std::optional<std::string> {
       std::vector<std::string> sources;
       if (auto error = set_texts(n, sources)) {
         return error;
       }
       for (const auto& s : sources) {
         if (!is_source(s)) {
           return fmt::format("unknown source '{}' ({})", s, source_names());
         }
       }
       c.sources = sources;
       return std::nullopt;
     }},
    {"collect.min_coverage", [](const toml::node& n, CollectConfig& c) { return set_number(n, c.min_coverage, 0); }},
    {"collect.max_benchmark_age_days",
     [](const toml::node& n, CollectConfig& c) { return set_number(n, c.max_benchmark_age_days, 0); }},
    {"collect.data_dir", [](const toml::node& n, CollectConfig& c) { return set_text(n, c.data_dir); }},
    {"collect.log_format",
     [](const toml::node& n, CollectConfig& c) -> std::optional<std::string> {
       std::string format;
       if (auto error = set_text(n, format)) {
         return error;
       }
       if (format != "text" && format != "json") {
         return "must be \"text\" or \"json\"";
       }
       c.log_format = format;
       return std::nullopt;
     }},
    {"http.concurrency", [](const toml::node& n, CollectConfig& c) { return set_integer(n, c.concurrency, 1); }},
    {"http.per_host", [](const toml::node& n, CollectConfig& c) { return set_integer(n, c.per_host, 1); }},
    {"http.min_interval_ms", [](const toml::node& n, CollectConfig& c) { return set_millis(n, c.min_interval, 1); }},
    {"http.connect_timeout_s",
     [](const toml::node& n, CollectConfig& c) { return set_millis(n, c.connect_timeout, 1000); }},
    {"http.timeout_s", [](const toml::node& n, CollectConfig& c) { return set_millis(n, c.timeout, 1000); }},
    {"http.max_attempts", [](const toml::node& n, CollectConfig& c) { return set_integer(n, c.max_attempts, 1); }},
    {"http.backoff_ms", [](const toml::node& n, CollectConfig& c) { return set_millis(n, c.backoff, 1); }},
    {"http.max_response_bytes",
     [](const toml::node& n, CollectConfig& c) { return set_integer(n, c.max_response_bytes, 1024); }},
    {"sources.ecb.url", [](const toml::node& n, CollectConfig& c) { return set_text(n, c.ecb_url); }},
    {"sources.wise.base_url", [](const toml::node& n, CollectConfig& c) { return set_text(n, c.wise_base_url); }},
    {"sources.wise.api_key_env",
     [](const toml::node& n, CollectConfig& c) { return set_text(n, c.wise_api_key_env); }},
    {"sources.feed.urls", [](const toml::node& n, CollectConfig& c) { return set_texts(n, c.feed_urls); }},
    {"sources.worldbank.base_url",
     [](const toml::node& n, CollectConfig& c) { return set_text(n, c.worldbank_base_url); }},
    {"sources.worldbank.indicators",
     [](const toml::node& n, CollectConfig& c) { return set_texts(n, c.worldbank_indicators); }},
    {"sources.rpw.catalog_base_url",
     [](const toml::node& n, CollectConfig& c) { return set_text(n, c.rpw_catalog_base_url); }},
    {"sources.rpw.dataset", [](const toml::node& n, CollectConfig& c) { return set_text(n, c.rpw_dataset); }},
    {"sources.rpw.max_bytes", [](const toml::node& n, CollectConfig& c) { return set_integer(n, c.rpw_max_bytes, 1024); }},
  };
  return table;
}

// Walks the tables; every leaf must be a known key. It recurses only into the
// sections that setters() names, so no deeper than its longest key (three parts).
// NOLINTBEGIN(misc-no-recursion): bounded by setters(), whatever the file holds
std::optional<util::Error>
walk(const toml::table& table, const std::string& prefix, const std::string& name, CollectConfig& config)
{
  for (const auto& [key, node] : table) {
    const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    const auto line = key.source().begin.line;
    if (auto it = setters().find(path); it != setters().end()) {
      if (auto problem = it->second(node, config)) {
        return util::Error{util::ErrorKind::parse, fmt::format("{}:{}: '{}' {}", name, line, path, *problem)};
      }
      continue;
    }
    const bool is_section = std::ranges::any_of(setters(), [&](const auto& entry) {
      return entry.first.starts_with(path + ".");
    });
    if (is_section && node.is_table()) {
      if (auto error = walk(*node.as_table(), path, name, config)) {
        return error;
      }
      continue;
    }
    std::string hint;
    if (path.ends_with("api_key") || path.ends_with("token") || path.ends_with("password")) {
      hint = "; secrets are never written in the file: name an environment variable with 'api_key_env'";
    }
    return util::Error{util::ErrorKind::parse, fmt::format("{}:{}: unknown key '{}'{}", name, line, path, hint)};
  }
  return std::nullopt;
}
// NOLINTEND(misc-no-recursion)

std::vector<std::string>
split_list(const std::string& text)
{
  std::vector<std::string> items;
  for (auto part : util::split(text, ',')) {
    auto trimmed = util::trim(part);
    if (!trimmed.empty()) {
      items.emplace_back(trimmed);
    }
  }
  return items;
}

} // namespace

util::Expected<CollectConfig>
parse_collect_config(std::string_view text, const std::string& name, CollectConfig base)
{
  auto root = util::parse_toml(text, name);
  if (!root) {
    return std::unexpected(root.error());
  }
  if (auto error = walk(*root, "", name, base)) {
    return std::unexpected(*error);
  }
  base.origin = name;
  return base;
}

util::Expected<CollectConfig>
apply_environment(CollectConfig config, const std::function<std::optional<std::string>(const std::string&)>& getenv)
{
  // Each variable as if it were the file's key, so values are checked alike.
  const std::vector<std::pair<std::string, std::string>> variables = {
    {"REMITWATCH_CORRIDORS", "collect.corridors"},       {"REMITWATCH_AMOUNTS", "collect.amounts"},
    {"REMITWATCH_SOURCES", "collect.sources"},           {"REMITWATCH_MIN_COVERAGE", "collect.min_coverage"},
    {"REMITWATCH_DATA_DIR", "collect.data_dir"},         {"REMITWATCH_LOG_FORMAT", "collect.log_format"},
    {"REMITWATCH_ECB_URL", "sources.ecb.url"},           {"REMITWATCH_WISE_BASE_URL", "sources.wise.base_url"},
    {"REMITWATCH_FEED_URLS", "sources.feed.urls"},       {"REMITWATCH_WORLDBANK_BASE_URL", "sources.worldbank.base_url"},
    {"REMITWATCH_RPW_CATALOG_BASE_URL", "sources.rpw.catalog_base_url"},
  };
  for (const auto& [variable, key] : variables) {
    auto value = getenv(variable);
    if (!value) {
      continue;
    }
    toml::table table;
    const auto setter = setters().find(key);
    std::optional<std::string> problem;
    if (key == "collect.corridors" || key == "collect.sources" || key == "sources.feed.urls") {
      toml::array array;
      for (const auto& item : split_list(*value)) {
        array.push_back(item);
      }
      problem = setter->second(array, config);
    } else if (key == "collect.amounts") {
      toml::array array;
      for (const auto& item : split_list(*value)) {
        auto number = util::parse_double(item);
        // Only 200 and 500 are valid; anything else (even beyond long long) is refused.
        array.push_back(number && (*number == 200 || *number == 500) ? static_cast<long long>(*number) : -1LL);
      }
      problem = setter->second(array, config);
    } else if (key == "collect.min_coverage") {
      auto number = util::parse_double(*value);
      problem = number ? setter->second(toml::value<double>(*number), config)
                       : std::optional<std::string>("must be a number");
    } else {
      problem = setter->second(toml::value<std::string>(*value), config);
    }
    if (problem) {
      return util::make_error(util::ErrorKind::invalid_argument, fmt::format("{}: {}", variable, *problem));
    }
  }
  return config;
}

} // namespace rw::collector
