// imap::parse_command (parser.hpp) driven the way the session drives it: a line is added
// to the command, and each time the parser asks for a literal of N bytes the next N bytes
// of the input follow, with the line after them. What comes out is used as the commands
// use it: sequence sets resolved, flags parsed, mailbox names checked, FETCH sections
// extracted from a sample message and SEARCH keys evaluated against it.
//
// Checked: a literal request matches the marker that ends the line (as trailing_literal()
// reads it, which the session uses to skip a rejected command's literal); a command has a
// tag (the one leading_tag() sees) and an upper-case name; resolved sequence sets are
// sorted, disjoint, from 1 up, and agree with contains().
#include <cstdint>
#include <string>
#include <variant>

#include "carteiro/imap/flags.hpp"
#include "carteiro/imap/mailbox_name.hpp"
#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/search.hpp"
#include "carteiro/mime/section.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::imap;

// Larger literals are refused by the session before they are read.
constexpr std::size_t kMaxLiteral = 64 * 1024;

constexpr std::string_view kSampleMessage =
    "Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n"
    "From: =?utf-8?q?Jos=C3=A9?= <jose@example.test>\r\n"
    "To: bob@example.test\r\n"
    "Subject: hello\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=b\r\n"
    "\r\n"
    "--b\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "\r\n"
    "caf\xe9 body\r\n"
    "--b\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "Subject: inner\r\n"
    "\r\n"
    "inner body\r\n"
    "--b--\r\n";

void check_set(const SequenceSet& set) {
  for (std::uint32_t largest : {0u, 1u, 7u, 4294967295u}) {
    auto ranges = set.resolve(largest);
    std::uint64_t previous_last = 0;
    bool first = true;
    for (const auto& r : ranges) {
      FUZZ_CHECK(r.first >= 1 && r.first <= r.last);
      FUZZ_CHECK(first || r.first > previous_last + 1);  // merged: no overlap, no adjacency
      previous_last = r.last;
      first = false;
      FUZZ_CHECK(set.contains(r.first, largest) && set.contains(r.last, largest));
      if (r.last < 4294967295u) FUZZ_CHECK(!set.contains(r.last + 1, largest));
    }
  }
}

void check_mailbox(const std::string& name) {
  auto why = invalid_mailbox_name(name);
  if (!why) FUZZ_CHECK(valid_modified_utf7(name));
  std::string canonical = canonical_mailbox_name(name);
  FUZZ_CHECK(canonical.size() == name.size());
  if (auto parent = parent_mailbox_name(name)) FUZZ_CHECK(name.compare(0, parent->size(), *parent) == 0);
}

void check_flags(const std::vector<std::string>& written) {
  FlagParse parsed = parse_flags(written);
  FUZZ_CHECK(parsed.flags.keywords.size() <= written.size());
  join_keywords(parsed.flags.keywords);
}

void use(const Command& command) {
  const auto& a = command.arguments;
  if (auto* fetch = std::get_if<FetchArguments>(&a)) {
    check_set(fetch->set);
    for (const FetchItem& item : fetch->items)
      if (item.kind == FetchKind::section) carteiro::mime::extract_section(kSampleMessage, item.section);
  } else if (auto* store = std::get_if<StoreArguments>(&a)) {
    check_set(store->set);
    check_flags(store->flags);
  } else if (auto* copy = std::get_if<CopyArguments>(&a)) {
    check_set(copy->set);
    check_mailbox(copy->mailbox);
  } else if (auto* expunge = std::get_if<UidExpungeArguments>(&a)) {
    check_set(expunge->set);
  } else if (auto* mailbox = std::get_if<MailboxArguments>(&a)) {
    check_mailbox(mailbox->mailbox);
  } else if (auto* rename = std::get_if<RenameArguments>(&a)) {
    check_mailbox(rename->from);
    check_mailbox(rename->to);
  } else if (auto* list = std::get_if<ListArguments>(&a)) {
    for (const std::string& pattern : list->patterns)
      for (std::string_view name : {"INBOX", "Archive/2024/Jan", "&AOk-t&AOk-", ""})
        list_pattern_matches(pattern, name);
  } else if (auto* status = std::get_if<StatusArguments>(&a)) {
    check_mailbox(status->mailbox);
  } else if (auto* append = std::get_if<AppendArguments>(&a)) {
    check_mailbox(append->mailbox);
    check_flags(append->flags);
  } else if (auto* search = std::get_if<SearchArguments>(&a)) {
    SearchMessage message;
    message.seq = 3;
    message.uid = 42;
    message.size = static_cast<std::int64_t>(kSampleMessage.size());
    message.internaldate = 1200388830;
    message.keywords = "$Forwarded Work";
    message.load = [] { return std::string(kSampleMessage); };
    search_matches(search->key, message, SearchScope{7, 50});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  std::string command;
  while (!input.empty()) {
    std::string_view line = input.line();
    // As the session does: trailing blanks carry no meaning, empty lines are skipped.
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (command.empty() && line.empty()) continue;
    command += line;

    ParseOutcome outcome = parse_command(command);
    if (auto* need = std::get_if<NeedLiteral>(&outcome)) {
      auto marker = trailing_literal(line);
      FUZZ_CHECK(marker && marker->size == need->size && marker->synchronizing == need->synchronizing);
      if (need->size > kMaxLiteral || need->size > input.size()) break;  // refused, or not sent
      command += "\r\n";
      command += input.take(need->size);
      continue;
    }
    if (auto* parsed = std::get_if<Command>(&outcome)) {
      FUZZ_CHECK(!parsed->tag.empty() && leading_tag(command) == parsed->tag);
      FUZZ_CHECK(!parsed->name.empty());
      for (char c : parsed->name) FUZZ_CHECK(!(c >= 'a' && c <= 'z'));
      use(*parsed);
    } else {
      const auto& error = std::get<ParseError>(outcome);
      FUZZ_CHECK(!error.message.empty());
    }
    command.clear();
  }
  return 0;
}
