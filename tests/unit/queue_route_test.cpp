#include <doctest/doctest.h>

#include <map>
#include <set>

#include "carteiro/queue/dns.hpp"
#include "carteiro/queue/route.hpp"

using namespace carteiro::queue;

namespace {

std::string wire_name(std::initializer_list<std::string> labels) {
  std::string out;
  for (const auto& l : labels) {
    out += static_cast<char>(l.size());
    out += l;
  }
  out += '\0';
  return out;
}

std::string mx_rdata(std::uint16_t preference, const std::string& name) {
  std::string out;
  out += static_cast<char>(preference >> 8);
  out += static_cast<char>(preference & 0xff);
  return out + name;
}

// Answers from tables; anything not in them is NXDOMAIN.
struct FakeResolver : Resolver {
  std::map<std::string, MxAnswer> mx_answers;
  std::map<std::string, AddressAnswer> host_answers;
  MxAnswer mx(const std::string& domain) override {
    auto it = mx_answers.find(domain);
    if (it != mx_answers.end()) return it->second;
    return MxAnswer{DnsStatus::nxdomain, {}, "NXDOMAIN"};
  }
  AddressAnswer addresses(const std::string& host) override {
    auto it = host_answers.find(host);
    if (it != host_answers.end()) return it->second;
    return AddressAnswer{DnsStatus::nxdomain, {}, "NXDOMAIN"};
  }
  void host(const std::string& name, const std::string& ip) {
    host_answers[name] = AddressAnswer{DnsStatus::ok, {asio::ip::make_address(ip)}, ""};
  }
};

}  // namespace

TEST_CASE("queue dns: wire names (RFC 1035 section 3.1)") {
  std::size_t pos = 0;
  auto wire = wire_name({"MX1", "Example", "test"});
  CHECK(parse_wire_name(wire, pos) == "mx1.example.test");
  CHECK(pos == wire.size());
  pos = 0;
  CHECK(parse_wire_name(std::string(1, '\0'), pos) == "");
  pos = 0;
  CHECK(!parse_wire_name("", pos));
  pos = 0;
  CHECK(!parse_wire_name(std::string("\x03" "ab", 3), pos));          // truncated label
  pos = 0;
  CHECK(!parse_wire_name(std::string("\x03" "abc", 4), pos));         // no root label
  pos = 0;
  CHECK(!parse_wire_name(std::string("\xc0\x0c", 2), pos));           // compression pointer
  pos = 0;
  CHECK(!parse_wire_name(std::string("\x03" "a.b\0", 5), pos));       // dot inside a label
  pos = 0;
  CHECK(!parse_wire_name(std::string("\x03" "a\0b\0", 5), pos));      // NUL inside a label
  std::string too_long;
  for (int i = 0; i < 5; ++i) too_long += static_cast<char>(63) + std::string(63, 'a');
  too_long += '\0';
  pos = 0;
  CHECK(!parse_wire_name(too_long, pos));                              // over 255 octets
}

TEST_CASE("queue dns: MX and address record data") {
  auto mx = parse_mx_rdata(mx_rdata(10, wire_name({"mx", "remote", "test"})));
  REQUIRE(mx);
  CHECK(mx->preference == 10);
  CHECK(mx->host == "mx.remote.test");
  auto null_mx = parse_mx_rdata(mx_rdata(0, std::string(1, '\0')));
  REQUIRE(null_mx);
  CHECK(null_mx->host.empty());
  CHECK(!parse_mx_rdata(std::string("\x00", 1)));
  CHECK(!parse_mx_rdata(mx_rdata(1, wire_name({"a"}) + "junk")));
  CHECK(parse_address_rdata(std::string("\x7f\x00\x00\x02", 4))->to_string() == "127.0.0.2");
  CHECK(parse_address_rdata(std::string(15, '\0') + '\x01')->to_string() == "::1");
  CHECK(!parse_address_rdata("abc"));
}

TEST_CASE("queue route: MX ordered by preference, random among equals (RFC 5321 section 5.1)") {
  std::mt19937 rng(42);
  std::set<std::string> first_seen;
  for (int i = 0; i < 50; ++i) {
    auto ordered = order_mx({{20, "c"}, {10, "a"}, {10, "b"}, {30, "d"}}, "", rng);
    REQUIRE(ordered.size() == 4);
    CHECK(ordered[0].preference == 10);
    CHECK(ordered[1].preference == 10);
    CHECK(ordered[2].host == "c");
    CHECK(ordered[3].host == "d");
    first_seen.insert(ordered[0].host);
  }
  CHECK(first_seen == std::set<std::string>{"a", "b"});
}

TEST_CASE("queue route: our own MX and everything after it is dropped") {
  std::mt19937 rng(1);
  auto ordered = order_mx({{10, "a"}, {20, "mail.local.test"}, {20, "b"}, {30, "c"}}, "MAIL.local.test", rng);
  REQUIRE(ordered.size() == 1);
  CHECK(ordered[0].host == "a");
  CHECK(order_mx({{10, "mail.local.test"}}, "mail.local.test", rng).empty());
}

