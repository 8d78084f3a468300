#pragma once
// A DnsLookup answering from a fixed zone, for SPF tests: a name with no record of any
// type is NXDOMAIN, a name with records of other types is NODATA, and names put in
// `failing` answer every query with a temporary error (a timeout). Queries are counted.
#include <asio/ip/address.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dns.hpp"

namespace carteiro::mailauth::testing {

class FakeDns : public DnsLookup {
 public:
  FakeDns& txt(const std::string& name, const std::string& text) {
    txt_[carteiro::to_lower(name)].push_back(text);
    return *this;
  }
  FakeDns& a(const std::string& name, const std::string& address) {
    address_[carteiro::to_lower(name)].push_back(asio::ip::make_address(address));
    return *this;
  }
  FakeDns& mx(const std::string& name, const std::string& exchange) {
    mx_[carteiro::to_lower(name)].push_back(exchange);
    return *this;
  }
  FakeDns& ptr(const std::string& address, const std::string& name) {
    ptr_[asio::ip::make_address(address).to_string()].push_back(name);
    return *this;
  }
  FakeDns& fail(const std::string& name) {
    failing.insert(carteiro::to_lower(name));
    return *this;
  }

  TxtAnswer txt(const std::string& name) override {
    ++queries;
    auto key = carteiro::to_lower(name);
    return {status(key, txt_.count(key) != 0), lookup(txt_, key), {}};
  }
  AddressAnswer a(const std::string& name) override { return addresses(name, true); }
  AddressAnswer aaaa(const std::string& name) override { return addresses(name, false); }
  NameAnswer mx(const std::string& name) override {
    ++queries;
    auto key = carteiro::to_lower(name);
    return {status(key, mx_.count(key) != 0), lookup(mx_, key), {}};
  }
  NameAnswer ptr(const asio::ip::address& address) override {
    ++queries;
    auto key = address.to_string();
    if (failing.count(key) != 0) return {DnsStatus::temporary, {}, "timed out"};
    auto found = ptr_.find(key);
    if (found == ptr_.end()) return {DnsStatus::nxdomain, {}, {}};
    return {DnsStatus::ok, found->second, {}};
  }

  std::set<std::string> failing;
  int queries = 0;

 private:
  template <typename Map>
  static typename Map::mapped_type lookup(const Map& map, const std::string& key) {
    auto found = map.find(key);
    return found == map.end() ? typename Map::mapped_type{} : found->second;
  }

  DnsStatus status(const std::string& key, bool has_type) const {
    if (failing.count(key) != 0) return DnsStatus::temporary;
    if (has_type) return DnsStatus::ok;
    bool exists = txt_.count(key) != 0 || address_.count(key) != 0 || mx_.count(key) != 0;
    return exists ? DnsStatus::nodata : DnsStatus::nxdomain;
  }

  AddressAnswer addresses(const std::string& name, bool v4) {
    ++queries;
    auto key = carteiro::to_lower(name);
    std::vector<asio::ip::address> matching;
    for (const auto& address : lookup(address_, key)) {
      if (address.is_v4() == v4) matching.push_back(address);
    }
    DnsStatus s = status(key, !matching.empty());
    return {s, matching, s == DnsStatus::temporary ? "timed out" : ""};
  }

  std::map<std::string, std::vector<std::string>> txt_;
  std::map<std::string, std::vector<asio::ip::address>> address_;
  std::map<std::string, std::vector<std::string>> mx_;
  std::map<std::string, std::vector<std::string>> ptr_;
};

}  // namespace carteiro::mailauth::testing
