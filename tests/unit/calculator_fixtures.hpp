#pragma once

// Services, a catalogue and helpers shared by the calculator's tests
// (test_calculator_*.cpp): made by hand so that every figure can be checked
// by hand.

#include "calculator/aggregates.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rw::test::calculator_fixtures {

using rw::calculator::aggregate_quarter;
using rw::calculator::ServiceCost;
using rw::corridors::FirmType;
using rw::corridors::Quarter;
using rw::corridors::SpeedClass;

inline const Quarter k_q(2024, 4);

// A catalogue written for these tests: flows are round numbers so weighted
// averages can be checked by hand. KEN-UGA has no flow, GBR-IND a zero one,
// USA-GBR and KEN-GBR are not listed; ZZZ is no country.
inline const rw::corridors::Catalogue&
catalogue()
{
  static const auto loaded = rw::corridors::Catalogue::load(
    "iso3,name,currency,region,income_group,g20\n"
    "GBR,United Kingdom,GBP,eca,high,yes\n"
    "IND,India,INR,sa,lower_middle,yes\n"
    "KEN,Kenya,KES,ssa,lower_middle,no\n"
    "MEX,Mexico,MXN,lac,upper_middle,yes\n"
    "NGA,Nigeria,NGN,ssa,lower_middle,no\n"
    "UGA,Uganda,UGX,ssa,low,no\n"
    "USA,United States,USD,na,high,yes\n",
    "countries.csv",
    "sender,receiver,flow_usd,flow_year,flow_source\n"
    "USA,MEX,100,2021,test\n"
    "GBR,NGA,300,2021,test\n"
    "GBR,IND,0,2021,test\n"
    "KEN,UGA,,,\n",
    "corridors.csv");
  REQUIRE(loaded);
  return *loaded;
}

struct Make
{
  std::string corridor = "USA-MEX";
  std::string key = "s";
  double total = 0;
  FirmType firm = FirmType::mto;
  std::optional<SpeedClass> speed = SpeedClass::same_day;
  bool transparent = true;
  bool accessible = true;
  Quarter quarter = k_q;
};

// A service observation; fee and margin are half the total each so that
// their means can be checked too.
inline ServiceCost
make(const Make& m)
{
  ServiceCost s;
  s.quarter = m.quarter;
  s.corridor = *rw::corridors::CorridorKey::parse(m.corridor);
  s.service_key = m.key;
  s.provider = m.key;
  s.firm_type = m.firm;
  s.speed = m.speed;
  s.transparent = m.transparent;
  s.accessible = m.accessible;
  s.total_pct = m.total;
  s.fee_pct = m.total / 2;
  s.fx_margin_pct = m.total / 2;
  return s;
}

inline const rw::calculator::CorridorAverage&
corridor(const rw::calculator::QuarterAggregates& a, const char* key)
{
  for (const auto& c : a.corridors) {
    if (c.corridor.to_string() == key) {
      return c;
    }
  }
  FAIL("no corridor " << key);
  throw std::logic_error("unreachable");
}

inline rw::calculator::QuarterAggregates
aggregate(const std::vector<ServiceCost>& services)
{
  return aggregate_quarter(services, k_q, catalogue());
}

inline rw::calculator::ObservationView
view(const ServiceCost& s)
{
  return {.quarter = s.quarter,
          .sender = s.corridor.sender,
          .receiver = s.corridor.receiver,
          .service_key = s.service_key,
          .provider = s.provider,
          .firm_type = s.firm_type,
          .speed = s.speed,
          .transparent = s.transparent,
          .accessible = s.accessible,
          .fee_pct = s.fee_pct,
          .fx_margin_pct = s.fx_margin_pct,
          .total_pct = s.total_pct};
}

} // namespace rw::test::calculator_fixtures
