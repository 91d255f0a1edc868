#include "app/parse_errors.hpp"

#include "app/suggest.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <ranges>
#include <vector>

namespace rw::app {

namespace {

// The commands chosen, outermost first ("db", "info"); empty when none.
std::vector<const CLI::App*>
chosen_commands(const CLI::App& app)
{
  std::vector<const CLI::App*> path;
  for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
    at = at->get_subcommands().front();
    path.push_back(at);
  }
  return path;
}

// The tokens no command knew, innermost command's first: CLI11 hands an
// argument a command does not take to the command above it, with whatever
// follows on the line.
std::vector<std::string>
unknown_tokens(const CLI::App& app, const std::vector<const CLI::App*>& path)
{
  std::vector<std::string> tokens;
  for (const CLI::App* command : std::ranges::reverse_view(path)) {
    std::ranges::copy(command->remaining(false), std::back_inserter(tokens));
  }
  std::ranges::copy(app.remaining(false), std::back_inserter(tokens));
  return tokens;
}

std::vector<std::string>
option_names(const CLI::App& command)
{
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

std::vector<std::string>
command_names(const CLI::App& command)
{
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands({})) {
    names.push_back(sub->get_name());
  }
  return names;
}

std::string
did_you_mean(const std::string& typed, const std::vector<std::string>& known, const char* quote)
{
  auto near = nearest(typed, known);
  return near ? fmt::format("; did you mean {}{}{}?", quote, *near, quote) : std::string();
}

bool
is_option(const std::string& token)
{
  return token.size() > 1 && token[0] == '-';
}

// The unknown token worth naming and what to say of it, or "" when every
// leftover is explained otherwise.
std::string
unknown_token_message(const CLI::App& command, const std::string& name, const std::vector<std::string>& tokens)
{
  const auto options = option_names(command);
  for (const auto& token : tokens) {
    const std::string option = token.substr(0, token.find('='));
    if (is_option(token) && std::ranges::find(options, option) == options.end()) {
      // "--quater" against "--quarter": the dashes are not a difference worth a suggestion.
      auto message = fmt::format("unknown option {}", option);
      std::vector<std::string> bare;
      bare.reserve(options.size());
      for (const auto& known : options) {
        bare.push_back(known.substr(2));
      }
      auto near = nearest(option.substr(option.find_first_not_of('-')), bare);
      return near ? fmt::format("{}; did you mean --{}?", message, *near) : message;
    }
  }
  for (const auto& token : tokens) {
    if (is_option(token)) {
      continue;
    }
    if (command.get_subcommands({}).empty()) {
      return fmt::format("unexpected argument '{}'", token);
    }
    return fmt::format("'{}' is not a{} command{}", token,
                       name == "remitwatch" ? " remitwatch" : fmt::format(" '{}'", name),
                       did_you_mean(token, command_names(command), "'"));
  }
  return {};
}

// CLI11's own message, reworded where it speaks of its internals.
std::string
reworded(const CLI::App& command, const CLI::ParseError& error)
{
  std::string message = error.what();
  // "--quarter: 1 required TEXT missing" means a value was not given.
  if (const auto colon = message.find(": 1 required ");
      dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && colon != std::string::npos
      && message.ends_with(" missing")) {
    return fmt::format("{} needs a value", message.substr(0, colon));
  }
  // "Could not convert: --amount = abc": say what was expected.
  if (constexpr std::string_view prefix = "Could not convert: ";
      dynamic_cast<const CLI::ConversionError*>(&error) != nullptr && message.starts_with(prefix)) {
    const std::string rest = message.substr(prefix.size());
    const auto equals = rest.find(" = ");
    if (equals != std::string::npos) {
      const std::string option = rest.substr(0, equals);
      const CLI::Option* found = command.get_option_no_throw(option);
      const std::string type = found != nullptr ? found->get_type_name() : "";
      return fmt::format("{}: '{}' is not {}", option, rest.substr(equals + 3),
                         type.starts_with("FLOAT")                             ? "a number"
                         : type.starts_with("INT") || type.starts_with("UINT") ? "a whole number"
                                                                               : "a valid value");
    }
  }
  return message;
}

} // namespace

ParseErrorText
explain_parse_error(const CLI::App& app, const CLI::ParseError& error)
{
  const auto path = chosen_commands(app);
  const CLI::App& command = path.empty() ? app : *path.back();
  std::string name = "remitwatch";
  for (const CLI::App* at : path) {
    name += " " + at->get_name();
  }
  ParseErrorText text;
  text.hint = path.empty()                           ? "Run 'remitwatch --help' for the commands."
              : command.get_subcommands({}).empty() ? fmt::format("Run '{} --help' for its options.", name)
                                                    : fmt::format("Run '{} --help' for its commands.", name);
  text.message = unknown_token_message(command, name, unknown_tokens(app, path));
  if (!text.message.empty()) {
    return text;
  }
  if (!command.get_subcommands({}).empty() && command.get_subcommands().empty()) {
    // CLI11 says "A subcommand is required"; name them.
    text.message = fmt::format("'{}' needs a command: {}", name, fmt::join(command_names(command), ", "));
    return text;
  }
  text.message = reworded(command, error);
  return text;
}

} // namespace rw::app
