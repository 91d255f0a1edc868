#include "readers/quote_feed.hpp"

#include "readers/xml.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <cctype>

namespace rw::readers {

namespace {

using xml::attribute;
using xml::local_name;

class FeedReader
{
public:
  FeedReader(std::string_view text, const std::string& name)
    : m_text(text)
    , m_name(name)
  {
  }

  util::Error error(const pugi::xml_node& node, const std::string& message) const
  {
    return {util::ErrorKind::parse, fmt::format("{}:{}: {}", m_name, xml::line_at(m_text, node.offset_debug()), message)};
  }

  util::Expected<std::string> required(const pugi::xml_node& node, std::string_view name) const
  {
    auto a = attribute(node, name);
    if (!a || util::trim(a.value()).empty()) {
      return std::unexpected(error(node, fmt::format("<{}> needs the attribute '{}'", local_name(node), name)));
    }
    return std::string(util::trim(a.value()));
  }

  util::Expected<double> number(const pugi::xml_node& node, std::string_view name, bool positive) const
  {
    auto text = required(node, name);
    if (!text) {
      return std::unexpected(text.error());
    }
    auto value = util::parse_double(*text);
    if (!value || !std::isfinite(*value)) {
      return std::unexpected(error(node, fmt::format("{} '{}' is not a number", name, *text)));
    }
    if (positive ? *value <= 0 : *value < 0) {
      return std::unexpected(
        error(node, fmt::format("{} {} must be {}", name, *text, positive ? "positive" : "zero or more")));
    }
    return *value;
  }

  util::Expected<std::string> currency(const pugi::xml_node& node, std::string_view name) const
  {
    auto code = required(node, name);
    if (code && (code->size() != 3 || !std::ranges::all_of(*code, [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }))) {
      return std::unexpected(error(node, fmt::format("{} '{}' is not a currency code", name, *code)));
    }
    return code;
  }

  util::Expected<FeedQuote> quote(const pugi::xml_node& node, const FeedQuote& service) const
  {
    FeedQuote q = service;
    q.line = xml::line_at(m_text, node.offset_debug());
    auto standard = required(node, "standardAmountUsd");
    if (!standard) {
      return std::unexpected(standard.error());
    }
    if (*standard != "200" && *standard != "500") {
      return std::unexpected(error(node, fmt::format("standardAmountUsd '{}' must be 200 or 500", *standard)));
    }
    q.standard_amount_usd = *standard == "200" ? 200 : 500;
    auto amount = number(node, "amount", true);
    auto fee = number(node, "fee", false);
    auto rate = number(node, "rate", true);
    auto currency_code = currency(node, "currency");
    auto receive_currency = currency(node, "receiveCurrency");
    auto collected = required(node, "collected");
    for (const auto* problem : {amount ? nullptr : &amount.error(), fee ? nullptr : &fee.error(),
                                rate ? nullptr : &rate.error(), currency_code ? nullptr : &currency_code.error(),
                                receive_currency ? nullptr : &receive_currency.error(),
                                collected ? nullptr : &collected.error()}) {
      if (problem != nullptr) {
        return std::unexpected(*problem);
      }
    }
    auto when = util::parse_timestamp(*collected);
    if (!when) {
      return std::unexpected(error(node, fmt::format("collected: {}", when.error().message)));
    }
    q.amount = *amount;
    q.fee = *fee;
    q.rate = *rate;
    q.currency = *currency_code;
    q.receive_currency = *receive_currency;
    q.collected_at = *when;
    if (attribute(node, "received")) {
      auto received = number(node, "received", false);
      if (!received) {
        return std::unexpected(received.error());
      }
      q.received = *received;
    }
    if (attribute(node, "benchmark")) {
      auto benchmark = number(node, "benchmark", true);
      auto source = required(node, "benchmarkSource");
      if (!benchmark || !source) {
        return std::unexpected(!benchmark ? benchmark.error() : source.error());
      }
      q.benchmark = *benchmark;
      q.benchmark_source = *source;
    }
    return q;
  }

  util::Expected<QuoteFeed> feed(const pugi::xml_node& root) const
  {
    QuoteFeed feed;
    if (auto version = attribute(root, "version"); !version || std::string_view(version.value()) != "1") {
      return std::unexpected(error(root, "only quote feed version=\"1\" is known"));
    }
    auto publisher = required(root, "publisher");
    if (!publisher) {
      return std::unexpected(publisher.error());
    }
    feed.publisher = *publisher;
    feed.generated = attribute(root, "generated").value();
    for (const auto& provider : root.children()) {
      if (provider.type() != pugi::node_element) {
        continue;
      }
      if (local_name(provider) != "provider") {
        return std::unexpected(error(provider, fmt::format("unexpected <{}> (expected <provider>)", provider.name())));
      }
      FeedQuote base;
      auto name = required(provider, "name");
      auto type = required(provider, "type");
      if (!name || !type) {
        return std::unexpected(!name ? name.error() : type.error());
      }
      auto firm_type = corridors::parse_firm_type(*type);
      if (!firm_type) {
        return std::unexpected(error(provider, firm_type.error().message));
      }
      base.provider = *name;
      base.firm_type = *firm_type;
      for (const auto& service : provider.children()) {
        if (service.type() != pugi::node_element) {
          continue;
        }
        if (local_name(service) != "service") {
          return std::unexpected(error(service, fmt::format("unexpected <{}> (expected <service>)", service.name())));
        }
        FeedQuote with_service = base;
        auto corridor_text = required(service, "corridor");
        if (!corridor_text) {
          return std::unexpected(corridor_text.error());
        }
        auto corridor = corridors::CorridorKey::parse(*corridor_text);
        if (!corridor) {
          return std::unexpected(error(service, corridor.error().message));
        }
        with_service.corridor = *corridor;
        with_service.payment_instrument = attribute(service, "instrument").value();
        with_service.receiving_method = attribute(service, "receiving").value();
        auto speed = corridors::parse_speed_class(attribute(service, "speed").value());
        if (!speed) {
          return std::unexpected(error(service, speed.error().message));
        }
        with_service.speed = *speed;
        const std::string_view accessible = attribute(service, "accessible").value();
        if (!accessible.empty() && accessible != "true" && accessible != "false") {
          return std::unexpected(error(service, "accessible must be true or false"));
        }
        with_service.accessible = accessible != "false";
        for (const auto& element : service.children()) {
          if (element.type() != pugi::node_element) {
            continue;
          }
          if (local_name(element) != "quote") {
            return std::unexpected(error(element, fmt::format("unexpected <{}> (expected <quote>)", element.name())));
          }
          auto q = quote(element, with_service);
          if (!q) {
            return std::unexpected(q.error());
          }
          feed.quotes.push_back(std::move(*q));
        }
      }
    }
    return feed;
  }

private:
  std::string_view m_text;
  const std::string& m_name;
};

} // namespace

util::Expected<QuoteFeed>
parse_quote_feed(std::string_view text, const std::string& source_name)
{
  pugi::xml_document document;
  // parse_default leaves a DOCTYPE unparsed and expands no custom entities.
  const auto result = document.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!result) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}:{}: not well-formed XML: {}", source_name,
                                                                xml::line_at(text, result.offset),
                                                                result.description()));
  }
  const auto root = document.document_element();
  if (local_name(root) != "quoteFeed") {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not a quote feed: root element <{}>, expected <quoteFeed>", source_name,
                                        root.name()));
  }
  return FeedReader(text, source_name).feed(root);
}

} // namespace rw::readers
