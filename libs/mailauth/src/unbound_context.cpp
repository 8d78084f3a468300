#include <unbound.h>

#include <memory>
#include <stdexcept>

#include "carteiro/mailauth/unbound_lookup.hpp"

namespace carteiro::mailauth {

namespace {
constexpr int kClassIn = 1;
constexpr int kRcodeNxdomain = 3;  // RFC 1035 section 4.1.1

struct ResultDeleter {
  void operator()(ub_result* r) const { ub_resolve_free(r); }
};
}  // namespace

UnboundContext::UnboundContext(const std::vector<std::string>& servers) : ctx_(ub_ctx_create()) {
  if (!ctx_) throw std::runtime_error("cannot create the DNS resolver (libunbound)");
  auto fail = [this](const std::string& what, int err) {
    ub_ctx_delete(ctx_);
    ctx_ = nullptr;
    throw std::runtime_error(what + ": " + ub_strerror(err));
  };
  // Local test and lab resolvers listen on loopback; libunbound refuses those by default.
  if (int err = ub_ctx_set_option(ctx_, "do-not-query-localhost:", "no")) fail("DNS resolver option", err);
  // RFC 6761 section 6.2: "test." is for testing; libunbound answers NXDOMAIN for it by
  // default, which would hide the test domains that a configured resolver serves
  // ("transparent": answered by the resolver; "nodefault" does not lift it in 1.17).
  if (int err = ub_ctx_set_option(ctx_, "local-zone:", "test. transparent")) fail("DNS resolver option", err);
  if (servers.empty()) {
    if (int err = ub_ctx_resolvconf(ctx_, nullptr)) fail("cannot read /etc/resolv.conf", err);
  }
  for (const auto& server : servers) {
    if (int err = ub_ctx_set_fwd(ctx_, server.c_str())) fail("[dns] servers: bad entry \"" + server + "\"", err);
  }
}

UnboundContext::UnboundContext(const std::vector<std::string>& servers, const std::string& trust_anchor_file)
    : UnboundContext(servers) {
  if (trust_anchor_file.empty()) return;
  auto fail = [this](const std::string& what, int err) {
    ub_ctx_delete(ctx_);
    ctx_ = nullptr;
    throw std::runtime_error(what + ": " + ub_strerror(err));
  };
  // RFC 6761 section 6.2: "test." is never delegated from the signed root, so nothing
  // under it could be proven secure or insecure from the root's key; it is insecure
  // unless a trust anchor of its own (a test zone's DS or DNSKEY) makes part of it secure.
  if (int err = ub_ctx_set_option(ctx_, "domain-insecure:", "test.")) fail("DNS resolver option", err);
  if (int err = ub_ctx_add_ta_file(ctx_, trust_anchor_file.c_str()))
    fail("DNSSEC trust anchor file " + trust_anchor_file, err);
  validating_ = true;
}

UnboundContext::~UnboundContext() {
  if (ctx_) ub_ctx_delete(ctx_);
}

RawDnsAnswer UnboundContext::query(const std::string& name, int type) {
  ub_result* raw = nullptr;
  int err = ub_resolve(ctx_, name.c_str(), type, kClassIn, &raw);
  std::unique_ptr<ub_result, ResultDeleter> result(raw);
  RawDnsAnswer out;
  if (err != 0) {
    out.error = ub_strerror(err);
    return out;
  }
  if (raw->secure) out.security = DnssecStatus::secure;
  if (raw->bogus) {
    // Signed data that does not validate: as good as no answer (RFC 4035 section 5.5).
    out.security = DnssecStatus::bogus;
    out.error = std::string("DNSSEC validation failed") + (raw->why_bogus ? std::string(": ") + raw->why_bogus : "");
    return out;
  }
  if (raw->havedata) {
    out.status = DnsStatus::ok;
    for (int i = 0; raw->data[i] != nullptr; ++i) out.rdata.emplace_back(raw->data[i], static_cast<std::size_t>(raw->len[i]));
  } else if (raw->nxdomain || raw->rcode == kRcodeNxdomain) {
    out.status = DnsStatus::nxdomain;
    out.error = "NXDOMAIN";
  } else if (raw->rcode == 0) {
    out.status = DnsStatus::nodata;
  } else {
    // SERVFAIL (2), REFUSED (5) and the like: the answer may be different next time.
    out.error = "DNS rcode " + std::to_string(raw->rcode);
  }
  return out;
}

}  // namespace carteiro::mailauth
