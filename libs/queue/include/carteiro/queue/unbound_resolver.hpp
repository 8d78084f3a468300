#pragma once
// The Resolver over libunbound. Blocking calls (ub_resolve), safe from several threads
// at once (the context's cache is shared): run them on a thread pool, never on an I/O
// thread.
#include <string>
#include <vector>

#include "carteiro/mailauth/unbound_lookup.hpp"
#include "carteiro/queue/dns.hpp"

namespace carteiro::queue {

class UnboundResolver : public Resolver {
 public:
  // SERVERS as in `[dns] servers`: each "IP" or "IP@PORT" (libunbound's own notation,
  // e.g. "127.0.0.1@5353", "::1@53"), tried as backups of each other. Empty: the
  // nameservers of /etc/resolv.conf. Throws std::runtime_error naming a bad entry.
  explicit UnboundResolver(const std::vector<std::string>& servers) : context_(servers) {}
  // Validating DNSSEC from TRUST_ANCHOR_FILE (see mailauth::UnboundContext); answers say
  // whether they are secure.
  UnboundResolver(const std::vector<std::string>& servers, const std::string& trust_anchor_file)
      : context_(servers, trust_anchor_file) {}

  MxAnswer mx(const std::string& domain) override;
  AddressAnswer addresses(const std::string& host) override;
  TlsaAnswer tlsa(const std::string& name) override;
  bool validating() const { return context_.validating(); }
  // The root zone's DNSKEY RRset validates against the trust anchor: the resolvers pass
  // DNSSEC records (RFC 4035 section 4.9.1 asks them to; some strip them).
  bool root_validates();

 private:
  mailauth::UnboundContext context_;
};

}  // namespace carteiro::queue
