#include "collector/read_while_writing.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <vector>

using rw::collector::read_while_writing;
using rw::readers::ImportedFile;
using rw::readers::ImportedQuote;
using rw::readers::QuoteSink;

namespace {

// A reader that gives `batches` batches of three quotes, numbered in their
// natural_key from 0, and fails after `fail_after` batches when asked to.
struct FakeReader
{
  int batches = 0;
  int fail_after = -1;
  std::atomic<int> given{0};

  rw::util::Expected<ImportedFile> operator()(const QuoteSink& sink)
  {
    int number = 0;
    for (int b = 0; b < batches; ++b) {
      if (b == fail_after) {
        return rw::util::make_error(rw::util::ErrorKind::parse, "broken at batch " + std::to_string(b));
      }
      std::vector<ImportedQuote> batch(3);
      for (auto& quote : batch) {
        quote.natural_key = std::to_string(number++);
      }
      ++given;
      if (auto ok = sink(batch); !ok) {
        return std::unexpected(ok.error());
      }
      batch.clear(); // as the readers do after the call
    }
    ImportedFile file;
    file.rows = static_cast<size_t>(number);
    return file;
  }
};

} // namespace

TEST_SUITE("collector::read_while_writing")
{
  TEST_CASE("every batch reaches the writer, in order, through a queue of one")
  {
    FakeReader reader{.batches = 500};
    std::vector<std::string> keys;
    auto file = read_while_writing([&](const QuoteSink& sink) { return reader(sink); },
                                   [&](std::vector<ImportedQuote>& batch) -> rw::util::Expected<void> {
                                     for (const auto& quote : batch) {
                                       keys.push_back(quote.natural_key);
                                     }
                                     return {};
                                   },
                                   1);
    REQUIRE(file);
    CHECK(file->rows == 1500);
    REQUIRE(keys.size() == 1500);
    bool in_order = true;
    for (size_t i = 0; i < keys.size(); ++i) {
      in_order = in_order && keys[i] == std::to_string(i);
    }
    CHECK(in_order);
  }

  TEST_CASE("a failed write stops the reader early and its error is returned")
  {
    FakeReader reader{.batches = 10000};
    int written = 0;
    auto file = read_while_writing([&](const QuoteSink& sink) { return reader(sink); },
                                   [&](std::vector<ImportedQuote>&) -> rw::util::Expected<void> {
                                     if (++written == 3) {
                                       return rw::util::make_error(rw::util::ErrorKind::database, "disk full");
                                     }
                                     return {};
                                   },
                                   2);
    REQUIRE_FALSE(file);
    CHECK(file.error().message == "disk full");
    CHECK(written == 3);
    // The reader is at most the queue's depth and the batch in its hands
    // ahead of the writer when it stops: far from the 10,000 batches.
    CHECK(reader.given.load() <= 3 + 2 + 1);
  }

  TEST_CASE("a failed read returns its error after the batches before it were written")
  {
    FakeReader reader{.batches = 50, .fail_after = 7};
    int written = 0;
    auto file = read_while_writing([&](const QuoteSink& sink) { return reader(sink); },
                                   [&](std::vector<ImportedQuote>&) -> rw::util::Expected<void> {
                                     ++written;
                                     return {};
                                   });
    REQUIRE_FALSE(file);
    CHECK(file.error().message == "broken at batch 7");
    CHECK(written == 7);
  }
}
