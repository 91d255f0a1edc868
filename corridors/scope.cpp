#include "corridors/scope.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rw::corridors {

namespace {

bool
is_code(std::string_view code)
{
  return code.size() == 3
         && std::ranges::all_of(code, [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

util::Expected<std::string>
parse_code(std::string_view text, std::string_view option)
{
  const std::string_view trimmed = util::trim(text);
  if (!is_code(trimmed)) {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("{}: '{}' is not a country code (ISO 3166-1 alpha-3, e.g. KEN)", option, text));
  }
  return util::to_upper(trimmed);
}

util::Expected<std::vector<std::string>>
parse_codes(const std::vector<std::string>& texts, std::string_view option)
{
  std::vector<std::string> codes;
  for (const auto& text : texts) {
    auto code = parse_code(text, option);
    if (!code) {
      return std::unexpected(code.error());
    }
    if (std::ranges::find(codes, *code) == codes.end()) {
      codes.push_back(std::move(*code));
    }
  }
  return codes;
}

bool
listed(const std::vector<std::string>& codes, std::string_view code)
{
  return codes.empty() || std::ranges::find(codes, code) != codes.end();
}

std::string
name_of(const Catalogue& catalogue, std::string_view code)
{
  const Country* country = catalogue.find_country(code);
  return country != nullptr ? country->name : std::string(code);
}

// "Kenya", "Kenya or Uganda", "Kenya, Uganda or Rwanda".
std::string
names_of(const Catalogue& catalogue, const std::vector<std::string>& codes)
{
  std::string text;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) {
      text += i + 1 == codes.size() ? " or " : ", ";
    }
    text += name_of(catalogue, codes[i]);
  }
  return text;
}

util::Expected<void>
check_codes(const Catalogue& catalogue, const std::vector<std::string>& codes, std::string_view option)
{
  for (const auto& code : codes) {
    if (code != "*" && catalogue.find_country(code) == nullptr) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("{}: '{}' is not a country in the catalogue (ISO 3166-1 alpha-3, e.g. KEN)",
                                          option, code));
    }
  }
  return {};
}

} // namespace

util::Expected<CorridorPattern>
CorridorPattern::parse(std::string_view text)
{
  const std::string_view trimmed = util::trim(text);
  const size_t dash = trimmed.find('-');
  const auto bad = [&] {
    return util::make_error(util::ErrorKind::invalid_argument,
                            fmt::format("'{}' is not a corridor (expected SENDER-RECEIVER, e.g. KEN-UGA, or "
                                        "KEN-* / *-KEN for every corridor from / to a country)",
                                        text));
  };
  if (dash == std::string_view::npos) {
    // RPW's "KENUGA" and the other spellings CorridorKey accepts.
    auto key = CorridorKey::parse(trimmed);
    if (!key) {
      return bad();
    }
    return CorridorPattern{key->sender, key->receiver};
  }
  const std::string_view sender = util::trim(trimmed.substr(0, dash));
  const std::string_view receiver = util::trim(trimmed.substr(dash + 1));
  const auto part = [](std::string_view code) -> std::optional<std::string> {
    if (code == "*") {
      return std::string("*");
    }
    if (is_code(code)) {
      return util::to_upper(code);
    }
    return std::nullopt;
  };
  auto s = part(sender);
  auto r = part(receiver);
  if (!s || !r || (*s == "*" && *r == "*")) {
    return bad();
  }
  return CorridorPattern{*s, *r};
}

bool
CorridorPattern::matches(const CorridorKey& key) const
{
  return (sender == "*" || sender == key.sender) && (receiver == "*" || receiver == key.receiver);
}

std::string
CorridorPattern::to_string() const
{
  return fmt::format("{}-{}", sender, receiver);
}

