#pragma once

// ExactMean: a mean that gives the same bits whatever order its values come
// in or however they are split, and Mean, the value-and-count it yields.

#include <cstddef>
#include <optional>

namespace rw::calculator {

// A mean and how many values it is over; no value when there were none.
struct Mean
{
  std::optional<double> value;
  size_t count = 0;
};

// A mean whose value does not depend on the order values are added in: each
// value is added exactly as a 128-bit fixed-point number with 60 fractional
// bits (finer than the last bit of any cost above 0.001 %), so sums split over
// threads or read in another order give the same bits. Values of 2^32 or more
// in magnitude (never a real cost) are summed apart as doubles.
class ExactMean
{
public:
  void add(double value);
  void merge(const ExactMean& other);
  size_t count() const { return m_count; }
  Mean result() const;

private:
  __extension__ using Fixed = __int128;
  Fixed m_fixed = 0;
  double m_large = 0;
  size_t m_count = 0;
};

} // namespace rw::calculator
