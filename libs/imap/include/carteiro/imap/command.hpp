#pragma once
// A client command as the parser hands it to the session: the tag, the command name and
// its arguments, already checked against RFC 3501 section 9's grammar. Strings are
// copies (literals included), so a Command outlives the buffer it was parsed from;
// APPEND's message is the exception, held in a spool the session attaches.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "carteiro/common/spool.hpp"
#include "carteiro/imap/sequence_set.hpp"
#include "carteiro/mime/section.hpp"

namespace carteiro::imap {

// Commands without arguments: CAPABILITY, NOOP, LOGOUT, STARTTLS, CHECK, CLOSE, UNSELECT,
// EXPUNGE, IDLE, NAMESPACE.
struct NoArguments {};

struct LoginArguments {
  std::string user;
  std::string password;
};

struct AuthenticateArguments {
  std::string mechanism;                       // upper-cased
  std::optional<std::string> initial_response; // SASL-IR (RFC 4959): base64, "=" is empty
};

// SELECT/EXAMINE (QRESYNC (uidvalidity modseq [known-uids] [seq-match-data])), RFC 7162
// section 3.2.5. No set holds '*'.
struct QresyncParameters {
  std::int64_t uidvalidity = 0;
  std::int64_t modseq = 0;
  std::optional<SequenceSet> known_uids;
  // seq-match-data: message sequence numbers and the UIDs the client had for them.
  std::optional<SequenceSet> known_sequence_set;
  std::optional<SequenceSet> known_uid_set;
};

// SELECT, EXAMINE, CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE.
struct MailboxArguments {
  std::string mailbox;  // "INBOX" in any case is returned as "INBOX"
  bool condstore = false;  // SELECT/EXAMINE (CONDSTORE), RFC 7162 section 3.1.8
  std::optional<QresyncParameters> qresync;  // SELECT/EXAMINE (QRESYNC (...))
};

struct RenameArguments {
  std::string from;
  std::string to;
};

// LIST and LSUB, with the LIST-EXTENDED (RFC 5258) selection and return options.
struct ListArguments {
  std::string reference;
  std::vector<std::string> patterns;  // LSUB and basic LIST: exactly one
  bool extended = false;              // a selection or return option was given
  bool select_subscribed = false;     // LIST (SUBSCRIBED)
  bool select_recursive = false;      // LIST (RECURSIVEMATCH)
  bool select_special_use = false;    // LIST (SPECIAL-USE), RFC 6154
  bool return_subscribed = false;     // RETURN (SUBSCRIBED)
  bool return_children = false;       // RETURN (CHILDREN)
  bool return_special_use = false;    // RETURN (SPECIAL-USE)
};

enum class StatusItem { messages, recent, uidnext, uidvalidity, unseen, highestmodseq, size, deleted, deleted_storage };

struct StatusArguments {
  std::string mailbox;
  std::vector<StatusItem> items;
};

struct AppendArguments {
  std::string mailbox;
  std::vector<std::string> flags;          // as written, e.g. "\Seen", "$Forwarded"
  std::optional<std::int64_t> internaldate; // unix seconds
  int internaldate_zone = 0;                // its zone as written, minutes east of UTC
  std::size_t message_size = 0;             // the message literal's size, as announced
  // Its bytes (finished: spool.content()), attached by the session once read; the
  // parser never sees them (parser.hpp).
  std::shared_ptr<const Spool> message;
};

// RFC 3501 section 6.4.5: BODY[<section>]<<partial>>. The section itself (part numbers,
// HEADER/TEXT/MIME, header fields as written) is what libs/mime extracts.
using mime::SectionText;

struct BodySection : mime::Section {
  bool peek = false;                 // BODY.PEEK: do not set \Seen
  std::optional<std::uint32_t> partial_offset;
  std::uint32_t partial_length = 0;
  std::string spec;                  // the section as it goes back in the reply: "1.HEADER"
};

enum class FetchKind {
  envelope, flags, internaldate, rfc822, rfc822_header, rfc822_size, rfc822_text,
  body,            // BODY: structure without extension data
  bodystructure,
  uid,
  modseq,
  section,         // BODY[...] / BODY.PEEK[...]
};

struct FetchItem {
  FetchKind kind = FetchKind::flags;
  BodySection section;  // for FetchKind::section
};

struct FetchArguments {
  SequenceSet set;
  std::vector<FetchItem> items;
  std::optional<std::int64_t> changed_since;  // (CHANGEDSINCE n), RFC 7162 section 3.1.4.1
  bool vanished = false;                      // (VANISHED), RFC 7162 section 3.2.6
};

enum class StoreMode { replace, add, remove };

struct StoreArguments {
  SequenceSet set;
  StoreMode mode = StoreMode::replace;
  bool silent = false;
  std::vector<std::string> flags;
  std::optional<std::int64_t> unchanged_since;  // (UNCHANGEDSINCE n), RFC 7162 section 3.1.3
};

// COPY and MOVE (RFC 6851).
struct CopyArguments {
  SequenceSet set;
  std::string mailbox;
};

// UID EXPUNGE (RFC 4315).
struct UidExpungeArguments {
  SequenceSet set;
};

// RFC 3501 section 6.4.4 search keys as a tree.
struct SearchKey {
  enum class Kind {
    all, answered, bcc, before, body, cc, deleted, draft, flagged, from, header, keyword,
    larger, new_, not_, old, on, or_, recent, seen, sentbefore, senton, sentsince, since,
    smaller, subject, text, to, uid, unanswered, undeleted, undraft, unflagged, unkeyword,
    unseen, sequence, and_,
    modseq,  // RFC 7162 section 3.1.5: mod-sequence >= number
  };
  Kind kind = Kind::all;
  std::string field;              // HEADER's field name
  std::string value;              // string argument, keyword
  std::int64_t number = 0;        // LARGER/SMALLER octets; dates as days since the epoch
  SequenceSet set;                // UID and sequence-set keys
  std::vector<SearchKey> children;  // NOT: 1, OR: 2, a parenthesised list: any
};

// ESEARCH result options (RFC 4731 section 3.1).
struct SearchReturn {
  bool min = false, max = false, all = false, count = false;
};

struct SearchArguments {
  std::optional<std::string> charset;
  SearchKey key;  // Kind::and_ over the keys given
  // RETURN (...) given: answer with ESEARCH; an empty list means ALL.
  std::optional<SearchReturn> result;
};

// GETQUOTA (RFC 9208 section 4.1.1): a quota root's name.
struct QuotaRootArguments {
  std::string root;
};

// SETQUOTA (RFC 9208 section 4.1.3): resource names (upper-cased) and their new limits.
struct SetQuotaArguments {
  std::string root;
  std::vector<std::pair<std::string, std::uint64_t>> limits;
};

struct EnableArguments {
  std::vector<std::string> capabilities;  // upper-cased
};

struct IdArguments {
  std::vector<std::pair<std::string, std::optional<std::string>>> fields;  // empty for NIL
};

using Arguments = std::variant<NoArguments, LoginArguments, AuthenticateArguments, MailboxArguments,
                               RenameArguments, ListArguments, StatusArguments, AppendArguments,
                               FetchArguments, StoreArguments, CopyArguments, UidExpungeArguments,
                               SearchArguments, EnableArguments, IdArguments, QuotaRootArguments,
                               SetQuotaArguments>;

struct Command {
  std::string tag;
  std::string name;  // upper-cased: "FETCH"; for "UID FETCH" name is "FETCH" and uid is set
  bool uid = false;
  Arguments arguments;

  template <typename T>
  const T& args() const { return std::get<T>(arguments); }
  std::string display_name() const { return uid ? "UID " + name : name; }
};

}  // namespace carteiro::imap
