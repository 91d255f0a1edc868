#include "calculator/exact_mean.hpp"

#include <cmath>
#include <cstdint>

namespace rw::calculator {

namespace {

// value × 2^60 truncated toward zero, for |value| < 2^32: what
// static_cast<__int128>(std::ldexp(value, 60)) gives, in two 64-bit halves
// instead of calls to ldexp and libgcc's __fixdfti. value × 2^28 is exact (a
// power of two) and below 2^60; its integer part is exact as a double (a
// double of 2^52 or more has no fraction), so the fraction is exact too, and
// both halves carry value's sign: the truncated halves add up to the
// truncated whole.
__extension__ using Fixed128 = __int128;
Fixed128
to_fixed_60(double value)
{
  const double scaled = value * 0x1p28;
  const auto high = static_cast<std::int64_t>(scaled);
  const double fraction = (scaled - static_cast<double>(high)) * 0x1p32;
  return static_cast<Fixed128>(high) * (Fixed128{1} << 32) + static_cast<std::int64_t>(fraction);
}

} // namespace

void
ExactMean::add(double value)
{
  // 2^32 % is no cost; such a value (and a NaN) is summed as a double so the
  // fixed-point sum never overflows (2^32 × 2^60 × 2^35 values < 2^127).
  constexpr double k_fixed_limit = 4294967296.0;
  if (std::fabs(value) < k_fixed_limit) {
    m_fixed += to_fixed_60(value); // exact but for bits below 2^-60
  } else {
    m_large += value;
  }
  ++m_count;
}

void
ExactMean::merge(const ExactMean& other)
{
  m_fixed += other.m_fixed;
  m_large += other.m_large;
  m_count += other.m_count;
}

Mean
ExactMean::result() const
{
  Mean mean;
  mean.count = m_count;
  if (m_count > 0) {
    const double sum = std::ldexp(static_cast<double>(m_fixed), -60) + m_large;
    mean.value = sum / static_cast<double>(m_count);
  }
  return mean;
}

} // namespace rw::calculator
