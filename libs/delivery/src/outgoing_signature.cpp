#include "carteiro/delivery/outgoing_signature.hpp"

#include <algorithm>

#include "carteiro/common/address.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/plan.hpp"
#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/store/dkim_keys.hpp"

namespace carteiro::delivery {

namespace {

// The domain of the first mailbox of the From field of HEADER (the author, RFC 5322 3.6.2).
std::string from_domain(std::string_view message) {
  auto from = mime::first_header(message, "from");
  if (!from) return {};
  for (const auto& address : mime::parse_address_list(*from))
    if (address.host && !address.host->empty()) return to_lower(*address.host);
  return {};
}

std::string sender_domain(std::string_view sender) {
  auto address = parse_address(sender);
  return address ? address->domain : std::string();
}

// RFC 8617 section 5.1: the ARC set a forwarded copy gets from us, sealed with the signing
// domain's RSA key (the algorithm every ARC verifier knows); "" when it cannot be made.
// ARC signs one contiguous message: a forwarded copy is joined once here, within the size
// limit the MX enforced.
std::string arc_set(const CheckedOrigin& origin, const std::vector<std::string_view>& pieces,
                    const std::vector<mailauth::dkim::SigningKey>& keys, std::int64_t now, std::string_view id) {
  auto rsa = std::find_if(keys.begin(), keys.end(), [](const mailauth::dkim::SigningKey& key) {
    return key.selector.starts_with(store::dkim_keys::selector_prefix(store::DkimAlgorithm::rsa));
  });
  if (rsa == keys.end()) return {};
  std::string message;
  for (auto piece : pieces) message.append(piece);
  auto sealed = mailauth::arc::seal(message, origin.arc, origin.authserv_id, origin.results, *rsa, now);
  if (auto* error = std::get_if<mailauth::dkim::ParseError>(&sealed)) {
    log::warn("{}: not ARC-sealed by {}: {}", id, rsa->domain, error->reason);
    return {};
  }
  return std::get<std::string>(sealed);
}

}  // namespace

std::optional<std::string> signing_domain(std::string_view from_domain, std::string_view sender_domain,
                                          const std::function<bool(const std::string&)>& have_keys) {
  for (std::string_view domain : {from_domain, sender_domain}) {
    std::string name = to_lower(domain);
    // The domain itself, then its parents: a report from MAILER-DAEMON@mail.example.com is
    // signed by example.com (aligned for DMARC's relaxed mode, RFC 7489 section 3.1.1),
    // never by a bare top-level label.
    while (name.find('.') != std::string::npos) {
      if (have_keys(name)) return name;
      name.erase(0, name.find('.') + 1);
    }
  }
  return std::nullopt;
}

std::vector<mailauth::dkim::SigningKey> SigningKeys::of(store::Db& db, const std::string& domain, std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto& entry = cache_[domain];
  if (entry.loaded_at == 0 || now - entry.loaded_at >= max_age_ || now < entry.loaded_at) {
    entry.keys.clear();
    for (auto& key : store::dkim_keys::current(db, domain))
      entry.keys.push_back({key.domain, key.selector, std::move(key.private_pem)});
    entry.loaded_at = now;
  }
  return entry.keys;
}

std::size_t sign_remote_copies(store::Db& db, SigningKeys& keys, DeliveryPlan& plan, const Message& message,
                               std::int64_t now, std::string_view id, const CheckedOrigin* origin) {
  std::size_t signed_copies = 0;
  for (auto& copy : plan.remote) {
    std::string_view text = copy.content ? std::string_view(copy.content->data) : message.body;
    std::vector<mailauth::dkim::SigningKey> domain_keys;
    auto have_keys = [&](const std::string& domain) {
      domain_keys = keys.of(db, domain, now);
      return !domain_keys.empty();
    };
    std::string author = from_domain(text);
    // The message as received, passed on (what we write ourselves has CONTENT).
    bool forwarded = origin != nullptr && !copy.content;
    bool unproven_own_author = forwarded && !origin->dmarc_pass && !author.empty() &&
                               signing_domain(author, {}, have_keys).has_value();
    auto domain = signing_domain(unproven_own_author ? std::string() : author, sender_domain(copy.sender), have_keys);
    if (!domain) {
      log::debug("{}: no DKIM key for <{}> nor From domain \"{}\": sent unsigned", id, copy.sender, author);
      continue;
    }
    std::vector<std::string_view> pieces{copy.prefix};
    if (copy.content) {
      pieces.push_back(copy.content->data);
    } else {
      pieces.push_back(message.prefix);
      pieces.push_back(message.body);
    }
    std::string fields = forwarded ? arc_set(*origin, pieces, domain_keys, now, id) : std::string();
    if (!fields.empty()) pieces.insert(pieces.begin(), fields);
    if (unproven_own_author) {
      log::warn("{}: From domain {} not proven by DMARC: passed on without our DKIM signature", id, author);
    } else {
      std::string signatures;
      for (const auto& key : domain_keys) {
        auto field = mailauth::dkim::sign_message(pieces, key, now);
        if (auto* error = std::get_if<mailauth::dkim::ParseError>(&field))
          log::warn("{}: not signed with {}._domainkey.{}: {}", id, key.selector, key.domain, error->reason);
        else
          signatures += std::get<std::string>(field);
      }
      fields = signatures + fields;
    }
    if (fields.empty()) continue;
    copy.prefix = fields + copy.prefix;
    ++signed_copies;
  }
  return signed_copies;
}

}  // namespace carteiro::delivery
