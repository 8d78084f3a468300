#pragma once
// Fixed DNS answers and the RFC 8463 appendix A keys and message for the DKIM tests.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "carteiro/common/base64.hpp"

#include "carteiro/mailauth/dns.hpp"

namespace carteiro::mailauth::dkim_test {

// TXT answers by name; a name absent is NXDOMAIN; TEMPORARY names fail like SERVFAIL.
class FakeDns : public DnsLookup {
 public:
  std::map<std::string, std::string> txt_records;
  std::map<std::string, bool> temporary;

  TxtAnswer txt(const std::string& name) override {
    ++lookups;
    if (temporary.count(name)) return {DnsStatus::temporary, {}, "SERVFAIL"};
    auto found = txt_records.find(name);
    if (found == txt_records.end()) return {DnsStatus::nxdomain, {}, ""};
    return {DnsStatus::ok, {found->second}, ""};
  }
  AddressAnswer a(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  AddressAnswer aaaa(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer mx(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer ptr(const asio::ip::address&) override { return {DnsStatus::nodata, {}, ""}; }

  int lookups = 0;
};

// RFC 8463 appendix A.1 and A.2: the Ed25519 key pair and the RSA key pair.
inline const std::string kEd25519Record = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
inline const std::string kEd25519Pem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
inline const std::string kRsaRecord =
    "v=DKIM1; k=rsa;\r\n p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi"
    "Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
// A 512-bit RSA public key: too short to be accepted (RFC 8301 section 3.2).
inline const std::string kShortRsaRecord =
    "v=DKIM1; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKExNS1ueE1oD53J14upxcy7RlQa58WaOZdc0TmVOUZwyMQ5yp5gmBmZR40EtlyXcsHtdnsi0Xk2mMTb4M9a3ZkCAwEAAQ==";

// RFC 8463 appendix A.3: the example message, signed with both keys.
inline const std::string kRfc8463Message =
    "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
    " d=football.example.com; i=@football.example.com;\r\n"
    " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n"
    " subject : date : message-id : from : subject : date;\r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
    " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n"
    " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==\r\n"
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n"
    " d=football.example.com; i=@football.example.com;\r\n"
    " q=dns/txt; s=test; t=1528637909; h=from : to : subject :\r\n"
    " date : message-id : from : subject : date;\r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
    " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3\r\n"
    " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz\r\n"
    " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=\r\n"
    "From: Joe SixPack <joe@football.example.com>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>\r\n"
    "Subject: Is dinner ready?\r\n"
    "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
    "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n"
    "\r\n"
    "Hi.\r\n"
    "\r\n"
    "We lost the game.  Are you hungry yet?\r\n"
    "\r\n"
    "Joe.\r\n";

inline FakeDns rfc8463_dns() {
  FakeDns dns;
  dns.txt_records["brisbane._domainkey.football.example.com"] = kEd25519Record;
  dns.txt_records["test._domainkey.football.example.com"] = kRsaRecord;
  return dns;
}

// A fresh RSA key: its PEM (encrypted under PASSPHRASE when given) and its key record.
inline std::pair<std::string, std::string> rsa_key(int bits, const char* passphrase = nullptr) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(bits), EVP_PKEY_free);
  REQUIRE(key);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key.get(), passphrase ? EVP_aes_128_cbc() : nullptr, nullptr, 0, nullptr,
                           const_cast<char*>(passphrase));
  char* pem = nullptr;
  long pem_size = BIO_get_mem_data(bio.get(), &pem);
  unsigned char* der = nullptr;
  int der_size = i2d_PUBKEY(key.get(), &der);
  std::string record = "v=DKIM1; k=rsa; p=" + base64_encode(std::string(reinterpret_cast<char*>(der), der_size));
  OPENSSL_free(der);
  return {std::string(pem, pem_size), record};
}

}  // namespace carteiro::mailauth::dkim_test
