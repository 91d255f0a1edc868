#include "net/loopback.hpp"
#include "store/postgres.hpp"
#include "tests/unit/postgres_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace postgres = rw::store::postgres;

namespace {

std::string
postgres_test_url()
{
  return rw::test::postgres_url();
}

postgres::Connection
postgres_test_connection()
{
  return rw::test::postgres_connect(postgres_test_url());
}

// `url` with `password` in its user part (user remitwatch when it names none).
std::string
url_with_password(const std::string& url, const std::string& password)
{
  const size_t authority = url.find("://") + 3;
  const size_t end = std::min(url.find_first_of("/?", authority), url.size());
  const size_t at = url.rfind('@', end);
  if (at == std::string::npos || at < authority) {
    return url.substr(0, authority) + "remitwatch:" + password + "@" + url.substr(authority);
  }
  const auto user = url.substr(authority, std::min(url.find(':', authority), at) - authority);
  return url.substr(0, authority) + user + ":" + password + url.substr(at);
}

// A loopback port nothing listens on: bound, then closed.
int
closed_loopback_port()
{
  int port = 0;
  const int socket = rw::net::listen_on_loopback(port, "closed_loopback_port");
  ::close(socket);
  return port;
}

std::optional<std::string>
result_value(const postgres::Result& result, int row, int column)
{
  if (result.is_null(row, column)) {
    return std::nullopt;
  }
  return std::string(result.text(row, column));
}

} // namespace

