#pragma once
// Running a compiled script (compile.hpp) on one message for one account: the result is
// the list of actions to carry out. Pure: what the script needs from the world (does a
// mailbox exist, was this message seen before) it asks through Environment, and what it
// wants done is returned, never done here. Delivery carries the actions out (and writes
// the mail they cause: redirects, vacation replies, reject notices).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "carteiro/sieve/compile.hpp"

namespace carteiro::sieve {

// The message as the script sees it.
struct MessageInput {
  std::string_view message;       // header section and body, CRLF lines, as received
  std::string envelope_from;      // MAIL FROM, "" for the null sender <>
  std::string envelope_to;        // the recipient as given at RCPT (bob+tag@example.org)
  std::string account_address;    // the account the script belongs to (bob@example.org)
  std::string auth;               // the submitter's login, "" when none (envelope "auth")
  std::int64_t now = 0;           // seconds since the epoch, for currentdate and vacation
  int zone_minutes = 0;           // local offset from UTC for date tests without :zone
};

// What the script may ask of the store, answered by delivery.
class Environment {
 public:
  virtual ~Environment() = default;
  // RFC 5490 mailboxexists: NAME is a mailbox of the account (IMAP name, "/" hierarchy).
  virtual bool mailbox_exists(std::string_view name) = 0;
  // RFC 7352 duplicate: KEY (see DuplicateRecord) was recorded and has not expired.
  virtual bool duplicate_seen(std::string_view key) = 0;
};

// The actions, each with everything needed to carry it out. Flags are IMAP flags
// ("\\Seen", "$Label1"), from imap4flags (RFC 5232).
struct Keep {
  std::vector<std::string> flags;
};
struct FileInto {
  std::string mailbox;  // IMAP mailbox name, "/" as hierarchy separator
  std::vector<std::string> flags;
  bool create = false;  // RFC 5490 :create
  bool copy = false;    // RFC 3894 :copy (does not cancel the implicit keep)
};
struct Redirect {
  std::string address;  // a checked RFC 5321 mailbox
  bool copy = false;
};
struct Discard {};
struct Reject {
  std::string reason;
  bool ereject = false;  // RFC 5429: ereject prefers refusing in the SMTP dialogue
};
// RFC 5230 with RFC 6131 :seconds. Whether a reply is sent at all (RFC 3834 rules, the
// once per period memory) is delivery's decision.
struct Vacation {
  std::string handle;   // :handle, or one derived from the arguments (RFC 5230 4.2)
  std::string subject;  // "" when the script gave none
  std::string from;     // "" when the script gave none
  std::vector<std::string> addresses;  // :addresses
  std::string reason;   // the text, or a MIME entity when mime is true
  bool mime = false;
  std::int64_t period_seconds = 7 * 86400;  // :days * 86400, or :seconds
};
using Action = std::variant<Keep, FileInto, Redirect, Discard, Reject, Vacation>;

// RFC 7352: an id the script tested with `duplicate`, to be recorded when the actions
// are carried out (not when the run fails).
struct DuplicateRecord {
  std::string key;             // handle and unique id, made into one key
  std::int64_t expires = 0;    // seconds since the epoch
};

struct RunResult {
  // Every action to carry out, the implicit keep included as a Keep when it stands.
  // After a run-time error: a single Keep (RFC 5228 section 2.10.6).
  std::vector<Action> actions;
  // The header section (ending in the empty line) after editheader (RFC 5293) changed
  // it; the message to store or forward is this followed by the original body.
  std::optional<std::string> edited_header;
  std::vector<DuplicateRecord> duplicates;
  std::optional<std::string> error;  // a run-time error, for the log
};

RunResult run(const Script& script, const MessageInput& input, Environment& environment,
              const Limits& limits = {});

}  // namespace carteiro::sieve
