#include "alerts/rules.hpp"

#include "util/text.hpp"
#include "util/toml.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace rw::alerts {

namespace {

struct KindInfo
{
  RuleKind kind;
  std::string_view name;
  std::vector<std::string_view> keys; // keys the kind accepts besides id, kind, channels
};

const std::vector<KindInfo>&
kinds()
{
  static const std::vector<KindInfo> table = {
    {RuleKind::corridor_rise, "corridor_rise", {"threshold_pp", "compare", "corridors", "amount"}},
    {RuleKind::corridor_above, "corridor_above", {"level", "measure", "corridors", "amount"}},
    {RuleKind::average_rise, "average_rise", {"threshold_pp", "compare", "groups", "amount"}},
    {RuleKind::quote_rise, "quote_rise", {"threshold_pp", "corridors"}},
    {RuleKind::benchmark_stale, "benchmark_stale", {"max_age_days", "sources"}},
    {RuleKind::coverage_below, "coverage_below", {"level", "sources"}},
  };
  return table;
}

// Hands a parsed value to `use`, or passes the error on (GCC 12's
// std::expected has no transform()).
template<typename T, typename Use>
util::Expected<void>
apply(util::Expected<T> value, Use use)
{
  if (!value) {
    return std::unexpected(value.error());
  }
  use(std::move(*value));
  return {};
}

// An address goes into the From and To headers and the SMTP envelope as it
// is: a line break there would add a header, a space, bracket or comma a
// recipient. A plain address needs none of them.
std::optional<std::string>
unplain_address(const Channel& channel)
{
  std::vector<std::string> addresses = channel.to;
  addresses.push_back(channel.from);
  for (const auto& address : addresses) {
    if (std::ranges::any_of(address, [](char c) {
          const auto u = static_cast<unsigned char>(c);
          return u <= ' ' || u == 0x7F || c == '<' || c == '>' || c == ',';
        })) {
      return address;
    }
  }
  return std::nullopt;
}

const std::vector<std::string_view> k_groups = {"global", "bank", "mto", "post_office", "mobile_operator", "other"};

// Reads one file; every error names FILE:LINE.
class Reader
{
public:
  explicit Reader(std::string name)
    : m_name(std::move(name))
  {
  }

  util::Error error(const toml::source_region& where, const std::string& message) const
  {
    return {util::ErrorKind::parse, fmt::format("{}:{}: {}", m_name, where.begin.line, message)};
  }

  util::Expected<std::string> text(const toml::node& node, std::string_view key) const
  {
    if (auto value = node.value<std::string>()) {
      return *value;
    }
    return std::unexpected(error(node.source(), fmt::format("'{}' must be a string", key)));
  }

  util::Expected<double> number(const toml::node& node, std::string_view key) const
  {
    if (node.is_number()) {
      return *node.value<double>();
    }
    return std::unexpected(error(node.source(), fmt::format("'{}' must be a number", key)));
  }

  util::Expected<std::vector<std::string>> texts(const toml::node& node, std::string_view key) const
  {
    const auto* array = node.as_array();
    if (array == nullptr) {
      return std::unexpected(error(node.source(), fmt::format("'{}' must be an array of strings", key)));
    }
    std::vector<std::string> out;
    for (const auto& item : *array) {
      auto value = item.value<std::string>();
      if (!value) {
        return std::unexpected(error(item.source(), fmt::format("'{}' must be an array of strings", key)));
      }
      out.push_back(*value);
    }
    return out;
  }

