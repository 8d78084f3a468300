// Runs the DKIM signer and verifier on a message from stdin, for the interoperability
// test with other implementations (tests/integration/test_dkim_interop.py). Test-only.
//   dkim_tool sign KEYFILE DOMAIN SELECTOR < message   prints the signed message
//   dkim_tool verify KEYRECORD < message               one line per signature; exit 0 when
//                                                      there are signatures and all pass
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <variant>

#include "carteiro/mailauth/dkim_canon.hpp"
#include "carteiro/mailauth/dkim_sign.hpp"
#include "carteiro/mailauth/dkim_verify.hpp"

namespace {

using namespace carteiro::mailauth;

// Every TXT lookup answers with the one key record given on the command line.
class OneKeyDns : public DnsLookup {
 public:
  explicit OneKeyDns(std::string record) : record_(std::move(record)) {}
  TxtAnswer txt(const std::string&) override { return {DnsStatus::ok, {record_}, ""}; }
  AddressAnswer a(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  AddressAnswer aaaa(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer mx(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer ptr(const asio::ip::address&) override { return {DnsStatus::nodata, {}, ""}; }

 private:
  std::string record_;
};

std::string read_all(std::istream& in) { return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}; }

int sign(const std::string& key_file, const std::string& domain, const std::string& selector) {
  std::ifstream file(key_file, std::ios::binary);
  if (!file) {
    std::cerr << "cannot read " << key_file << "\n";
    return 2;
  }
  // Written out with CRLF throughout, as the signature field is.
  std::string message = dkim::with_crlf(read_all(std::cin));
  auto field = dkim::sign_message(message, {domain, selector, read_all(file)}, std::time(nullptr));
  if (auto* error = std::get_if<dkim::ParseError>(&field)) {
    std::cerr << "cannot sign: " << error->reason << "\n";
    return 1;
  }
  std::cout << std::get<std::string>(field) << message;
  return 0;
}

int verify(const std::string& record) {
  OneKeyDns dns(record);
  auto results = dkim::verify_message(read_all(std::cin), dns, std::time(nullptr));
  bool all_pass = !results.empty();
  for (const auto& result : results) {
    std::cout << dkim::status_name(result.status) << " d=" << result.domain << " s=" << result.selector
              << " a=" << result.algorithm << (result.reason.empty() ? "" : " (" + result.reason + ")")
              << (result.content_beyond_length ? " content-beyond-l" : "");
    for (const auto& name : result.unsigned_fields) std::cout << " unsigned:" << name;
    std::cout << "\n";
    all_pass = all_pass && result.status == dkim::Status::pass;
  }
  return all_pass ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "sign" && argc == 5) return sign(argv[2], argv[3], argv[4]);
  if (command == "verify" && argc == 3) return verify(argv[2]);
  std::cerr << "usage: dkim_tool sign KEYFILE DOMAIN SELECTOR < message\n"
               "       dkim_tool verify KEYRECORD < message\n";
  return 2;
}
