#include "carteiro/queue/unbound_resolver.hpp"

#include <unbound.h>

#include <memory>
#include <stdexcept>

namespace carteiro::queue {

namespace {

// RFC 1035 section 3.2.2 and RFC 3596: the record types and class we ask for.
constexpr int kTypeA = 1;
constexpr int kTypeMx = 15;
constexpr int kTypeAaaa = 28;
constexpr int kClassIn = 1;
// RFC 1035 section 4.1.1 RCODEs.
constexpr int kRcodeNxdomain = 3;

struct ResultDeleter {
  void operator()(ub_result* r) const { ub_resolve_free(r); }
};
using Result = std::unique_ptr<ub_result, ResultDeleter>;

struct Lookup {
  DnsStatus status = DnsStatus::temporary;
  Result result;
  std::string error;
};

Lookup lookup(ub_ctx* ctx, const std::string& name, int type) {
  ub_result* raw = nullptr;
  int err = ub_resolve(ctx, name.c_str(), type, kClassIn, &raw);
  Lookup out;
  out.result.reset(raw);
  if (err != 0) {
    out.error = ub_strerror(err);
    return out;
  }
  if (raw->havedata) {
    out.status = DnsStatus::ok;
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

}  // namespace

UnboundResolver::UnboundResolver(const std::vector<std::string>& servers) : ctx_(ub_ctx_create()) {
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

UnboundResolver::~UnboundResolver() {
  if (ctx_) ub_ctx_delete(ctx_);
}

MxAnswer UnboundResolver::mx(const std::string& domain) {
  auto found = lookup(ctx_, domain, kTypeMx);
  MxAnswer out{found.status, {}, found.error};
  if (found.status != DnsStatus::ok) return out;
  for (int i = 0; found.result->data[i] != nullptr; ++i) {
    auto record = parse_mx_rdata({found.result->data[i], static_cast<std::size_t>(found.result->len[i])});
    if (record) out.records.push_back(std::move(*record));
  }
  if (out.records.empty()) {
    out.status = DnsStatus::temporary;
    out.error = "malformed MX records";
  }
  return out;
}

AddressAnswer UnboundResolver::addresses(const std::string& host) {
  AddressAnswer out;
  bool any_nodata = false;
  // RFC 5321 section 5.1 lets either family be used; we ask both and keep both.
  for (int type : {kTypeA, kTypeAaaa}) {
    auto found = lookup(ctx_, host, type);
    if (found.status == DnsStatus::ok) {
      for (int i = 0; found.result->data[i] != nullptr; ++i) {
        auto address = parse_address_rdata({found.result->data[i], static_cast<std::size_t>(found.result->len[i])});
        if (address) out.addresses.push_back(*address);
      }
    } else if (found.status == DnsStatus::nxdomain) {
      out.status = DnsStatus::nxdomain;
      out.error = found.error;
      return out;
    } else if (found.status == DnsStatus::nodata) {
      any_nodata = true;
    } else if (out.error.empty()) {
      out.error = found.error;
    }
  }
  if (!out.addresses.empty()) out.status = DnsStatus::ok;
  else if (!out.error.empty()) out.status = DnsStatus::temporary;
  else if (any_nodata) out.status = DnsStatus::nodata;
  return out;
}

}  // namespace carteiro::queue
