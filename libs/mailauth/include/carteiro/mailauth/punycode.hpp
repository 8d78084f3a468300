#pragma once
// Punycode (RFC 3492), decoding only: the A-labels ("xn--...") of internationalized domain
// names (RFC 5890) back to the UTF-8 the Public Suffix List is written in.
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::mailauth {

// RFC 3492 section 6.2 on the part after "xn--"; nullopt when it is not valid Punycode or
// decodes to a code point UTF-8 cannot hold (a surrogate, past U+10FFFF).
std::optional<std::string> punycode_decode(std::string_view encoded);

// LABEL as UTF-8: an A-label decoded, anything else (and an A-label that does not decode)
// as it is.
std::string label_to_unicode(std::string_view label);

}  // namespace carteiro::mailauth
