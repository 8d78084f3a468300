#include "carteiro/queue/unbound_resolver.hpp"

namespace carteiro::queue {

using mailauth::dns_type::a;
using mailauth::dns_type::aaaa;

MxAnswer UnboundResolver::mx(const std::string& domain) {
  auto found = context_.query(domain, mailauth::dns_type::mx);
  MxAnswer out{found.status, {}, found.error, found.security};
  if (found.status != DnsStatus::ok) return out;
  for (const auto& rdata : found.rdata) {
    auto record = parse_mx_rdata(rdata);
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
  bool all_secure = true;
  // RFC 5321 section 5.1 lets either family be used; we ask both and keep both.
  for (int type : {a, aaaa}) {
    auto found = context_.query(host, type);
    all_secure = all_secure && found.security == DnssecStatus::secure;
    if (found.security == DnssecStatus::bogus) out.security = DnssecStatus::bogus;
    if (found.status == DnsStatus::ok) {
      for (const auto& rdata : found.rdata) {
        auto address = parse_address_rdata(rdata);
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
  if (all_secure) out.security = DnssecStatus::secure;
  if (!out.addresses.empty()) out.status = DnsStatus::ok;
  else if (!out.error.empty()) out.status = DnsStatus::temporary;
  else if (any_nodata) out.status = DnsStatus::nodata;
  return out;
}

TlsaAnswer UnboundResolver::tlsa(const std::string& name) {
  auto found = context_.query(name, mailauth::dns_type::tlsa);
  TlsaAnswer out{found.status, {}, found.error, found.security};
  if (found.status != DnsStatus::ok) return out;
  for (const auto& rdata : found.rdata) {
    auto record = parse_tlsa_rdata(rdata);
    if (record) out.records.push_back(std::move(*record));
  }
  return out;
}


}  // namespace carteiro::queue

namespace carteiro::queue {

bool UnboundResolver::root_validates() {
  auto found = context_.query(".", mailauth::dns_type::dnskey);
  return found.status == DnsStatus::ok && found.security == DnssecStatus::secure;
}

}  // namespace carteiro::queue
