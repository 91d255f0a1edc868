#pragma once

// The server the test suite "postgres" runs against: CTest's unit.postgres
// runs it through tests/postgres/cluster.sh, which sets RW_TEST_POSTGRES (or
// reports the entry skipped when no server can be had). Run by hand without
// it, every case fails here, saying so: it never passes without a server.

#include "store/postgres.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

namespace rw::test {

inline std::string
postgres_url()
{
  const char* url = std::getenv("RW_TEST_POSTGRES");
  REQUIRE_MESSAGE(url != nullptr, "RW_TEST_POSTGRES is not set: run through tests/postgres/cluster.sh run");
  return url;
}

inline store::postgres::Connection
postgres_connect(const std::string& url)
{
  auto connection = store::postgres::Connection::open(url);
  REQUIRE_MESSAGE(connection, (connection ? "" : connection.error().message));
  return std::move(*connection);
}

// `url` with its database (the path after the authority) replaced.
inline std::string
with_database(const std::string& url, const std::string& name)
{
  const size_t path = url.find('/', url.find("://") + 3);
  const size_t query = url.find('?', path);
  return url.substr(0, path + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

// `url` with another user (and no password).
inline std::string
with_user(const std::string& url, const std::string& user)
{
  const size_t authority = url.find("://") + 3;
  const size_t end = std::min(url.find_first_of("/?", authority), url.size());
  const size_t at = url.rfind('@', end);
  const size_t rest = at == std::string::npos || at < authority ? authority : at + 1;
  return url.substr(0, authority) + user + "@" + url.substr(rest);
}

// A new, empty database on the test server (its role may create
// databases: the throwaway cluster's is its superuser), dropped with the
// object.
class PostgresDatabase
{
public:
  PostgresDatabase()
    : m_admin(postgres_connect(postgres_url()))
  {
    static std::atomic<int> counter{0};
    m_name = fmt::format("rw_test_{}_{}", ::getpid(), counter++);
    // One statement each: CREATE DATABASE cannot run in the transaction a
    // string of several statements makes.
    for (const auto* sql : {"DROP DATABASE IF EXISTS {}", "CREATE DATABASE {}"}) {
      auto done = m_admin.exec(fmt::format(fmt::runtime(sql), m_name));
      REQUIRE_MESSAGE(done, (done ? "" : done.error().message));
    }
    m_url = with_database(postgres_url(), m_name);
  }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  ~PostgresDatabase() { (void)m_admin.exec(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", m_name)); }

  const std::string& url() const { return m_url; }
  const std::string& name() const { return m_name; }
  store::postgres::Connection connect() const { return postgres_connect(m_url); }

private:
  store::postgres::Connection m_admin;
  std::string m_name, m_url;
};

} // namespace rw::test
