#include "readers/worldbank_api.hpp"
#include "readers/xml.hpp"

#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace rw::readers {

namespace {

using Json = nlohmann::json;

int
int_field(const Json& object, const char* key)
{
  const auto it = object.find(key);
  if (it == object.end()) {
    return 0;
  }
  if (it->is_number_integer()) {
    return it->get<int>();
  }
  if (it->is_string()) {
    return static_cast<int>(util::parse_integer(it->get<std::string>()).value_or(0));
  }
  return 0;
}

std::string
string_field(const Json& object, const char* key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

using xml::local_name;

pugi::xml_node
child(const pugi::xml_node& node, std::string_view name)
{
  for (const auto& c : node.children()) {
    if (local_name(c) == name) {
      return c;
    }
  }
  return {};
}

pugi::xml_attribute
attribute(const pugi::xml_node& node, std::string_view name)
{
  for (const auto& a : node.attributes()) {
    std::string_view attribute_name = a.name();
    const auto colon = attribute_name.find(':');
    if ((colon == std::string_view::npos ? attribute_name : attribute_name.substr(colon + 1)) == name) {
      return a;
    }
  }
  return {};
}

} // namespace

util::Expected<ReferencePage>
parse_worldbank_json(std::string_view text, const std::string& source_name)
{
  const Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: not JSON", source_name));
  }
  // An error reply is [ {"message": [ {id, key, value} ]} ].
  if (!document.is_array() || document.empty() || !document[0].is_object()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not a World Bank API v2 reply ([metadata, records])", source_name));
  }
  const Json& meta = document[0];
  if (meta.contains("message")) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: the API answered with an error: {}", source_name, meta["message"].dump()));
  }
  ReferencePage page;
  page.page = int_field(meta, "page");
  page.pages = int_field(meta, "pages");
  page.total = int_field(meta, "total");
  page.last_updated = string_field(meta, "lastupdated");
  if (document.size() < 2 || document[1].is_null()) {
    return page; // the "no data" reply
  }
  if (!document[1].is_array()) {
    return util::make_error(util::ErrorKind::parse, fmt::format("{}: records are not an array", source_name));
  }
  size_t index = 0;
  for (const auto& record : document[1]) {
    ++index;
    if (!record.is_object()) {
      return util::make_error(util::ErrorKind::parse, fmt::format("{}: record {} is not an object", source_name, index));
    }
    ReferenceValue value;
    if (const auto it = record.find("indicator"); it != record.end() && it->is_object()) {
      value.indicator = string_field(*it, "id");
    }
    if (const auto it = record.find("country"); it != record.end() && it->is_object()) {
      value.country_name = string_field(*it, "value");
    }
    value.country_iso3 = string_field(record, "countryiso3code");
    value.date = string_field(record, "date");
    if (value.indicator.empty() || value.date.empty()) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: record {} lacks indicator or date", source_name, index));
    }
    const auto v = record.find("value");
    if (v != record.end() && v->is_number()) {
      value.value = v->get<double>();
    } else if (v != record.end() && !v->is_null()) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: record {} ({} {}) value is not a number", source_name,
                                          index, value.country_iso3, value.date));
    }
    page.values.push_back(std::move(value));
  }
  return page;
}

util::Expected<ReferencePage>
parse_worldbank_xml(std::string_view text, const std::string& source_name)
{
  pugi::xml_document document;
  const auto result = document.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!result) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: not well-formed XML at byte {}: {}", source_name,
                                        result.offset, result.description()));
  }
  const auto root = document.document_element();
  if (local_name(root) == "error") {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: the API answered with an error: {}", source_name,
                                        child(root, "message").child_value()));
  }
  if (local_name(root) != "data") {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: root element <{}>, expected wb:data", source_name, root.name()));
  }
  ReferencePage page;
  page.page = static_cast<int>(util::parse_integer(attribute(root, "page").value()).value_or(0));
  page.pages = static_cast<int>(util::parse_integer(attribute(root, "pages").value()).value_or(0));
  page.total = static_cast<int>(util::parse_integer(attribute(root, "total").value()).value_or(0));
  page.last_updated = attribute(root, "lastupdated").value();
  size_t index = 0;
  for (const auto& record : root.children()) {
    if (local_name(record) != "data") {
      continue;
    }
    ++index;
    ReferenceValue value;
    value.indicator = attribute(child(record, "indicator"), "id").value();
    value.country_name = child(record, "country").child_value();
    value.country_iso3 = util::trim(child(record, "countryiso3code").child_value());
    value.date = util::trim(child(record, "date").child_value());
    if (value.indicator.empty() || value.date.empty()) {
      return util::make_error(util::ErrorKind::parse,
                              fmt::format("{}: record {} lacks indicator or date", source_name, index));
    }
    const std::string_view v = util::trim(child(record, "value").child_value());
    if (!v.empty()) {
      const auto number = util::parse_double(v);
      if (!number) {
        return util::make_error(util::ErrorKind::parse,
                                fmt::format("{}: record {} ({} {}) value '{}' is not a number",
                                            source_name, index, value.country_iso3, value.date, v));
      }
      value.value = number;
    }
    page.values.push_back(std::move(value));
  }
  return page;
}

util::Expected<ReferencePage>
parse_worldbank(std::string_view text, const std::string& source_name)
{
  std::string_view trimmed = util::trim(text);
  if (trimmed.starts_with("\xEF\xBB\xBF")) {
    trimmed.remove_prefix(3);
  }
  if (trimmed.starts_with("<")) {
    return parse_worldbank_xml(text, source_name);
  }
  return parse_worldbank_json(text, source_name);
}

} // namespace rw::readers
