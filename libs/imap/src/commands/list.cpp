// LIST and LSUB (RFC 3501 sections 6.3.8-6.3.9) with LIST-EXTENDED selection and return
// options (RFC 5258), CHILDREN attributes (RFC 3348) and SPECIAL-USE (RFC 6154).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "carteiro/common/strings.hpp"
#include "carteiro/imap/mailbox_name.hpp"
#include "carteiro/imap/response.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

namespace {

asio::awaitable<std::vector<store::Mailbox>> account_mailboxes(Session& s) {
  auto account_id = s.account().id;
  auto query = [account_id](store::Db& db) { return store::mailboxes::list(db, account_id); };
  co_return co_await s.store().read(query);
}

// The reference is prefixed to the pattern (section 6.3.8); INBOX matches in any case.
bool matches(const ListArguments& a, const std::string& name) {
  for (const auto& pattern : a.patterns) {
    std::string full = a.reference + pattern;
    if (list_pattern_matches(full, name)) return true;
    if (name == "INBOX" && list_pattern_matches(to_upper(full), name)) return true;
  }
  return false;
}

std::string list_line(std::string_view verb, const std::vector<std::string>& attributes, const std::string& name) {
  std::string joined;
  for (const auto& attribute : attributes) joined += (joined.empty() ? "" : " ") + attribute;
  return fmt::format("{} ({}) \"{}\" {}", verb, joined, kDelimiter, imap_string(name));
}

}  // namespace

asio::awaitable<Reply> list(Session& s, const Command& c) {
  const auto& a = c.args<ListArguments>();
  if (!a.extended && a.patterns.size() == 1 && a.patterns[0].empty()) {
    // An empty pattern asks for the hierarchy delimiter and the root name.
    s.untagged(fmt::format("LIST (\\Noselect) \"{}\" \"\"", kDelimiter));
    co_return ok("LIST completed");
  }
  auto mailboxes = co_await account_mailboxes(s);
  std::set<std::string> names;
  for (const auto& m : mailboxes) names.insert(m.name);
  auto has_children = [&names](const std::string& name) {
    auto it = names.lower_bound(name + kDelimiter);
    return it != names.end() && it->rfind(name + kDelimiter, 0) == 0;
  };
  for (const auto& m : mailboxes) {
    if (!matches(a, m.name)) continue;
    if (a.select_subscribed && !m.subscribed) continue;
    if (a.select_special_use && !m.special_use) continue;
    std::vector<std::string> attributes;
    if (m.noselect) attributes.push_back("\\Noselect");
    attributes.push_back(has_children(m.name) ? "\\HasChildren" : "\\HasNoChildren");
    if ((a.select_subscribed || a.return_subscribed) && m.subscribed) attributes.push_back("\\Subscribed");
    // RFC 6154 section 5.1: returning special-use attributes on every LIST is allowed and
    // is what clients that never ask for them need.
    if (m.special_use) attributes.push_back(*m.special_use);
    s.untagged(list_line("LIST", attributes, m.name));
    co_await s.flush_if_large();
  }
  co_return ok("LIST completed");
}

asio::awaitable<Reply> lsub(Session& s, const Command& c) {
  const auto& a = c.args<ListArguments>();
  if (a.patterns.size() == 1 && a.patterns[0].empty()) {
    s.untagged(fmt::format("LSUB (\\Noselect) \"{}\" \"\"", kDelimiter));
    co_return ok("LSUB completed");
  }
  auto mailboxes = co_await account_mailboxes(s);
  std::map<std::string, bool> lines;  // name -> \Noselect
  for (const auto& m : mailboxes)
    if (m.subscribed && matches(a, m.name)) lines[m.name] = m.noselect;
  // Section 6.3.9: a subscribed name the pattern does not reach (with "%") shows as its
  // nearest superior name that the pattern matches, with \Noselect unless that one is
  // itself subscribed.
  bool percent = std::any_of(a.patterns.begin(), a.patterns.end(),
                             [](const std::string& p) { return p.find('%') != std::string::npos; });
  for (const auto& m : mailboxes) {
    if (!percent || !m.subscribed || matches(a, m.name)) continue;
    for (auto pos = m.name.rfind(kDelimiter); pos != std::string::npos && pos > 0;
         pos = m.name.rfind(kDelimiter, pos - 1)) {
      auto parent = m.name.substr(0, pos);
      if (matches(a, parent)) {
        lines.emplace(parent, true);
        break;
      }
    }
  }
  for (const auto& [name, noselect] : lines) {
    s.untagged(list_line("LSUB", noselect ? std::vector<std::string>{"\\Noselect"} : std::vector<std::string>{}, name));
    co_await s.flush_if_large();
  }
  co_return ok("LSUB completed");
}

}  // namespace carteiro::imap::commands