TEST_CASE("queue route: null MX") {
  CHECK(is_null_mx({{0, ""}}));
  CHECK(!is_null_mx({{0, ""}, {10, "a"}}));
  CHECK(!is_null_mx({{0, "a"}}));
  CHECK(!is_null_mx({}));
}

TEST_CASE("queue route: outcomes from DNS answers") {
  FakeResolver dns;
  std::mt19937 rng(7);
  dns.mx_answers["remote.test"] = MxAnswer{DnsStatus::ok, {{20, "mx2.remote.test"}, {10, "mx1.remote.test"}}, ""};
  dns.host("mx1.remote.test", "127.0.0.2");
  dns.host("mx2.remote.test", "127.0.0.3");
  dns.mx_answers["nullmx.test"] = MxAnswer{DnsStatus::ok, {{0, ""}}, ""};
  dns.mx_answers["flaky.test"] = MxAnswer{DnsStatus::temporary, {}, "DNS rcode 2"};
  dns.mx_answers["plain.test"] = MxAnswer{DnsStatus::nodata, {}, ""};
  dns.host("plain.test", "127.0.0.4");
  dns.mx_answers["noaddr.test"] = MxAnswer{DnsStatus::nodata, {}, ""};
  dns.host_answers["noaddr.test"] = AddressAnswer{DnsStatus::nodata, {}, ""};
  dns.mx_answers["brokenmx.test"] = MxAnswer{DnsStatus::ok, {{10, "nowhere.test"}}, ""};
  dns.mx_answers["self.test"] = MxAnswer{DnsStatus::ok, {{10, "mail.local.test"}}, ""};
  dns.mx_answers["mixed.test"] = MxAnswer{DnsStatus::ok, {{0, ""}, {10, "mx1.remote.test"}}, ""};

  auto ok = route_by_mx(dns, "Remote.TEST", "mail.local.test", rng);
  CHECK(ok.outcome == Route::Outcome::ok);
  REQUIRE(ok.hosts.size() == 2);
  CHECK(ok.hosts[0].name == "mx1.remote.test");
  CHECK(ok.hosts[0].addresses[0].to_string() == "127.0.0.2");
  CHECK(ok.key() == "mx1.remote.test|mx2.remote.test|");

  auto unknown = route_by_mx(dns, "nowhere.test", "", rng);
  CHECK(unknown.outcome == Route::Outcome::permanent);
  CHECK(unknown.status == "5.1.2");

  auto null_mx = route_by_mx(dns, "nullmx.test", "", rng);
  CHECK(null_mx.outcome == Route::Outcome::permanent);
  CHECK(null_mx.status == "5.1.10");

  auto flaky = route_by_mx(dns, "flaky.test", "", rng);
  CHECK(flaky.outcome == Route::Outcome::temporary);
  CHECK(flaky.status == "4.4.3");

  auto plain = route_by_mx(dns, "plain.test", "", rng);
  CHECK(plain.outcome == Route::Outcome::ok);
  REQUIRE(plain.hosts.size() == 1);
  CHECK(plain.hosts[0].name == "plain.test");

  CHECK(route_by_mx(dns, "noaddr.test", "", rng).outcome == Route::Outcome::permanent);
  CHECK(route_by_mx(dns, "brokenmx.test", "", rng).outcome == Route::Outcome::temporary);
  auto self = route_by_mx(dns, "self.test", "mail.local.test", rng);
  CHECK(self.outcome == Route::Outcome::permanent);
  CHECK(self.status == "5.4.6");
  auto mixed = route_by_mx(dns, "mixed.test", "", rng);
  CHECK(mixed.outcome == Route::Outcome::ok);
  CHECK(mixed.hosts.size() == 1);

  auto literal = route_by_mx(dns, "[127.0.0.9]", "", rng);
  REQUIRE(literal.hosts.size() == 1);
  CHECK(literal.hosts[0].addresses[0].to_string() == "127.0.0.9");
  auto literal6 = route_by_mx(dns, "[IPv6:::1]", "", rng);
  REQUIRE(literal6.hosts.size() == 1);
  CHECK(literal6.hosts[0].addresses[0].to_string() == "::1");
  CHECK(route_by_mx(dns, "[not-an-ip]", "", rng).outcome == Route::Outcome::permanent);
}

TEST_CASE("queue route: relay") {
  FakeResolver dns;
  dns.host("smarthost.test", "127.0.0.5");
  auto by_name = route_to_relay(dns, "smarthost.test");
  REQUIRE(by_name.hosts.size() == 1);
  CHECK(by_name.hosts[0].addresses[0].to_string() == "127.0.0.5");
  auto by_ip = route_to_relay(dns, "127.0.0.6");
  REQUIRE(by_ip.hosts.size() == 1);
  CHECK(by_ip.hosts[0].addresses[0].to_string() == "127.0.0.6");
  CHECK(route_to_relay(dns, "gone.test").outcome == Route::Outcome::temporary);
}
