#pragma once
// Turns an accepted envelope and message into stored mail: local recipients share one
// stored copy linked into each INBOX; remote recipients go into the outbound queue as one
// entry per message. Used by SMTP (MX and submission) and by the queue (DSN bounces).
#include <asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "carteiro/mailauth/arc.hpp"
#include "carteiro/sieve/compile.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::delivery {

// What the MX's sender checks established about a message from outside (mailauth's
// message_check.hpp), for what is passed on: a forwarded copy is ARC-sealed with it (RFC
// 8617 section 5.1), and never DKIM-signed as one of our domains unless DMARC proved it.
struct CheckedOrigin {
  std::string authserv_id;           // ours (the hostname)
  std::string results;               // our Authentication-Results payload (after the authserv-id)
  mailauth::arc::ChainResult arc;    // the chain the message arrived with
  bool dmarc_pass = false;           // its From domain was proven (DMARC pass)
};

struct Envelope {
  std::string sender;                   // "" is the null sender <>
  std::vector<std::string> recipients;  // as accepted at RCPT (before alias/list expansion)
  std::string id;                       // the id already named (Received:); empty: make one
  int priority = 0;                     // RFC 6710 -9..9, for the queue's order
  std::string auth{};                   // the submitter's login, "" when none (Sieve's envelope "auth")
  // The sender's DMARC policy asked for quarantine (RFC 7489 section 6.6.4): the implicit
  // keep (no script, or the script's keep) files local copies into Junk instead of INBOX.
  // A script's own fileinto, redirects and remote copies are unaffected.
  bool quarantine = false;
  std::optional<CheckedOrigin> origin{};  // set by the MX when its sender checks ran
};

// A message as the SMTP server hands it over: the trace fields it adds (Received:) in
// front of the message as received, which stays where it is (a spool's memory or file
// mapping) and is never copied whole into the heap. BODY must outlive the delivery.
struct Message {
  std::string prefix;     // complete CRLF-ended header fields, or empty
  std::string_view body;  // the message itself, header and body
};

// A recipient the message was not stored for, why (for the logs and the report), and the
// RFC 3463 status the failure report gives.
struct Undelivered {
  std::string recipient;
  std::string why;
  std::string status = "5.1.1";  // bad destination mailbox address
  // Whom the report goes to when not the transaction's sender: a list member's failure
  // goes to the list's bounce address, like the post's other bounces.
  std::string report_to;
};
inline constexpr const char* kMailboxFullStatus = "5.2.2";  // RFC 3463: mailbox full

struct Delivered {
  std::string id;                       // message id for the 250 reply and the logs
  std::size_t local = 0;                // mailboxes it was placed in
  std::size_t remote = 0;               // recipients queued for the outbound queue
  // Recipients that no longer resolve (an account removed since RCPT, an alias loop
  // made since) or whose mailbox is full (quotas.hpp), for the logs or a bounce.
  std::vector<Undelivered> failed;
  // Every recipient's Sieve script rejected the message (RFC 5429): nothing was stored or
  // queued, and this is the reason the SMTP server gives in its 550 5.7.1.
  std::optional<std::string> rejected;
  // Every recipient failed, each because of a full mailbox.
  bool all_full() const;
};

class ScriptCache;
class Srs;
class SigningKeys;

struct DeliveryOptions {
  std::string srs_secret;              // "" : redirects keep their sender, SRS addresses are unknown
  int srs_max_age_days = 21;           // a bounce to an SRS address is accepted this long
  sieve::Limits sieve_limits;          // the [sieve] section's run-time bounds
};

class Deliverer {
 public:
  Deliverer(store::Store& store, std::string hostname, DeliveryOptions options = {});
  ~Deliverer();
  Deliverer(const Deliverer&) = delete;
  Deliverer& operator=(const Deliverer&) = delete;
  // Resolves every recipient (aliases, lists, plus-addressing, catch-all), stores the
  // message once, and queues remote recipients, all in one durable write. Each account's
  // active Sieve script decides where its copy goes, and the mail it causes (redirects,
  // vacation replies, rejection notices) is written in the same write; every queued copy
  // is DKIM-signed before it (outgoing_signature.hpp). The message
  // carries the headers the caller adds (Received:); Return-Path is added here at
  // final delivery. Throws on store failure (the caller replies 451).
  asio::awaitable<Delivered> deliver(Envelope envelope, Message message);
  // The same for a message held in one string (DSN bounces, tests), kept alive here.
  asio::awaitable<Delivered> deliver(Envelope envelope, std::string data);
  // For RCPT, which must agree with delivery on SRS addresses (resolve.hpp); null when off.
  const Srs* srs() const { return srs_.get(); }

 private:
  store::Store& store_;
  std::string hostname_;
  sieve::Limits limits_;
  std::unique_ptr<ScriptCache> scripts_;
  std::unique_ptr<Srs> srs_;
  std::unique_ptr<SigningKeys> signing_keys_;  // DKIM keys of outgoing mail (outgoing_signature.hpp)
};

}  // namespace carteiro::delivery
