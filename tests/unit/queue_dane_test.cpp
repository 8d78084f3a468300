// DANE for SMTP (RFC 7672): which MX hosts must present a certificate matching their
// TLSA records, from answers with their DNSSEC status.
#include <doctest/doctest.h>

#include <map>

#include "carteiro/queue/dane.hpp"

using namespace carteiro::queue;

namespace {

TlsaRecord record(std::uint8_t usage, std::uint8_t selector, std::uint8_t matching, std::size_t size) {
  return TlsaRecord{usage, selector, matching, std::string(size, 'x')};
}

// Answers from tables; SECURE says which names validate.
struct TableResolver : Resolver {
  DnssecStatus mx_security = DnssecStatus::secure;
  std::map<std::string, DnssecStatus> address_security;
  std::map<std::string, TlsaAnswer> tlsa_answers;

  MxAnswer mx(const std::string&) override {
    MxAnswer out;
    out.status = DnsStatus::ok;
    out.records.push_back(MxRecord{10, "mx.b.test"});
    out.security = mx_security;
    return out;
  }
  AddressAnswer addresses(const std::string& host) override {
    AddressAnswer out;
    out.status = DnsStatus::ok;
    out.addresses.push_back(asio::ip::make_address("192.0.2.1"));
    auto found = address_security.find(host);
    out.security = found == address_security.end() ? DnssecStatus::secure : found->second;
    return out;
  }
  TlsaAnswer tlsa(const std::string& name) override {
    auto found = tlsa_answers.find(name);
    return found == tlsa_answers.end() ? TlsaAnswer{DnsStatus::nxdomain, {}, "", DnssecStatus::secure} : found->second;
  }
};

Route route_to(std::initializer_list<std::string> names) {
  Route route;
  for (const auto& name : names) {
    Host host;
    host.name = name;
    host.addresses.push_back(asio::ip::make_address("192.0.2.1"));
    route.hosts.push_back(std::move(host));
  }
  return route;
}

}  // namespace

TEST_CASE("dane: TLSA records usable for SMTP") {
  CHECK(usable_for_smtp(record(3, 1, 1, 32)));
  CHECK(usable_for_smtp(record(2, 0, 2, 64)));
  CHECK(usable_for_smtp(record(3, 0, 0, 500)));
  CHECK_FALSE(usable_for_smtp(record(1, 1, 1, 32)));  // PKIX-EE: not for SMTP
  CHECK_FALSE(usable_for_smtp(record(0, 1, 1, 32)));
  CHECK_FALSE(usable_for_smtp(record(3, 2, 1, 32)));
  CHECK_FALSE(usable_for_smtp(record(3, 1, 3, 32)));
  CHECK_FALSE(usable_for_smtp(record(3, 1, 1, 31)));  // a truncated digest
  CHECK_FALSE(usable_for_smtp(record(3, 1, 2, 32)));
  CHECK_FALSE(usable_for_smtp(record(3, 0, 0, 0)));
}

TEST_CASE("dane: parsing TLSA RDATA") {
  auto parsed = parse_tlsa_rdata(std::string("\x03\x01\x01", 3) + std::string(32, 'a'));
  REQUIRE(parsed);
  CHECK(parsed->usage == 3);
  CHECK(parsed->selector == 1);
  CHECK(parsed->matching == 1);
  CHECK(parsed->data == std::string(32, 'a'));
  CHECK_FALSE(parse_tlsa_rdata(""));
  CHECK_FALSE(parse_tlsa_rdata(std::string("\x03\x01\x01", 3)));  // no data
}

TEST_CASE("dane: secure usable TLSA records make a host authenticate") {
  TableResolver dns;
  dns.tlsa_answers["_25._tcp.mx.b.test"] =
      TlsaAnswer{DnsStatus::ok, {record(3, 1, 1, 32), record(1, 1, 1, 32)}, "", DnssecStatus::secure};
  auto route = route_to({"mx.b.test", "mx2.b.test"});
  look_up_dane(dns, "b.test", 25, route);
  CHECK(route.hosts[0].dane.kind == HostDane::Kind::authenticate);
  CHECK(route.hosts[0].dane.records == std::vector<TlsaRecord>{record(3, 1, 1, 32)});
  CHECK(route.hosts[1].dane.kind == HostDane::Kind::none);  // secure NXDOMAIN: no DANE
  CHECK(has_dane(route));
}

TEST_CASE("dane: unusable records mean TLS without authentication") {
  TableResolver dns;
  dns.tlsa_answers["_2525._tcp.mx.b.test"] = TlsaAnswer{DnsStatus::ok, {record(1, 1, 1, 32)}, "", DnssecStatus::secure};
  auto route = route_to({"mx.b.test"});
  look_up_dane(dns, "b.test", 2525, route);
  CHECK(route.hosts[0].dane.kind == HostDane::Kind::encrypt);
}

TEST_CASE("dane: bogus or failed TLSA lookups fail the host, insecure answers change nothing") {
  TableResolver dns;
  dns.tlsa_answers["_25._tcp.mx.b.test"] = TlsaAnswer{DnsStatus::temporary, {}, "DNSSEC validation failed", DnssecStatus::bogus};
  dns.tlsa_answers["_25._tcp.mx2.b.test"] = TlsaAnswer{DnsStatus::ok, {record(3, 1, 1, 32)}, "", DnssecStatus::insecure};
  auto route = route_to({"mx.b.test", "mx2.b.test"});
  look_up_dane(dns, "b.test", 25, route);
  CHECK(route.hosts[0].dane.kind == HostDane::Kind::failed);
  CHECK(route.hosts[0].dane.reason.find("_25._tcp.mx.b.test") != std::string::npos);
  CHECK(route.hosts[1].dane.kind == HostDane::Kind::none);
}

TEST_CASE("dane: insecure MX or address records mean no DANE") {
  TableResolver dns;
  dns.tlsa_answers["_25._tcp.mx.b.test"] = TlsaAnswer{DnsStatus::ok, {record(3, 1, 1, 32)}, "", DnssecStatus::secure};
  dns.mx_security = DnssecStatus::insecure;
  auto route = route_to({"mx.b.test"});
  look_up_dane(dns, "b.test", 25, route);
  CHECK_FALSE(has_dane(route));
  dns.mx_security = DnssecStatus::secure;
  dns.address_security["mx.b.test"] = DnssecStatus::insecure;
  look_up_dane(dns, "b.test", 25, route);
  CHECK_FALSE(has_dane(route));
  auto literal = route_to({"[192.0.2.1]"});
  look_up_dane(dns, "[192.0.2.1]", 25, literal);
  CHECK_FALSE(has_dane(literal));
}
