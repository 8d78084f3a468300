// RFC 6376 section 3.5: the tags of the DKIM-Signature header field.
#include <cctype>
#include <charconv>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

namespace {

std::string without_space(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out.push_back(c);
  return out;
}

// 1*12DIGIT for t= and x=; 1*76DIGIT for l=, of which we accept what fits 64 bits (a body
// longer than that cannot exist).
template <typename Int>
std::optional<Int> parse_decimal(std::string_view text) {
  Int value{};
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  if (name == "rsa-sha256") return Algorithm::rsa_sha256;
  if (name == "rsa-sha1") return Algorithm::rsa_sha1;
  if (name == "ed25519-sha256") return Algorithm::ed25519_sha256;  // RFC 8463 section 3
  return std::nullopt;
}

std::optional<Canonicalization> parse_canon(std::string_view name) {
  if (name == "simple") return Canonicalization::simple;
  if (name == "relaxed") return Canonicalization::relaxed;
  return std::nullopt;
}

// The domain part of i= (after the last "@").
std::string_view identity_domain(std::string_view identity) {
  std::size_t at = identity.rfind('@');
  return at == std::string_view::npos ? std::string_view() : identity.substr(at + 1);
}

// d= and s= name DNS labels (section 3.5: domain-name, selector = sub-domain *("." sub-domain));
// anything else would make the key lookup ask for a name no signer can publish.
bool dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  for (auto label : split(name, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

Parsed<Signature> parse_signature_tags(const TagList& tags) {
  for (const char* required : {"a", "b", "d", "s"})
    if (!tags.find(required)) return ParseError{std::string("missing tag ") + required};
  Signature sig;
  sig.algorithm_name = to_lower(*tags.find("a"));
  auto algorithm = parse_algorithm(sig.algorithm_name);
  if (!algorithm) return ParseError{"unknown algorithm " + sig.algorithm_name};
  sig.algorithm = *algorithm;

  sig.signature_text = without_space(*tags.find("b"));
  auto b = decode_folded_base64(*tags.find("b"));
  if (!b || b->empty()) return ParseError{"bad b= value"};
  sig.signature = std::move(*b);
  if (auto* bh_text = tags.find("bh")) {
    auto bh = decode_folded_base64(*bh_text);
    if (!bh || bh->empty()) return ParseError{"bad bh= value"};
    sig.body_hash = std::move(*bh);
  }

  if (auto* c = tags.find("c")) {
    std::string_view text = *c;
    std::size_t slash = text.find('/');
    auto header = parse_canon(to_lower(text.substr(0, slash)));
    auto body = slash == std::string_view::npos ? std::optional(Canonicalization::simple)
                                                : parse_canon(to_lower(text.substr(slash + 1)));
    if (!header || !body) return ParseError{"unknown canonicalization"};
    sig.header_canon = *header;
    sig.body_canon = *body;
  }

  sig.domain = to_lower(*tags.find("d"));
  sig.selector = *tags.find("s");
  if (!dns_name(sig.domain)) return ParseError{"bad d= domain"};
  if (!dns_name(sig.selector)) return ParseError{"bad s= selector"};

  if (auto* h = tags.find("h")) {
    for (auto name : split(*h, ':')) {
      std::string header = to_lower(trim(without_space(name)));
      if (header.empty()) return ParseError{"empty header name in h="};
      sig.signed_headers.push_back(std::move(header));
    }
    bool signs_from = false;
    for (const auto& name : sig.signed_headers) signs_from = signs_from || name == "from";
    if (!signs_from) return ParseError{"h= does not sign From"};  // section 5.4
  }

  if (auto* q = tags.find("q")) {
    bool dns_txt = false;
    for (auto method : split(*q, ':')) dns_txt = dns_txt || iequals(trim(method), "dns/txt");
    if (!dns_txt) return ParseError{"unsupported query method"};
  }
  if (auto* l = tags.find("l")) {
    sig.body_length = parse_decimal<std::uint64_t>(*l);
    if (!sig.body_length) return ParseError{"bad l= value"};
  }
  if (auto* t = tags.find("t")) {
    sig.timestamp = parse_decimal<std::int64_t>(*t);
    if (!sig.timestamp) return ParseError{"bad t= value"};
  }
  if (auto* x = tags.find("x")) {
    sig.expiration = parse_decimal<std::int64_t>(*x);
    if (!sig.expiration) return ParseError{"bad x= value"};
    if (sig.timestamp && *sig.expiration < *sig.timestamp) return ParseError{"x= before t="};
  }
  return sig;
}

Parsed<Signature> parse_signature(std::string_view field_value) {
  auto parsed = parse_tag_list(field_value);
  if (auto* error = std::get_if<ParseError>(&parsed)) return *error;
  const TagList& tags = std::get<TagList>(parsed);
  for (const char* required : {"v", "a", "b", "bh", "d", "h", "s"})
    if (!tags.find(required)) return ParseError{std::string("missing tag ") + required};
  if (*tags.find("v") != "1") return ParseError{"unsupported version"};
  auto common = parse_signature_tags(tags);
  if (auto* error = std::get_if<ParseError>(&common)) return *error;
  Signature sig = std::get<Signature>(std::move(common));

  // Section 3.5: i= must be the d= domain or one of its subdomains.
  if (auto* i = tags.find("i")) {
    sig.identity = *i;
    std::string domain = to_lower(identity_domain(sig.identity));
    bool same = domain == sig.domain;
    bool sub = domain.size() > sig.domain.size() && domain.ends_with("." + sig.domain);
    if (!same && !sub) return ParseError{"i= is not within d="};
  } else {
    sig.identity = "@" + sig.domain;
  }
  return sig;
}

}  // namespace carteiro::mailauth::dkim