  util::Expected<void> corridor_patterns(const toml::node& node, Rule& rule) const;
  util::Expected<Rule> rule(const toml::table& table) const;
  util::Expected<const KindInfo*> identify(const toml::table& table, Rule& rule) const;
  util::Expected<void> read_key(std::string_view name, const toml::node& node, Rule& rule) const;
  util::Expected<Channel> channel(const std::string& name, const toml::table& table) const;

private:
  std::string m_name;
};

// The rule's id and kind; the kind's entry in kinds().
util::Expected<const KindInfo*>
Reader::identify(const toml::table& table, Rule& rule) const
{
  rule.line = table.source().begin.line;
  const toml::node* kind_node = table.get("kind");
  const toml::node* id_node = table.get("id");
  if (id_node == nullptr || kind_node == nullptr) {
    return std::unexpected(error(table.source(), "a [[rule]] needs 'id' and 'kind'"));
  }
  auto id = text(*id_node, "id");
  auto kind_name = text(*kind_node, "kind");
  if (!id || !kind_name) {
    return std::unexpected(!id ? id.error() : kind_name.error());
  }
  rule.id = *id;
  if (rule.id.empty()) {
    return std::unexpected(error(id_node->source(), "'id' must not be empty"));
  }
  auto info = std::ranges::find(kinds(), *kind_name, &KindInfo::name);
  if (info == kinds().end()) {
    std::vector<std::string_view> names;
    for (const auto& k : kinds()) {
      names.push_back(k.name);
    }
    return std::unexpected(error(kind_node->source(), fmt::format("unknown kind '{}' (known: {})", *kind_name,
                                                                  fmt::join(names, ", "))));
  }
  rule.kind = info->kind;
  return &*info;
}

// One key of a rule (already known to be one its kind takes) into `rule`.
util::Expected<void>
Reader::read_key(std::string_view name, const toml::node& node, Rule& rule) const
{
  util::Expected<void> ok;
  if (name == "threshold_pp") {
    auto value = number(node, name);
    if (value && *value < 0) {
      return std::unexpected(error(node.source(), "'threshold_pp' must not be negative"));
    }
    ok = apply(value, [&](double v) { rule.threshold_pp = v; });
  } else if (name == "level") {
    ok = apply(number(node, name), [&](double v) { rule.level = v; });
  } else if (name == "max_age_days") {
    ok = apply(number(node, name), [&](double v) { rule.max_age_days = v; });
  } else if (name == "amount") {
    auto value = number(node, name);
    if (value && *value != 200 && *value != 500) {
      return std::unexpected(error(node.source(), "'amount' must be 200 or 500"));
    }
    ok = apply(value, [&](double v) { rule.amount = static_cast<int>(v); });
  } else if (name == "compare") {
    auto value = text(node, name);
    if (value && *value != "previous" && *value != "year_ago") {
      return std::unexpected(error(node.source(), "'compare' must be \"previous\" or \"year_ago\""));
    }
    ok = apply(value, [&](const std::string& v) { rule.compare = v == "year_ago" ? Compare::year_ago : Compare::previous; });
  } else if (name == "measure") {
    auto value = text(node, name);
    if (value && *value != "average" && *value != "smart") {
      return std::unexpected(error(node.source(), "'measure' must be \"average\" or \"smart\""));
    }
    ok = apply(value, [&](const std::string& v) { rule.measure = v; });
  } else if (name == "groups") {
    auto value = texts(node, name);
    if (value) {
      for (const auto& group : *value) {
        if (std::ranges::find(k_groups, group) == k_groups.end()) {
          return std::unexpected(error(node.source(), fmt::format("unknown group '{}' (known: {})", group,
                                                                  fmt::join(k_groups, ", "))));
        }
      }
    }
    ok = apply(value, [&](std::vector<std::string> v) { rule.groups = std::move(v); });
  } else if (name == "corridors") {
    ok = corridor_patterns(node, rule);
  } else if (name == "sources") {
    ok = apply(texts(node, name), [&](std::vector<std::string> v) { rule.sources = std::move(v); });
  } else if (name == "channels") {
    ok = apply(texts(node, name), [&](std::vector<std::string> v) { rule.channels = std::move(v); });
  }
  return ok;
}

// "KEN-UGA", "ken-uga", "KEN-*", "*-KEN"; anything else (a country's name,
// a typo) is refused here rather than left to match no corridor.
util::Expected<void>
Reader::corridor_patterns(const toml::node& node, Rule& rule) const
{
  auto values = texts(node, "corridors");
  if (!values) {
    return std::unexpected(values.error());
  }
  rule.corridors_line = node.source().begin.line;
  rule.corridors.clear();
  for (const auto& value : *values) {
    auto pattern = corridors::CorridorPattern::parse(value);
    if (!pattern) {
      return std::unexpected(error(node.source(), fmt::format("rule '{}': {}", rule.id, pattern.error().message)));
    }
    rule.corridors.push_back(std::move(*pattern));
  }
  return {};
}

util::Expected<Rule>
Reader::rule(const toml::table& table) const
{
  Rule rule;
  auto info = identify(table, rule);
  if (!info) {
    return std::unexpected(info.error());
  }
  const KindInfo& kind = **info;
  for (const auto& [key, node] : table) {
    const std::string_view name = key.str();
    if (name == "id" || name == "kind") {
      continue;
    }
    if (name != "channels" && std::ranges::find(kind.keys, name) == kind.keys.end()) {
      return std::unexpected(error(key.source(), fmt::format("unknown key '{}' in rule '{}' (a {} rule takes: {}, channels)",
                                                             name, rule.id, kind.name, fmt::join(kind.keys, ", "))));
    }
    if (auto ok = read_key(name, node, rule); !ok) {
      return std::unexpected(ok.error());
    }
  }
  const bool needs_threshold = rule.kind == RuleKind::corridor_rise || rule.kind == RuleKind::average_rise
                               || rule.kind == RuleKind::quote_rise;
  if (needs_threshold && table.get("threshold_pp") == nullptr) {
    return std::unexpected(error(table.source(), fmt::format("rule '{}': a {} rule needs 'threshold_pp'", rule.id,
                                                             kind.name)));
  }
  if (rule.kind == RuleKind::coverage_below && table.get("level") == nullptr) {
    return std::unexpected(error(table.source(), fmt::format("rule '{}': a coverage_below rule needs 'level'", rule.id)));
  }
  return rule;
}

util::Expected<Channel>
Reader::channel(const std::string& name, const toml::table& table) const
{
  Channel channel;
  channel.name = name;
  const toml::node* type = table.get("type");
  if (type == nullptr) {
    return std::unexpected(error(table.source(), fmt::format("channel '{}' needs 'type' (webhook or email)", name)));
  }
  auto type_name = text(*type, "type");
  if (!type_name) {
    return std::unexpected(type_name.error());
  }
  if (*type_name != "webhook" && *type_name != "email") {
    return std::unexpected(error(type->source(), fmt::format("channel '{}': type must be webhook or email", name)));
  }
  channel.type = *type_name == "email" ? Channel::Type::email : Channel::Type::webhook;
  const std::vector<std::string_view> webhook_keys = {"type", "url_env", "style"};
  const std::vector<std::string_view> email_keys = {"type", "url_env", "username_env", "password_env", "from", "to"};
  const auto& known = channel.type == Channel::Type::email ? email_keys : webhook_keys;
  for (const auto& [key, node] : table) {
    const std::string_view k = key.str();
    if (std::ranges::find(known, k) == known.end()) {
      std::string hint;
      if (k == "url" || k == "password" || k == "username" || k == "token") {
        hint = "; secrets are never written in the file: name an environment variable with '" + std::string(k)
               + "_env'";
      }
      return std::unexpected(error(key.source(), fmt::format("unknown key '{}' in channel '{}' (known: {}){}", k, name,
                                                             fmt::join(known, ", "), hint)));
    }
    util::Expected<void> ok;
    if (k == "to") {
      ok = apply(texts(node, k), [&](std::vector<std::string> v) { channel.to = std::move(v); });
    } else if (k != "type") {
      auto value = text(node, k);
      if (!value) {
        return std::unexpected(value.error());
      }
      if (k == "url_env") {
        channel.url_env = *value;
      } else if (k == "style") {
        if (*value != "json" && *value != "slack") {
          return std::unexpected(error(node.source(), "'style' must be \"json\" or \"slack\""));
        }
        channel.slack = *value == "slack";
      } else if (k == "username_env") {
        channel.username_env = *value;
      } else if (k == "password_env") {
        channel.password_env = *value;
      } else if (k == "from") {
        channel.from = *value;
      }
    }
    if (!ok) {
      return std::unexpected(ok.error());
    }
  }
  if (channel.url_env.empty()) {
    return std::unexpected(error(table.source(), fmt::format("channel '{}' needs 'url_env'", name)));
  }
  if (channel.type == Channel::Type::email && (channel.from.empty() || channel.to.empty())) {
    return std::unexpected(error(table.source(), fmt::format("channel '{}' needs 'from' and 'to'", name)));
  }
  if (auto bad = unplain_address(channel)) {
    return std::unexpected(error(table.source(), fmt::format("channel '{}': '{}' is not a plain address (no spaces, "
                                                             "line breaks, <, > or commas)",
                                                             name, util::escape_controls(*bad))));
  }
  return channel;
}

} // namespace

