#include "carteiro/queue/dane.hpp"

#include <algorithm>
#include <iterator>

namespace carteiro::queue {

namespace {

constexpr std::uint8_t kDaneTa = 2;
constexpr std::uint8_t kDaneEe = 3;
constexpr std::size_t kSha256 = 32;
constexpr std::size_t kSha512 = 64;

std::string tlsa_name(const std::string& host, std::uint16_t port) {
  return "_" + std::to_string(port) + "._tcp." + host;
}

}  // namespace

bool usable_for_smtp(const TlsaRecord& record) {
  if (record.usage != kDaneTa && record.usage != kDaneEe) return false;
  if (record.selector > 1) return false;
  switch (record.matching) {
    case 0:
      return !record.data.empty();
    case 1:
      return record.data.size() == kSha256;
    case 2:
      return record.data.size() == kSha512;
    default:
      return false;
  }
}

bool has_dane(const Route& route) {
  return std::any_of(route.hosts.begin(), route.hosts.end(),
                     [](const Host& host) { return host.dane.kind != HostDane::Kind::none; });
}

void look_up_dane(Resolver& resolver, const std::string& domain, std::uint16_t port, Route& route) {
  if (route.outcome != Route::Outcome::ok || domain.empty() || domain.front() == '[') return;
  auto mx = resolver.mx(domain);
  // Section 2.2.1: MX host names from an insecure answer could be anyone's.
  if (mx.security != DnssecStatus::secure) return;
  for (auto& host : route.hosts) {
    // Section 2.2.2: without secure address records the TLSA lookup is skipped.
    if (resolver.addresses(host.name).security != DnssecStatus::secure) continue;
    const auto name = tlsa_name(host.name, port);
    auto answer = resolver.tlsa(name);
    if (answer.security == DnssecStatus::bogus || answer.status == DnsStatus::temporary) {
      // Section 2.2: a failed lookup could hide records that an attacker suppressed.
      host.dane = HostDane{HostDane::Kind::failed, {},
                           "DANE: the TLSA records at " + name + " cannot be had securely (" + answer.error + ")"};
      continue;
    }
    if (answer.status != DnsStatus::ok || answer.security != DnssecStatus::secure) continue;
    HostDane dane;
    std::copy_if(answer.records.begin(), answer.records.end(), std::back_inserter(dane.records), usable_for_smtp);
    // Section 3.1: secure records that are all unusable still make TLS mandatory.
    dane.kind = dane.records.empty() ? HostDane::Kind::encrypt : HostDane::Kind::authenticate;
    host.dane = std::move(dane);
  }
}

}  // namespace carteiro::queue
