// Runs the ARC verifier and sealer on a message from stdin, for the interoperability test
// with another implementation (tests/integration/test_arc_interop.py). Test-only.
//   arc_tool verify [NAME=RECORD ...] < message
//       prints "pass|fail|none instances=N" and the reason; exit 0 only on pass
//   arc_tool seal KEYFILE DOMAIN SELECTOR AUTHSERV-ID RESULTS [NAME=RECORD ...] < message
//       verifies the chain it is given, then prints the new ARC set and the message
// Each NAME=RECORD answers the TXT lookup of NAME (e.g. sel._domainkey.example.org).
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>
#include <variant>

#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"

namespace {

using namespace carteiro::mailauth;

class RecordsDns : public DnsLookup {
 public:
  explicit RecordsDns(std::map<std::string, std::string> records) : records_(std::move(records)) {}
  TxtAnswer txt(const std::string& name) override {
    auto found = records_.find(name);
    if (found == records_.end()) return {DnsStatus::nxdomain, {}, ""};
    return {DnsStatus::ok, {found->second}, ""};
  }
  AddressAnswer a(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  AddressAnswer aaaa(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer mx(const std::string&) override { return {DnsStatus::nodata, {}, ""}; }
  NameAnswer ptr(const asio::ip::address&) override { return {DnsStatus::nodata, {}, ""}; }

 private:
  std::map<std::string, std::string> records_;
};

std::string read_all(std::istream& in) { return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}; }

RecordsDns dns_from(int argc, char** argv, int first) {
  std::map<std::string, std::string> records;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    auto equals = arg.find('=');
    if (equals != std::string::npos) records[arg.substr(0, equals)] = arg.substr(equals + 1);
  }
  return RecordsDns(std::move(records));
}

int verify(RecordsDns dns) {
  auto chain = arc::verify_chain(read_all(std::cin), dns, std::time(nullptr));
  std::cout << arc::chain_status_name(chain.status) << " instances=" << chain.instances;
  if (!chain.reason.empty()) std::cout << " (" << chain.reason << ")";
  if (chain.status == arc::ChainStatus::pass) std::cout << " sealer=" << chain.last_sealer;
  std::cout << "\n";
  return chain.status == arc::ChainStatus::pass ? 0 : 1;
}

int seal(char** argv, RecordsDns dns) {
  std::ifstream file(argv[2], std::ios::binary);
  if (!file) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 2;
  }
  std::string message = dkim::with_crlf(read_all(std::cin));
  auto now = std::time(nullptr);
  auto chain = arc::verify_chain(message, dns, now);
  auto set = arc::seal(message, chain, argv[5], argv[6], {argv[3], argv[4], read_all(file)}, now);
  if (auto* error = std::get_if<dkim::ParseError>(&set)) {
    std::cerr << "cannot seal: " << error->reason << "\n";
    return 1;
  }
  std::cout << std::get<std::string>(set) << message;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "verify") return verify(dns_from(argc, argv, 2));
  if (command == "seal" && argc >= 7) return seal(argv, dns_from(argc, argv, 7));
  std::cerr << "usage: arc_tool verify [NAME=RECORD ...] < message\n"
               "       arc_tool seal KEYFILE DOMAIN SELECTOR AUTHSERV-ID RESULTS [NAME=RECORD ...] < message\n";
  return 2;
}
