#include "collector/url.hpp"

#include <fmt/format.h>

#include <cctype>

namespace rw::collector {

std::string
header(const net::HttpResponse& response, const std::string& name)
{
  auto it = response.headers.find(name);
  return it != response.headers.end() ? it->second : std::string();
}

std::string
url_encode(const std::string& text)
{
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string
trim_slash(std::string url)
{
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  return url;
}

} // namespace rw::collector