TEST_SUITE("store::postgres")
{
  TEST_CASE("postgresql:// and postgres:// URLs are PostgreSQL, anything else a SQLite path")
  {
    CHECK(postgres::is_url("postgresql://analyst@db.example.org/remitwatch"));
    CHECK(postgres::is_url("postgres:///remitwatch"));
    CHECK_FALSE(postgres::is_url("remitwatch.db"));
    CHECK_FALSE(postgres::is_url("./postgresql://x"));
    CHECK_FALSE(postgres::is_url("PostgreSQL.db"));
  }

  TEST_CASE("redact hides the password in the user part and in parameters, and nothing else")
  {
    CHECK(postgres::redact("postgresql://analyst:s3cret@db.example.org:5433/rw?sslmode=require") ==
          "postgresql://analyst:***@db.example.org:5433/rw?sslmode=require");
    CHECK(postgres::redact("postgres://analyst@db/rw?password=s3cret&sslmode=verify-full") ==
          "postgres://analyst@db/rw?password=***&sslmode=verify-full");
    CHECK(postgres::redact("postgresql://analyst@db/rw") == "postgresql://analyst@db/rw");
    // An '@' in the password (percent-encoded or not) and a ':' in the query.
    CHECK(postgres::redact("postgresql://a:p@ss@db/rw?options=-c%20x:y") == "postgresql://a:***@db/rw?options=-c%20x:y");
    CHECK(postgres::redact("host=db dbname=rw password=s3cret user=a") == "host=db dbname=rw password=*** user=a");
    // "application_password=" is not a password parameter.
    CHECK(postgres::redact("postgresql://db/rw?x_password=1") == "postgresql://db/rw?x_password=1");
  }

  TEST_CASE("bytea's hex format: every byte both ways; anything else is not one")
  {
    std::string all;
    for (int b = 0; b < 256; ++b) {
      all += static_cast<char>(b);
    }
    const std::string hex = postgres::bytea_hex(all);
    CHECK(hex.starts_with("\\x000102"));
    CHECK(hex.ends_with("fdfeff"));
    CHECK(hex.size() == 2 + 2 * 256);
    CHECK(postgres::bytea_bytes(hex) == all);
    CHECK(postgres::bytea_hex("") == "\\x");
    CHECK(postgres::bytea_bytes("\\x") == std::string());
    CHECK(postgres::bytea_bytes("\\xABcd") == std::string("\xab\xcd"));
    for (const char* bad : {"00", "\\x0", "\\xzz", "\\x0g"}) {
      CAPTURE(bad);
      CHECK_FALSE(postgres::bytea_bytes(bad).has_value());
    }
  }

  TEST_CASE("COPY's text format escapes backslash, tab, newline and CR, and writes NULL as \\N")
  {
    std::string line;
    postgres::append_copy_field(line, "a\tb\nc\\d\re", true);
    postgres::append_copy_field(line, std::nullopt, false);
    postgres::append_copy_field(line, "", false);
    postgres::append_copy_field(line, "\\N", false);
    CHECK(line == "a\\tb\\nc\\\\d\\re\t\\N\t\t\\\\N");
  }

  TEST_CASE("a server that cannot be reached is named, and the password is not")
  {
    const int port = closed_loopback_port();
    const auto url = fmt::format("postgresql://analyst:s3cret@127.0.0.1:{}/remitwatch?connect_timeout=5", port);
    auto connection = postgres::Connection::open(url);
    REQUIRE_FALSE(connection);
    const auto& message = connection.error().message;
    CHECK(connection.error().kind == rw::util::ErrorKind::database);
    CHECK(message.find(fmt::format("PostgreSQL server 127.0.0.1:{}, database remitwatch (user analyst)", port)) == 0);
    CHECK(message.find("cannot connect") != std::string::npos);
    CHECK(message.find("s3cret") == std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
  }

  TEST_CASE("a URL libpq cannot read is refused without its password")
  {
    auto connection = postgres::Connection::open("postgresql://analyst:s3cret@db/rw?no_such_parameter=1");
    REQUIRE_FALSE(connection);
    CHECK(connection.error().message.find("no_such_parameter") != std::string::npos);
    CHECK(connection.error().message.find("s3cret") == std::string::npos);
  }
}

TEST_SUITE("postgres")
{
  TEST_CASE("a connection says where it goes: server, database and user")
  {
    auto connection = postgres_test_connection();
    CHECK(connection.where().find("PostgreSQL server ") == 0);
    CHECK(connection.where().find(", database remitwatch (user remitwatch)") != std::string::npos);
    CHECK(connection.server_version() >= 150000);
    auto name = connection.query("SELECT current_setting('application_name')");
    REQUIRE(name);
    CHECK(name->text(0, 0) == "remitwatch");
  }

  TEST_CASE("parameters reach the server as values, NULL included, never as SQL")
  {
    auto connection = postgres_test_connection();
    REQUIRE(connection.exec("CREATE TEMP TABLE t (i bigint, s text, n text)"));
    const std::string awkward = "Côte d'Ivoire'); DROP TABLE t; --";
    const std::array<postgres::Parameter, 3> row{"42", awkward, std::nullopt};
    auto insert = connection.query("INSERT INTO t VALUES ($1, $2, $3)", row);
    REQUIRE(insert);
    CHECK(insert->affected() == 1);
    auto select = connection.query("SELECT i, s, n FROM t");
    REQUIRE(select);
    REQUIRE(select->rows() == 1);
    REQUIRE(select->columns() == 3);
    CHECK(select->column_name(1) == "s");
    CHECK(result_value(*select, 0, 0) == "42");
    CHECK(result_value(*select, 0, 1) == awkward);
    CHECK(result_value(*select, 0, 2) == std::nullopt);
  }

  TEST_CASE("a failing statement names the server, the database and the statement")
  {
    auto connection = postgres_test_connection();
    auto result = connection.query("SELEC 1");
    REQUIRE_FALSE(result);
    CHECK(result.error().kind == rw::util::ErrorKind::database);
    CHECK(result.error().message.find(connection.where()) == 0);
    CHECK(result.error().message.find("syntax error") != std::string::npos);
    CHECK(result.error().message.find("(in: SELEC 1)") != std::string::npos);
    // The connection goes on.
    auto one = connection.query("SELECT 1");
    REQUIRE(one);
    CHECK(one->text(0, 0) == "1");
  }

  TEST_CASE("COPY stores awkward text exactly, sent in any pieces, and counts the rows")
  {
    auto connection = postgres_test_connection();
    REQUIRE(connection.exec("CREATE TEMP TABLE c (i bigint, s text)"));
    const std::vector<std::optional<std::string>> texts{"tab\there, newline\nthere", "back\\slash\r", std::nullopt,
                                                        "", "\\N", "São Tomé"};
    std::string data;
    for (size_t i = 0; i < texts.size(); ++i) {
      postgres::append_copy_field(data, std::to_string(i), true);
      postgres::append_copy_field(data, texts[i] ? postgres::Parameter(*texts[i]) : std::nullopt, false);
      data += '\n';
    }
    auto copy = connection.copy_in("COPY c (i, s) FROM STDIN");
    REQUIRE(copy);
    // Pieces that split a line and an escape.
    const size_t cut = data.find('\\') + 1;
    REQUIRE(copy->put(data.substr(0, cut)));
    REQUIRE(copy->put(data.substr(cut)));
    auto rows = copy->end();
    REQUIRE(rows);
    CHECK(*rows == static_cast<std::int64_t>(texts.size()));
    auto select = connection.query("SELECT s FROM c ORDER BY i");
    REQUIRE(select);
    REQUIRE(select->rows() == static_cast<int>(texts.size()));
    for (size_t i = 0; i < texts.size(); ++i) {
      CHECK(result_value(*select, static_cast<int>(i), 0) == texts[i]);
    }
  }

  TEST_CASE("a COPY with a bad row stores none of its rows and the connection goes on")
  {
    auto connection = postgres_test_connection();
    REQUIRE(connection.exec("CREATE TEMP TABLE c (i bigint, s text)"));
    auto copy = connection.copy_in("COPY c (i, s) FROM STDIN");
    REQUIRE(copy);
    REQUIRE(copy->put("1\tfine\nnot a number\tbad\n"));
    auto rows = copy->end();
    REQUIRE_FALSE(rows);
    CHECK(rows.error().message.find(connection.where()) == 0);
    CHECK(rows.error().message.find("invalid input syntax for type bigint") != std::string::npos);
    auto count = connection.query("SELECT count(*) FROM c");
    REQUIRE(count);
    CHECK(count->text(0, 0) == "0");
  }

  TEST_CASE("a COPY given up before its end stores nothing")
  {
    auto connection = postgres_test_connection();
    REQUIRE(connection.exec("CREATE TEMP TABLE c (i bigint)"));
    {
      auto copy = connection.copy_in("COPY c (i) FROM STDIN");
      REQUIRE(copy);
      REQUIRE(copy->put("1\n2\n"));
    }
    auto count = connection.query("SELECT count(*) FROM c");
    REQUIRE(count);
    CHECK(count->text(0, 0) == "0");
    auto not_copy = connection.copy_in("SELECT 1");
    REQUIRE_FALSE(not_copy);
    CHECK(not_copy.error().message.find("not a COPY") != std::string::npos);
  }

  TEST_CASE("a database that does not exist is named; a password in the URL is not")
  {
    const auto url = rw::test::with_database(postgres_test_url(), "no_such_database");
    auto missing = postgres::Connection::open(url);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("database no_such_database") != std::string::npos);
    CHECK(missing.error().message.find("does not exist") != std::string::npos);
    // The throwaway cluster trusts its socket, so a password is accepted and
    // ignored: it must still appear nowhere.
    auto connection = postgres::Connection::open(url_with_password(postgres_test_url(), "s3cret"));
    REQUIRE_MESSAGE(connection, (connection ? "" : connection.error().message));
    CHECK(connection->where().find("s3cret") == std::string::npos);
  }
}
