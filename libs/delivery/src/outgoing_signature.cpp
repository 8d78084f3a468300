#include "carteiro/delivery/outgoing_signature.hpp"

#include "carteiro/common/address.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/plan.hpp"
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
                               std::int64_t now, std::string_view id) {
  std::size_t signed_copies = 0;
  for (auto& copy : plan.remote) {
    std::string_view text = copy.content ? std::string_view(copy.content->data) : message.body;
    std::vector<mailauth::dkim::SigningKey> domain_keys;
    auto have_keys = [&](const std::string& domain) {
      domain_keys = keys.of(db, domain, now);
      return !domain_keys.empty();
    };
    std::string author = from_domain(text);
    auto domain = signing_domain(author, sender_domain(copy.sender), have_keys);
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
    std::string fields;
    for (const auto& key : domain_keys) {
      auto field = mailauth::dkim::sign_message(pieces, key, now);
      if (auto* error = std::get_if<mailauth::dkim::ParseError>(&field))
        log::warn("{}: not signed with {}._domainkey.{}: {}", id, key.selector, key.domain, error->reason);
      else
        fields += std::get<std::string>(field);
    }
    if (fields.empty()) continue;
    copy.prefix = fields + copy.prefix;
    ++signed_copies;
  }
  return signed_copies;
}

}  // namespace carteiro::delivery
