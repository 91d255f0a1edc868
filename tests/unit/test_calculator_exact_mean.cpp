#include "calculator/exact_mean.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

// The suite docs/methodology.md cites for these cases.
TEST_SUITE("calculator::aggregates")
{
  TEST_CASE("ExactMean: the same bits in any order and any split")
  {
    // 10,000 seeded costs between 0 and 20 %: summed forwards, backwards, and
    // as two merged halves, the mean is the same double (a plain running sum
    // differs in the last bits between such orders).
    std::mt19937_64 bits(7);
    std::vector<double> values;
    values.reserve(10000);
    for (int i = 0; i < 10000; ++i) {
      values.push_back(static_cast<double>(bits() % 2000000) / 100000.0 + 0.001);
    }
    rw::calculator::ExactMean forwards;
    rw::calculator::ExactMean backwards;
    rw::calculator::ExactMean first_half;
    rw::calculator::ExactMean second_half;
    for (size_t i = 0; i < values.size(); ++i) {
      forwards.add(values[i]);
      backwards.add(values[values.size() - 1 - i]);
      (i % 2 == 0 ? first_half : second_half).add(values[i]);
    }
    second_half.merge(first_half);
    REQUIRE(forwards.result().value);
    CHECK(forwards.result().value == backwards.result().value);
    CHECK(forwards.result().value == second_half.result().value);
    CHECK(second_half.count() == 10000);
    // Ten times 0.1 averages to 0.1 exactly (a running sum gives 0.9999999999999999 / 10).
    rw::calculator::ExactMean tenths;
    for (int i = 0; i < 10; ++i) {
      tenths.add(0.1);
    }
    CHECK(tenths.result().value == 0.1);
    // No value: no mean; a value beyond any cost still counts.
    CHECK_FALSE(rw::calculator::ExactMean().result().value);
    rw::calculator::ExactMean huge;
    huge.add(1e12);
    huge.add(2.0);
    CHECK(huge.result().value == (1e12 + 2.0) / 2);
  }

  TEST_CASE("ExactMean: each value taken as value x 2^60 truncated toward zero, whatever its size and sign")
  {
    // The reference: the 128-bit sum of static_cast<__int128>(ldexp(v, 60))
    // (the conversion the mean was first written with), over values of every
    // magnitude below 2^32, both signs, with bits below 2^-60 (truncated),
    // integers and fractions. One value per mean, then all in one mean.
    __extension__ using Fixed = __int128;
    std::mt19937_64 bits(11);
    Fixed total = 0;
    rw::calculator::ExactMean all;
    for (int i = 0; i < 20000; ++i) {
      const double mantissa = static_cast<double>(bits() >> 11) * 0x1p-53; // [0, 1), 53 random bits
      const int exponent = static_cast<int>(bits() % 95) - 62;             // 2^-62 ... 2^32
      double value = std::ldexp(mantissa, exponent);
      value = value >= 4294967296.0 ? 4294967295.5 : value;
      value = bits() % 2 == 0 ? -value : value;
      const Fixed fixed = static_cast<Fixed>(std::ldexp(value, 60));
      total += fixed;
      rw::calculator::ExactMean one;
      one.add(value);
      all.add(value);
      INFO(value);
      REQUIRE(one.result().value);
      CHECK(*one.result().value == std::ldexp(static_cast<double>(fixed), -60));
    }
    REQUIRE(all.result().value);
    CHECK(*all.result().value == std::ldexp(static_cast<double>(total), -60) / 20000.0);
  }
}
