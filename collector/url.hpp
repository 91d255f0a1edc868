#pragma once

#include "net/http.hpp"

#include <string>

namespace rw::collector {

// A response header's value (names are lower case), empty when absent.
std::string header(const net::HttpResponse& response, const std::string& name);

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string url_encode(const std::string& text);

// The URL without trailing slashes, to append a path to.
std::string trim_slash(std::string url);

} // namespace rw::collector
