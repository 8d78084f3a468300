#pragma once
// An SPF record (RFC 7208 section 4.6, grammar in section 12): the version, its directives
// in order, and its modifiers. A record that does not follow the grammar is a permerror
// with a reason; the parser does no DNS.
#include <asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mailauth/spf_macro.hpp"

namespace carteiro::mailauth {

// qualifier = "+" / "-" / "?" / "~" (section 4.6.2).
enum class SpfQualifier { pass, fail, softfail, neutral };

enum class SpfMechanismKind { all, include, a, mx, ptr, ip4, ip6, exists };

struct SpfMechanism {
  SpfQualifier qualifier = SpfQualifier::pass;
  SpfMechanismKind kind = SpfMechanismKind::all;
  std::string text;  // the term as written, for Received-SPF "mechanism="
  // include, exists: required; a, mx, ptr: empty pieces mean the current <domain>.
  std::optional<std::vector<SpfMacroPiece>> domain_spec;
  asio::ip::address network;  // ip4, ip6
  unsigned cidr4 = 32;        // ip4, a, mx (dual-cidr-length, section 5.6)
  unsigned cidr6 = 128;       // ip6, a, mx
};

struct SpfRecord {
  std::vector<SpfMechanism> mechanisms;
  std::optional<std::vector<SpfMacroPiece>> redirect;  // section 6.1
  std::optional<std::vector<SpfMacroPiece>> exp;       // section 6.2
};

// Longest record text accepted (DNS answers this big are already unusual: section 3.4).
inline constexpr std::size_t kSpfMaxRecord = 4096;

struct SpfRecordParse {
  std::optional<SpfRecord> record;
  std::string error;  // why the record is a permerror
};

// Is TEXT an SPF record at all: "v=spf1" alone or followed by SP (section 4.5).
bool is_spf_record(std::string_view text);

SpfRecordParse parse_spf_record(std::string_view text);

}  // namespace carteiro::mailauth
