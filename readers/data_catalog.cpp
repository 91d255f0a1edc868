#include "readers/data_catalog.hpp"


#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace rw::readers {

namespace {

using Json = nlohmann::json;

// A field as text: the catalog writes versions as text or as numbers.
std::string
text_of(const Json& object, const char* key)
{
  const auto it = object.find(key);
  if (it == object.end()) {
    return {};
  }
  if (it->is_string()) {
    return it->get<std::string>();
  }
  if (it->is_number_integer()) {
    return std::to_string(it->get<long long>());
  }
  return {};
}

std::string
lower(std::string text)
{
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The URL's path without query or fragment.
std::string
url_path(const std::string& url)
{
  return url.substr(0, url.find_first_of("?#"));
}

// A resource that is a workbook, as a release; nothing for the others.
std::optional<CatalogRelease>
workbook_of(const Json& resource, const std::string& dataset_version)
{
  if (!resource.is_object()) {
    return std::nullopt;
  }
  const std::string url = text_of(resource, "url");
  const std::string path = url_path(url);
  const bool xlsx_url = lower(path).ends_with(".xlsx");
  const std::string format = lower(text_of(resource, "format"));
  if (url.empty() || (!xlsx_url && format != "xlsx" && format != "excel")) {
    return std::nullopt;
  }
  CatalogRelease release;
  release.url = url;
  release.file_name = xlsx_url ? path.substr(path.find_last_of('/') + 1) : text_of(resource, "name");
  release.version = text_of(resource, "version");
  if (release.version.empty()) {
    release.version = dataset_version;
  }
  release.date = text_of(resource, "last_updated_date").substr(0, 10);
  return release;
}

} // namespace

util::Expected<CatalogRelease>
parse_catalog_release(std::string_view json, const std::string& source)
{
  const Json document = Json::parse(json, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: the Data Catalog's answer is not a JSON object", source));
  }
  const auto resources = document.find("Resources");
  if (resources == document.end() || !resources->is_array()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: the Data Catalog's answer has no 'Resources' list; is the dataset id "
                                        "right?",
                                        source));
  }
  std::optional<CatalogRelease> newest;
  for (const auto& resource : *resources) {
    auto release = workbook_of(resource, text_of(document, "version"));
    if (release && (!newest || release->date >= newest->date)) {
      newest = std::move(release);
    }
  }
  if (!newest || newest->file_name.empty()) {
    return util::make_error(util::ErrorKind::parse,
                            fmt::format("{}: none of the catalog's {} resources is a workbook (.xlsx) with a URL",
                                        source, resources->size()));
  }
  return *newest;
}

} // namespace rw::readers
