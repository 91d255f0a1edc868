#pragma once

// What to tell the user about a command line the parser refused, in
// remitwatch's words: an unknown command or option with the nearest known
// one ("did you mean --quarter?"), else CLI11's own message; and a hint
// naming the --help to read.

#include <CLI/CLI.hpp>

#include <string>

namespace rw::app {

struct ParseErrorText
{
  std::string message; // without the "remitwatch: error: " prefix
  std::string hint;    // "Run 'remitwatch averages --help' for its options."
};

// `app` is the top-level parser after parse() threw `error`: what it had
// parsed (the commands chosen, the tokens it did not know) is read from it.
ParseErrorText explain_parse_error(const CLI::App& app, const CLI::ParseError& error);

} // namespace rw::app
