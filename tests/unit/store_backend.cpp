#include "tests/unit/store_backend.hpp"

#include "tests/unit/postgres_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

namespace rw::test {

namespace {

struct Stores
{
  std::mutex mutex;
  std::map<std::filesystem::path, std::unique_ptr<PostgresDatabase>> databases;
  int named = 0; // store_at calls in this case
  std::vector<std::string> without;
};

Stores&
stores()
{
  static Stores instance;
  return instance;
}

// Drops the case's databases when it ends, and notes a case that named none.
struct StoreBackendListener : doctest::IReporter
{
  explicit StoreBackendListener(const doctest::ContextOptions& /*options*/) {}

  void test_case_start(const doctest::TestCaseData& data) override
  {
    stores().named = 0;
    m_name = data.m_name;
  }
  void test_case_end(const doctest::CurrentTestCaseStats& /*stats*/) override
  {
    auto& all = stores();
    const std::scoped_lock lock(all.mutex);
    if (on_postgres() && all.named == 0) {
      all.without.push_back(m_name);
    }
    all.databases.clear();
  }
  void test_case_exception(const doctest::TestCaseException& /*exception*/) override {}
  void subcase_start(const doctest::SubcaseSignature& /*signature*/) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData& /*data*/) override {}
  void log_message(const doctest::MessageData& /*data*/) override {}
  void test_case_skipped(const doctest::TestCaseData& /*data*/) override {}
  void report_query(const doctest::QueryData& /*data*/) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& /*stats*/) override {}
  void test_case_reenter(const doctest::TestCaseData& /*data*/) override {}

private:
  std::string m_name;
};

} // namespace

REGISTER_LISTENER("store_backend", 1, StoreBackendListener);

bool
on_postgres()
{
  static const bool postgres = [] {
    const char* backend = std::getenv("RW_TEST_BACKEND");
    return backend != nullptr && std::string_view(backend) == "postgres";
  }();
  return postgres;
}

std::filesystem::path
store_at(const std::filesystem::path& file)
{
  auto& all = stores();
  const std::scoped_lock lock(all.mutex);
  ++all.named;
  if (!on_postgres()) {
    return file;
  }
  // Each ":memory:" is a database of its own, as SQLite opens it.
  const std::filesystem::path key =
    file == ":memory:" ? std::filesystem::path(":memory:" + std::to_string(all.databases.size())) : file;
  auto& database = all.databases[key];
  if (!database) {
    database = std::make_unique<PostgresDatabase>();
  }
  return database->url();
}

std::string
store_name(const std::filesystem::path& location)
{
  if (!on_postgres()) {
    return location.filename().string();
  }
  const std::string url = location.string();
  const size_t path = url.find('/', url.find("://") + 3) + 1;
  return url.substr(path, url.find('?', path) - path);
}

const std::vector<std::string>&
cases_without_a_store()
{
  return stores().without;
}

} // namespace rw::test
