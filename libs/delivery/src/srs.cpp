#include "carteiro/delivery/srs.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::delivery {

namespace {

constexpr std::size_t kHashLength = 4;
constexpr char kSeparator = '=';
constexpr std::int64_t kDay = 86400;
constexpr int kStampRange = 1024;  // two base32 characters: 10 bits of day number
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";  // RFC 4648 section 6

int today(std::int64_t now) { return static_cast<int>((now / kDay) % kStampRange); }

std::string encode_stamp(int day) { return {kBase32[(day >> 5) & 31], kBase32[day & 31]}; }

// -1 when malformed; base32 read case-insensitively (some MTAs lower-case local parts).
int decode_stamp(std::string_view text) {
  if (text.size() != 2) return -1;
  int out = 0;
  for (char c : text) {
    auto pos = kBase32.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (pos == std::string_view::npos) return -1;
    out = out * 32 + static_cast<int>(pos);
  }
  return out;
}

// Cuts TEXT at the first separator: the part before it, TEXT keeps what follows.
bool take_field(std::string_view& text, std::string_view& field) {
  auto pos = text.find(kSeparator);
  if (pos == std::string_view::npos) return false;
  field = text.substr(0, pos);
  text.remove_prefix(pos + 1);
  return !field.empty();
}

bool has_tag(std::string_view local, std::string_view tag) {
  return local.size() > tag.size() && istarts_with(local, tag) && local[tag.size()] == kSeparator;
}

}  // namespace

bool is_srs_local_part(std::string_view local) { return has_tag(local, "SRS0") || has_tag(local, "SRS1"); }

Srs::Srs(std::string secret, int max_age_days) : secret_(std::move(secret)), max_age_days_(max_age_days) {}

std::string Srs::hash(std::initializer_list<std::string_view> fields) const {
  std::string data;
  for (auto f : fields) data += to_lower(f);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret_.data(), static_cast<int>(secret_.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), length)).substr(0, kHashLength);
}

bool Srs::hash_matches(std::string_view given, std::initializer_list<std::string_view> fields) const {
  // Compared case-insensitively: a relay may have lower-cased the local part, and 4
  // characters of base64 still leave about 2^20 guesses.
  return given.size() == kHashLength && iequals(given, hash(fields));
}

std::string Srs::forward(std::string_view sender, std::string_view domain, std::int64_t now) const {
  if (sender.empty()) return {};
  auto address = parse_address(sender);
  if (!address || iequals(address->domain, domain)) return std::string(sender);
  const std::string& local = address->local;
  std::string_view host = address->domain;
  if (has_tag(local, "SRS0")) {
    // Forwarded again: the first forwarder's part ("=HHHH=TT=...") goes on unchanged.
    std::string_view rest = std::string_view(local).substr(4);
    return "SRS1=" + hash({host, rest}) + "=" + std::string(host) + "=" + std::string(rest) + "@" + std::string(domain);
  }
  if (has_tag(local, "SRS1")) {
    std::string_view rest = std::string_view(local).substr(5), old_hash, first;
    if (take_field(rest, old_hash) && take_field(rest, first) && !rest.empty())
      return "SRS1=" + hash({first, rest}) + "=" + std::string(first) + "=" + std::string(rest) + "@" +
             std::string(domain);
  }
  std::string stamp = encode_stamp(today(now));
  return "SRS0=" + hash({stamp, host, local}) + "=" + stamp + "=" + std::string(host) + "=" + local + "@" +
         std::string(domain);
}

SrsReversal Srs::reverse(const Address& address, std::int64_t now) const {
  std::string_view local = address.local;
  if (!is_srs_local_part(local)) return {};
  bool first_hop = local[3] == '0';
  std::string_view rest = local.substr(5), given, stamp, host;
  if (first_hop) {
    // SRS0=HHHH=TT=domain=local: the local part may itself hold separators.
    if (!take_field(rest, given) || !take_field(rest, stamp) || !take_field(rest, host) || rest.empty())
      return {SrsStatus::forged, {}};
    if (!hash_matches(given, {stamp, host, rest})) return {SrsStatus::forged, {}};
    int day = decode_stamp(stamp);
    if (day < 0) return {SrsStatus::forged, {}};
    int age = ((today(now) - day) % kStampRange + kStampRange) % kStampRange;
    if (age > max_age_days_) return {SrsStatus::expired, {}};
    return {SrsStatus::ok, std::string(rest) + "@" + std::string(host)};
  }
  // SRS1=HHHH=first-forwarder==HHHH=TT=...: back to the first forwarder's SRS0 address.
  if (!take_field(rest, given) || !take_field(rest, host) || rest.size() < 2 || rest.front() != kSeparator)
    return {SrsStatus::forged, {}};
  if (!hash_matches(given, {host, rest})) return {SrsStatus::forged, {}};
  return {SrsStatus::ok, "SRS0" + std::string(rest) + "@" + std::string(host)};
}

}  // namespace carteiro::delivery