util::Expected<Scope>
Scope::parse(const std::vector<std::string>& senders,
             const std::vector<std::string>& receivers,
             const std::vector<std::string>& countries,
             const std::vector<std::string>& corridors)
{
  Scope scope;
  auto s = parse_codes(senders, "--sender");
  if (!s) {
    return std::unexpected(s.error());
  }
  auto r = parse_codes(receivers, "--receiver");
  if (!r) {
    return std::unexpected(r.error());
  }
  auto c = parse_codes(countries, "--country");
  if (!c) {
    return std::unexpected(c.error());
  }
  scope.senders = std::move(*s);
  scope.receivers = std::move(*r);
  scope.countries = std::move(*c);
  for (const auto& text : corridors) {
    auto pattern = CorridorPattern::parse(text);
    if (!pattern) {
      return util::make_error(util::ErrorKind::invalid_argument,
                              fmt::format("--corridor: {}", pattern.error().message));
    }
    if (std::ranges::find(scope.corridors, *pattern) == scope.corridors.end()) {
      scope.corridors.push_back(std::move(*pattern));
    }
  }
  return scope;
}

bool
Scope::global() const
{
  return senders.empty() && receivers.empty() && countries.empty() && corridors.empty();
}

bool
Scope::contains(const CorridorKey& key) const
{
  return listed(senders, key.sender) && listed(receivers, key.receiver)
         && (countries.empty() || std::ranges::find(countries, key.sender) != countries.end()
             || std::ranges::find(countries, key.receiver) != countries.end())
         && (corridors.empty()
             || std::ranges::any_of(corridors, [&](const CorridorPattern& p) { return p.matches(key); }));
}

bool
Scope::contains(std::string_view sender, std::string_view receiver) const
{
  return contains(CorridorKey{std::string(sender), std::string(receiver)});
}

util::Expected<void>
Scope::check(const Catalogue& catalogue) const
{
  if (auto ok = check_codes(catalogue, senders, "--sender"); !ok) {
    return ok;
  }
  if (auto ok = check_codes(catalogue, receivers, "--receiver"); !ok) {
    return ok;
  }
  if (auto ok = check_codes(catalogue, countries, "--country"); !ok) {
    return ok;
  }
  for (const auto& pattern : corridors) {
    if (auto ok = check_codes(catalogue, {pattern.sender, pattern.receiver}, "--corridor"); !ok) {
      return ok;
    }
  }
  return {};
}

std::string
Scope::describe(const Catalogue& catalogue) const
{
  if (global()) {
    return "all corridors";
  }
  std::vector<std::string> parts;
  if (!senders.empty() || !receivers.empty()) {
    std::string text = "corridors";
    if (!senders.empty()) {
      text += " from " + names_of(catalogue, senders);
    }
    if (!receivers.empty()) {
      text += " to " + names_of(catalogue, receivers);
    }
    parts.push_back(std::move(text));
  }
  if (!countries.empty()) {
    parts.push_back("corridors to or from " + names_of(catalogue, countries));
  }
  if (!corridors.empty()) {
    std::vector<std::string> named;
    for (const auto& pattern : corridors) {
      if (pattern.sender == "*") {
        named.push_back("corridors to " + name_of(catalogue, pattern.receiver));
      } else if (pattern.receiver == "*") {
        named.push_back("corridors from " + name_of(catalogue, pattern.sender));
      } else {
        named.push_back(pattern.to_string());
      }
    }
    std::string text;
    for (size_t i = 0; i < named.size(); ++i) {
      if (i > 0) {
        text += i + 1 == named.size() ? " and " : ", ";
      }
      text += named[i];
    }
    parts.push_back(std::move(text));
  }
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) {
    text += (i > 0 ? ", among them " : "") + parts[i];
  }
  return text;
}

std::string
Scope::to_string() const
{
  std::string text;
  const auto add = [&](std::string_view option, const std::string& value) {
    if (!text.empty()) {
      text += ' ';
    }
    text += fmt::format("{} {}", option, value);
  };
  for (const auto& code : senders) {
    add("--sender", code);
  }
  for (const auto& code : receivers) {
    add("--receiver", code);
  }
  for (const auto& code : countries) {
    add("--country", code);
  }
  for (const auto& pattern : corridors) {
    add("--corridor", pattern.to_string());
  }
  return text;
}

} // namespace rw::corridors
