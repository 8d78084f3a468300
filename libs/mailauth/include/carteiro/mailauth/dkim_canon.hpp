#pragma once
// DKIM canonicalization (RFC 6376 section 3.4): what the header hash and the body hash are
// computed over. Input lines end in CRLF (with_crlf makes them so).
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mime/header.hpp"

#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

// Bare LF line ends become CRLF (messages stored or piped with LF only); CRLF stays.
std::string with_crlf(std::string_view message);

// One header field, as it sits in the message (its folded lines with the final CRLF),
// canonicalized: section 3.4.1 (simple) or 3.4.2 (relaxed). Ends in CRLF.
std::string canonical_header(std::string_view field, Canonicalization canon);

// The body (after the blank line), canonicalized: section 3.4.3 (simple) or 3.4.4 (relaxed).
std::string canonical_body(std::string_view body, Canonicalization canon);

// The DKIM-Signature field with the value of its b= tag removed (section 3.7: it is
// hashed "with the value of the b= tag deleted"); nothing else changes.
std::string without_signature_value(std::string_view field);

// What the header hash covers (sections 3.7 and 5.4.2): for each name of h= in order, the
// last instance of that field not yet taken, from the bottom up (a name listed more times
// than present adds nothing: the "null" field, which is how oversigning refuses added
// fields); then the signature field with its b= value removed and no final CRLF.
std::string header_hash_input(const std::vector<mime::RawField>& fields, const std::vector<std::string>& names,
                              std::string_view signature_field, Canonicalization canon);
// Its last part alone: the signature field canonicalized, its b= value removed, no final
// CRLF (also how RFC 8617 section 5.1.1 ends the ARC-Seal's hash).
std::string signature_hash_input(std::string_view signature_field, Canonicalization canon);

}  // namespace carteiro::mailauth::dkim