std::string_view
to_string(RuleKind kind)
{
  return std::ranges::find(kinds(), kind, &KindInfo::kind)->name;
}

util::Expected<RuleSet>
parse_rules(std::string_view text, const std::string& name)
{
  auto parsed = util::parse_toml(text, name);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  const toml::table& root = *parsed;
  const Reader reader(name);
  RuleSet set;
  set.source = name;
  for (const auto& [key, node] : root) {
    if (key.str() != "rule" && key.str() != "channels" && key.str() != "digest_above") {
      return std::unexpected(reader.error(
        key.source(), fmt::format("unknown key '{}' (a rules file has digest_above, [[rule]] and [channels.NAME])",
                                  key.str())));
    }
  }
  if (const toml::node* digest = root.get("digest_above")) {
    const auto value = digest->value<int64_t>();
    if (!digest->is_integer() || !value || *value < 0) {
      return std::unexpected(reader.error(digest->source(), "'digest_above' must be a whole number, 0 or more"));
    }
    set.digest_above = static_cast<size_t>(*value);
  }
  if (const toml::node* channels = root.get("channels")) {
    const auto* table = channels->as_table();
    if (table == nullptr) {
      return std::unexpected(reader.error(channels->source(), "'channels' must be a table of [channels.NAME]"));
    }
    for (const auto& [key, node] : *table) {
      const auto* channel_table = node.as_table();
      if (channel_table == nullptr || key.str() == "stdout") {
        return std::unexpected(reader.error(
          key.source(), fmt::format("channel '{}' must be a table [channels.{}] (and not named stdout)", key.str(),
                                    key.str())));
      }
      auto channel = reader.channel(std::string(key.str()), *channel_table);
      if (!channel) {
        return std::unexpected(channel.error());
      }
      set.channels.emplace(channel->name, std::move(*channel));
    }
  }
  const toml::node* rules = root.get("rule");
  const auto* array = rules != nullptr ? rules->as_array() : nullptr;
  if (rules != nullptr && (array == nullptr || !array->is_array_of_tables())) {
    return std::unexpected(reader.error(rules->source(), "'rule' must be written as [[rule]] tables"));
  }
  if (array == nullptr || array->empty()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: no [[rule]] in the file", name));
  }
  std::set<std::string, std::less<>> ids;
  for (const auto& node : *array) {
    auto rule = reader.rule(*node.as_table());
    if (!rule) {
      return std::unexpected(rule.error());
    }
    if (!ids.insert(rule->id).second) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}:{}: duplicate rule id '{}'", name, rule->line, rule->id));
    }
    for (const auto& channel : rule->channels) {
      if (channel != "stdout" && !set.channels.contains(channel)) {
        return util::make_error(util::ErrorKind::parse,
                                fmt::format("{}:{}: rule '{}' names the channel '{}', which is not defined "
                                            "(define [channels.{}] or use \"stdout\")",
                                            name, rule->line, rule->id, channel, channel));
      }
    }
    set.rules.push_back(std::move(*rule));
  }
  return set;
}

