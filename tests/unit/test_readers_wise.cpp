#include "calculator/cost.hpp"
#include "readers/wise.hpp"
#include "tests/unit/support.hpp"
#include "util/file.hpp"
#include "util/time.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

using rw::readers::parse_wise_comparison;

namespace {

// Written for these tests in the shape of Wise's comparison API (v4); the
// providers and numbers are invented.
const char* const k_v4 = R"({
  "sourceCurrency": "USD", "targetCurrency": "MXN", "amount": 200, "amountType": "SEND",
  "providers": [
    {"name": "Wise", "alias": "wise", "type": "moneyTransferProvider",
     "quotes": [{"rate": 20.0, "fee": 4.0, "markup": 0, "receivedAmount": 3920.0,
                 "dateCollected": "2025-01-10T12:00:00.5Z",
                 "deliveryEstimation": {"duration": {"min": null, "max": "PT20H"}}}]},
    {"name": "Example Bank", "alias": "example-bank", "type": "bank",
     "quotes": [{"rate": 19.5, "fee": 0, "markup": 2.5, "receivedAmount": 3900.0,
                 "dateCollected": "2025-01-10T11:00:00Z", "deliveryEstimation": null}]}
  ]})";

} // namespace

TEST_SUITE("collector::wise")
{
  TEST_CASE("v4 response")
  {
    const auto comparison = parse_wise_comparison(k_v4, "wise.json");
    REQUIRE(comparison);
    CHECK(comparison->source_currency == "USD");
    CHECK(comparison->send_amount == 200.0);
    CHECK(comparison->mid_rate == 20.0);
    REQUIRE(comparison->quotes.size() == 2);
    const auto& wise = comparison->quotes[0];
    CHECK(wise.firm_type == rw::corridors::FirmType::mto);
    CHECK(wise.speed == rw::corridors::SpeedClass::same_day); // 20 h < 24 h
    CHECK(rw::util::format_timestamp(wise.collected_at) == "2025-01-10T12:00:00Z");
    const auto& bank = comparison->quotes[1];
    CHECK(bank.firm_type == rw::corridors::FirmType::bank);
    CHECK_FALSE(bank.speed.has_value());
    CHECK(bank.received == 3900.0);
  }

  TEST_CASE("refusals")
  {
    CHECK_FALSE(parse_wise_comparison("not json", "x.json"));
    CHECK_FALSE(parse_wise_comparison("[]", "x.json"));
    const auto no_wise = parse_wise_comparison(
      R"({"sourceCurrency":"USD","targetCurrency":"MXN","sendAmount":200,"providers":[]})", "w.json");
    REQUIRE_FALSE(no_wise);
    CHECK(no_wise.error().message.find("no mid-market rate") != std::string::npos);
    const auto zero_rate = parse_wise_comparison(
      R"({"sourceCurrency":"USD","targetCurrency":"MXN","sendAmount":200,"providers":[
        {"name":"Wise","alias":"wise","type":"moneyTransferProvider","quotes":[{"rate":0,"fee":1,
         "dateCollected":"2025-01-10T12:00:00Z"}]}]})",
      "w.json");
    REQUIRE_FALSE(zero_rate);
    CHECK(zero_rate.error().message == "w.json: provider 'Wise': 'rate' is missing or not a positive number");
    const auto negative_fee = parse_wise_comparison(
      R"({"sourceCurrency":"USD","targetCurrency":"MXN","sendAmount":200,"providers":[
        {"name":"Wise","alias":"wise","type":"moneyTransferProvider","quotes":[{"rate":20,"fee":-1,
         "dateCollected":"2025-01-10T12:00:00Z"}]}]})",
      "w.json");
    REQUIRE_FALSE(negative_fee);
    CHECK(negative_fee.error().message.find("'fee' is missing or negative") != std::string::npos);
  }
}

TEST_SUITE("realdata::wise")
{
  TEST_CASE("USD-CAD 500: 14 quotes, 5 banks, 9 MTOs; our FX margin is Wise's markup")
  {
    const auto text = rw::util::read_file(rw::test::shared_data_dir()
                                          / "wise/wise_v4_comparisons_USD-CAD_500_2024-09-24.json");
    REQUIRE(text);
    const auto comparison = parse_wise_comparison(*text, "wise.json");
    REQUIRE(comparison);
    CHECK(comparison->send_amount == 500.0);
    CHECK(comparison->mid_rate == 1.34375);
    REQUIRE(comparison->quotes.size() == 14);
    size_t banks = 0;
    size_t mtos = 0;
    for (const auto& quote : comparison->quotes) {
      CAPTURE(quote.provider);
      banks += quote.firm_type == rw::corridors::FirmType::bank ? 1U : 0U;
      mtos += quote.firm_type == rw::corridors::FirmType::mto ? 1U : 0U;
      REQUIRE(quote.received.has_value());
      const auto cost = rw::calculator::quote_cost({.amount = comparison->send_amount,
                                                    .fee = quote.fee,
                                                    .rate = quote.rate,
                                                    .benchmark = comparison->mid_rate,
                                                    .received = quote.received});
      REQUIRE(cost);
      // Wise publishes markup to 8 decimals.
      CHECK(std::fabs(cost->fx_margin_pct - quote.markup_pct) < 1e-6);
      // Wise deducts the fee before converting: received = round((A − F) × r, 2).
      CHECK(*quote.received == doctest::Approx(std::round((500.0 - quote.fee) * quote.rate * 100) / 100));
      // Implicit cost uses the amount received.
      CHECK(*cost->implicit_pct
            == doctest::Approx((1 - *quote.received / (500.0 * comparison->mid_rate)) * 100));
    }
    CHECK(banks == 5);
    CHECK(mtos == 9);
  }

  TEST_CASE("Xoom: 4.92 % RPW-style, 4.88 % implicit (the methodology's example)")
  {
    const auto text = rw::util::read_file(rw::test::shared_data_dir()
                                          / "wise/wise_v4_comparisons_USD-CAD_500_2024-09-24.json");
    REQUIRE(text);
    const auto comparison = parse_wise_comparison(*text, "wise.json");
    REQUIRE(comparison);
    const auto xoom = std::ranges::find(comparison->quotes, std::string("Xoom"), &rw::readers::WiseQuote::provider);
    REQUIRE(xoom != comparison->quotes.end());
    const auto cost = rw::calculator::quote_cost(
      {.amount = 500.0, .fee = xoom->fee, .rate = xoom->rate, .benchmark = comparison->mid_rate, .received = xoom->received});
    REQUIRE(cost);
    // fee 4.99 / 500 = 0.998 %; margin (1 − 1.2910822 / 1.34375) × 100 = 3.9195 %; total 4.9175.
    CHECK(cost->total_pct == doctest::Approx(4.92).epsilon(0.001));
    // 1 − 639.10 / (500 × 1.34375) = 1 − 639.10 / 671.875 = 4.878 %.
    CHECK(*cost->implicit_pct == doctest::Approx(4.88).epsilon(0.001));
  }
}
