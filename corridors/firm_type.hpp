#pragma once

#include "util/error.hpp"

#include <array>
#include <string_view>

namespace rw::corridors {

// The channel a service is sold through. RPW labels ("Bank", "Money Transfer
// Operator", "Post office", "Mobile Operator", "Non-Bank FI", ...) and their
// spelling variants map onto these.
enum class FirmType { bank, mto, post_office, mobile_operator, other };

inline constexpr std::array<FirmType, 5> k_all_firm_types = {
  FirmType::bank, FirmType::mto, FirmType::post_office, FirmType::mobile_operator, FirmType::other};

// Any label from RPW, Wise (`moneyTransferProvider`) or our own files; case,
// spacing and punctuation are ignored. An unrecognised non-empty label is
// `other`; an empty one is an error (a firm type is required).
util::Expected<FirmType> parse_firm_type(std::string_view label);

// Canonical identifier: "bank", "mto", "post_office", "mobile_operator", "other".
std::string_view to_string(FirmType type);
// For people: "Banks", "Money transfer operators", ...
std::string_view display_name(FirmType type);

} // namespace rw::corridors