util::Expected<RuleSet>
parse_rules(std::string_view text, const std::string& name, const corridors::Catalogue& catalogue)
{
  auto rules = parse_rules(text, name);
  if (!rules) {
    return rules;
  }
  if (auto known = check_rules(*rules, catalogue); !known) {
    return std::unexpected(known.error());
  }
  return rules;
}

util::Expected<void>
check_rules(const RuleSet& rules, const corridors::Catalogue& catalogue)
{
  for (const auto& rule : rules.rules) {
    for (const auto& pattern : rule.corridors) {
      for (const auto& code : {pattern.sender, pattern.receiver}) {
        if (code != "*" && catalogue.find_country(code) == nullptr) {
          return util::make_error(
            util::ErrorKind::parse,
            fmt::format("{}:{}: rule '{}': corridor '{}': '{}' is not a country in the catalogue (write ISO 3166-1 "
                        "alpha-3 codes, e.g. \"KEN-UGA\", or \"KEN-*\" for every corridor from Kenya)",
                        rules.source, rule.corridors_line, rule.id, pattern.to_string(), code));
        }
      }
    }
  }
  return {};
}

RuleSet
default_rules()
{
  RuleSet set;
  set.source = "default rules";
  Rule corridor;
  corridor.id = "corridor-up-0.5pp-qoq";
  corridor.kind = RuleKind::corridor_rise;
  corridor.threshold_pp = 0.5;
  Rule above;
  above.id = "corridor-above-5pct";
  above.kind = RuleKind::corridor_above;
  above.level = 5;
  Rule average;
  average.id = "average-up-0.25pp-qoq";
  average.kind = RuleKind::average_rise;
  average.threshold_pp = 0.25;
  set.rules = {corridor, above, average};
  return set;
}

} // namespace rw::alerts
