#pragma once
// Where mail for a domain goes: the hosts to try, in order (RFC 5321 section 5), or why
// it cannot go anywhere. Blocking (it asks the Resolver): run it off the I/O threads.
#include <asio/ip/address.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/queue/dns.hpp"

namespace carteiro::queue {

// DANE for one MX host (RFC 7672 section 2.2). None: no secure TLSA records (TLS as the
// route's security says). Authenticate: secure, usable TLSA records: TLS is mandatory and
// the certificate must match one of them. Encrypt: secure TLSA records, none usable: TLS
// is mandatory, unauthenticated. Failed: the TLSA lookup failed or was bogus: the host is
// not used this time.
struct HostDane {
  enum class Kind { none, authenticate, encrypt, failed };
  Kind kind = Kind::none;
  std::vector<TlsaRecord> records;  // authenticate: the usable ones
  std::string reason;               // failed: why
};

struct Host {
  std::string name;                          // for logs, SNI and the DSN's Remote-MTA
  std::vector<asio::ip::address> addresses;  // to try in order
  HostDane dane{};
};

// What TLS has to prove on a route. Opportunistic (RFC 7435): encrypt when offered,
// accept any certificate, fall back to plain text. Verified (an MTA-STS policy in
// enforce mode, RFC 8461 section 4.2): STARTTLS is mandatory and the certificate must
// chain to a trusted CA and name the MX host; anything less fails the attempt.
struct RouteSecurity {
  enum class Kind { opportunistic, verified };
  Kind kind = Kind::opportunistic;
  std::string policy;  // what asks for it, for reasons and logs: "MTA-STS policy of b.test"
};

struct Route {
  enum class Outcome { ok, temporary, permanent };
  Outcome outcome = Outcome::ok;
  std::string status;        // RFC 3463 code when not ok: "5.1.2", "4.4.3", "5.1.10"...
  std::string reason;        // for last_reply and the DSN
  std::vector<Host> hosts;   // when ok: in the order to try
  RouteSecurity security;

  // Recipients whose routes have the same key share connections.
  std::string key() const;
  static Route failure(Outcome outcome, std::string status, std::string reason);
};

// RFC 5321 section 5.1: MX records sorted by preference, randomised among equal
// preferences; when the local host is one of them, it and every record of equal or
// greater preference are dropped (no mail loops back to ourselves). A lone MX for the
// root name is a null MX (RFC 7505) and is left for the caller to recognise.
std::vector<MxRecord> order_mx(std::vector<MxRecord> records, std::string_view local_hostname, std::mt19937& rng);
// RFC 7505 section 3: a single MX record whose exchange is "." with preference 0 (we
// accept any preference, as the RFC asks senders to treat any lone root MX as null).
bool is_null_mx(const std::vector<MxRecord>& records);

// The route for DOMAIN (an address-literal "[192.0.2.1]" / "[IPv6:...]" goes straight there):
// MX records, else the domain's own A/AAAA records (section 5.1's implicit MX).
Route route_by_mx(Resolver& resolver, std::string_view domain, std::string_view local_hostname, std::mt19937& rng);
// Every message through one relay host (a name or an IP address).
Route route_to_relay(Resolver& resolver, const std::string& relay_host);

}  // namespace carteiro::queue
