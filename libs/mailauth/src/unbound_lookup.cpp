#include "carteiro/mailauth/unbound_lookup.hpp"

#include <algorithm>

#include "carteiro/mailauth/dns_wire.hpp"

namespace carteiro::mailauth {

namespace {

// Decodes every record with PARSE; an answer whose records are all malformed is a
// temporary error (a broken server, not a statement about the name).
template <typename Answer, typename Parse, typename Add>
Answer decode(const RawDnsAnswer& raw, Parse parse, Add add) {
  Answer out;
  out.status = raw.status;
  out.error = raw.error;
  if (raw.status != DnsStatus::ok) return out;
  bool any = false;
  for (const auto& rdata : raw.rdata) {
    auto value = parse(rdata);
    if (!value) continue;
    add(out, std::move(*value));
    any = true;
  }
  if (!any) {
    out.status = DnsStatus::temporary;
    out.error = "malformed DNS records";
  }
  return out;
}

AddressAnswer addresses(UnboundContext& context, const std::string& name, int type) {
  return decode<AddressAnswer>(context.query(name, type), parse_address_rdata,
                               [](AddressAnswer& out, asio::ip::address a) { out.addresses.push_back(a); });
}

}  // namespace

TxtAnswer UnboundLookup::txt(const std::string& name) {
  return decode<TxtAnswer>(context_.query(name, dns_type::txt), parse_txt_rdata,
                           [](TxtAnswer& out, std::string text) { out.records.push_back(std::move(text)); });
}

AddressAnswer UnboundLookup::a(const std::string& name) { return addresses(context_, name, dns_type::a); }

AddressAnswer UnboundLookup::aaaa(const std::string& name) { return addresses(context_, name, dns_type::aaaa); }

NameAnswer UnboundLookup::mx(const std::string& name) {
  std::vector<MxRecord> records;
  auto out = decode<NameAnswer>(context_.query(name, dns_type::mx), parse_mx_rdata,
                                [&records](NameAnswer&, MxRecord mx) { records.push_back(std::move(mx)); });
  std::stable_sort(records.begin(), records.end(),
                   [](const MxRecord& x, const MxRecord& y) { return x.preference < y.preference; });
  for (auto& mx : records) out.names.push_back(std::move(mx.host));
  return out;
}

NameAnswer UnboundLookup::ptr(const asio::ip::address& address) {
  return decode<NameAnswer>(context_.query(reverse_lookup_name(address), dns_type::ptr), parse_ptr_rdata,
                            [](NameAnswer& out, std::string name) { out.names.push_back(std::move(name)); });
}

}  // namespace carteiro::mailauth
