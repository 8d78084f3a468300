#pragma once
// DANE for SMTP (RFC 7672): which MX hosts of a route publish secure TLSA records, looked
// up through a validating resolver. Blocking (it asks the Resolver): run it off the I/O
// threads.
#include <cstdint>
#include <string>

#include "carteiro/queue/dns.hpp"
#include "carteiro/queue/route.hpp"

namespace carteiro::queue {

// RFC 7672 section 3.1: DANE-TA(2) and DANE-EE(3) with a known selector and matching type
// (and a digest of the right length) are usable for SMTP; PKIX-TA(0) and PKIX-EE(1) are not.
bool usable_for_smtp(const TlsaRecord& record);

// Sets each host's dane of ROUTE (to DOMAIN by MX, through PORT): section 2.2.1, only
// when the MX RRset (or the denial of one, for the implicit MX) is secure; section
// 2.2.2, only hosts whose address records are secure; then the TLSA RRset at
// _PORT._tcp.<host>.
void look_up_dane(Resolver& resolver, const std::string& domain, std::uint16_t port, Route& route);

// Some host of ROUTE has DANE (authenticate, encrypt or failed).
bool has_dane(const Route& route);

}  // namespace carteiro::queue
