#pragma once
// Intermediaries for the ARC tests: each hop has its own domain and key (Ed25519, RSA-2048,
// RSA-1024), published in one fake DNS; a hop verifies the chain it receives and seals.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/mailauth/arc.hpp"
#include "mailauth_dkim_test_support.hpp"

namespace carteiro::mailauth::arc_test {

inline constexpr std::int64_t kNow = 1700000000;

// RFC 8463's example message, without its DKIM signatures.
inline const std::string kMessage = dkim_test::kRfc8463Message.substr(dkim_test::kRfc8463Message.find("From:"));

struct Hop {
  dkim::SigningKey key;
  std::string record;
};

// The three hops, their keys made once (RSA generation is slow), and DNS answering for all.
struct Hops {
  std::vector<Hop> hops;
  dkim_test::FakeDns dns;

  Hops() {
    hops.push_back({{"lists.example.org", "ed", dkim_test::kEd25519Pem}, dkim_test::kEd25519Record});
    auto [pem2048, record2048] = dkim_test::rsa_key(2048);
    hops.push_back({{"forwarder.example.net", "big", pem2048}, record2048});
    auto [pem1024, record1024] = dkim_test::rsa_key(1024);
    hops.push_back({{"relay.example.com", "small", pem1024}, record1024});
    for (const auto& hop : hops) dns.txt_records[hop.key.selector + "._domainkey." + hop.key.domain] = hop.record;
  }

  // What hop N (0-based) does: verify what came in, add its set on top.
  std::string pass_through(const std::string& message, std::size_t n) {
    auto chain = arc::verify_chain(message, dns, kNow);
    auto set = arc::seal(message, chain, "mx." + hops[n].key.domain, "spf=pass smtp.mailfrom=football.example.com",
                         hops[n].key, kNow);
    REQUIRE(std::holds_alternative<std::string>(set));
    return std::get<std::string>(set) + message;
  }

  std::string through(std::size_t count, std::string message = kMessage) {
    for (std::size_t n = 0; n < count; ++n) message = pass_through(message, n);
    return message;
  }
};

inline Hops& shared_hops() {
  static Hops hops;
  return hops;
}

// TEXT with the first occurrence of FROM replaced by TO (which must be there).
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace carteiro::mailauth::arc_test
