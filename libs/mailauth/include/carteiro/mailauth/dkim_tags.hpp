#pragma once
// DKIM tag lists (RFC 6376 section 3.2) and the two records written in them: the
// DKIM-Signature header field (section 3.5) and the key record published in DNS (section
// 3.6.1). Pure parsing: every refusal carries a reason for Authentication-Results.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace carteiro::mailauth::dkim {

// Limits on what a tag list may hold; beyond them the record is refused (a header field or
// TXT record this large is hostile, not a signature).
inline constexpr std::size_t kMaxTagListBytes = 16 * 1024;
inline constexpr std::size_t kMaxTags = 64;

struct ParseError {
  std::string reason;
};

template <typename T>
using Parsed = std::variant<T, ParseError>;

struct Tag {
  std::string name;
  std::string value;  // without the surrounding whitespace; inner folding kept
};

struct TagList {
  std::vector<Tag> tags;
  const std::string* find(std::string_view name) const;  // nullptr when absent
};

// RFC 6376 section 3.2: tag=value pairs separated by ";", names unique (a duplicate makes
// the whole list invalid).
Parsed<TagList> parse_tag_list(std::string_view text);

// Base64 that may be folded (section 3.5, b= and bh=; section 3.6.1, p=): whitespace is
// dropped, the rest must be strict base64.
std::optional<std::string> decode_folded_base64(std::string_view text);

enum class Algorithm { rsa_sha256, rsa_sha1, ed25519_sha256 };
enum class Canonicalization { simple, relaxed };
enum class KeyType { rsa, ed25519 };

struct Signature {
  Algorithm algorithm = Algorithm::rsa_sha256;
  std::string algorithm_name;  // a= as written, lower case
  std::string signature;       // b=, decoded
  std::string signature_text;  // b= as written, whitespace removed
  std::string body_hash;       // bh=, decoded
  Canonicalization header_canon = Canonicalization::simple;
  Canonicalization body_canon = Canonicalization::simple;
  std::string domain;    // d=, lower case
  std::string selector;  // s=
  std::string identity;  // i=, "@" d= when absent
  std::vector<std::string> signed_headers;  // h=, lower case, in order
  std::optional<std::uint64_t> body_length;  // l=
  std::optional<std::int64_t> timestamp;     // t=
  std::optional<std::int64_t> expiration;    // x=
};

Parsed<Signature> parse_signature(std::string_view field_value);
// The tags the DKIM-Signature shares with ARC's signed fields (RFC 8617 sections 4.1.2 and
// 4.1.3): a=, b=, d= and s= required; bh=, c=, h=, l=, q=, t= and x= checked when present.
// parse_signature adds DKIM's own v= and i= and the tags DKIM requires.
Parsed<Signature> parse_signature_tags(const TagList& tags);

struct Key {
  KeyType type = KeyType::rsa;
  std::string public_key;           // p=, decoded; empty: the key was revoked
  std::vector<std::string> hashes;  // h=; empty: any
  bool testing = false;             // t=y
  bool strict_identity = false;     // t=s: i= must be in d= itself, not a subdomain
  bool for_email = true;            // s= is "*" or names "email"
};

Parsed<Key> parse_key_record(std::string_view txt);

}  // namespace carteiro::mailauth::dkim
