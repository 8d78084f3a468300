#pragma once
// The checks every DKIM-style signature goes through once parsed, shared by DKIM-Signature
// and ARC's two signed fields (RFC 8617 section 5.2 validates them "as DKIM"). Private to
// the library.
#include <cstdint>
#include <string>
#include <string_view>

#include "carteiro/mailauth/dkim_tags.hpp"
#include "carteiro/mailauth/dkim_verify.hpp"

namespace carteiro::mailauth::dkim {

// RFC 6376 sections 6.1.1 to 6.1.3 after parsing: the algorithm (RFC 8301) and x=, the key
// at <s>._domainkey.<d>, the body hash over CANONICAL_BODY (skipped when null: the ARC-Seal
// signs no body) and the signature over HEADER_DATA. RESULT carries what the caller has
// already filled in; its status and reason are set here.
Result check_signed(Result result, const Signature& sig, const std::string* canonical_body, std::string_view header_data,
                    DnsLookup& dns, std::int64_t now);

}  // namespace carteiro::mailauth::dkim
