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

// The reference is prefixed to each pattern (section 6.3.8), and INBOX matches in any
// case, so each pattern is also kept upper-cased for it. Compiled once per command.
class Patterns {
 public:
  explicit Patterns(const ListArguments& a) {
    for (const auto& pattern : a.patterns) {
      std::string full = a.reference + pattern;
      exact_.emplace_back(full);
      upper_.emplace_back(to_upper(full));
    }
  }
  bool match(const std::string& name) const {
    auto matches = [&name](const ListPattern& p) { return p.matches(name); };
    if (std::any_of(exact_.begin(), exact_.end(), matches)) return true;
    return name == "INBOX" && std::any_of(upper_.begin(), upper_.end(), matches);
  }

 private:
  std::vector<ListPattern> exact_, upper_;
};

std::string list_line(std::string_view verb, const std::vector<std::string>& attributes, const std::string& name) {
  std::string joined;
  for (const auto& attribute : attributes) joined += (joined.empty() ? "" : " ") + attribute;
  return fmt::format("{} ({}) \"{}\" {}", verb, joined, kDelimiter, imap_string(name));
}

}  // namespace

asio::awaitable<Reply> on_list(Session& s, const Command& c) {
  const auto& a = c.args<ListArguments>();
  if (!a.extended && a.patterns.size() == 1 && a.patterns[0].empty()) {
    // An empty pattern asks for the hierarchy delimiter and the root name.
    s.untagged(fmt::format("LIST (\\Noselect) \"{}\" \"\"", kDelimiter));
    co_return ok("LIST completed");
  }
  auto mailboxes = co_await account_mailboxes(s);
  const Patterns patterns(a);
  std::set<std::string> names;
  for (const auto& m : mailboxes) names.insert(m.name);
  auto has_children = [&names](const std::string& name) {
    auto it = names.lower_bound(name + kDelimiter);
    return it != names.end() && it->rfind(name + kDelimiter, 0) == 0;
  };
  for (const auto& m : mailboxes) {
    if (!patterns.match(m.name)) continue;
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

asio::awaitable<Reply> on_lsub(Session& s, const Command& c) {
  const auto& a = c.args<ListArguments>();
  if (a.patterns.size() == 1 && a.patterns[0].empty()) {
    s.untagged(fmt::format("LSUB (\\Noselect) \"{}\" \"\"", kDelimiter));
    co_return ok("LSUB completed");
  }
  auto mailboxes = co_await account_mailboxes(s);
  const Patterns patterns(a);
  std::map<std::string, bool> lines;  // name -> \Noselect
  for (const auto& m : mailboxes)
    if (m.subscribed && patterns.match(m.name)) lines[m.name] = m.noselect;
  // Section 6.3.9: a subscribed name the pattern does not reach (with "%") shows as its
  // nearest superior name that the pattern matches, with \Noselect unless that one is
  // itself subscribed.
  bool percent = std::any_of(a.patterns.begin(), a.patterns.end(),
                             [](const std::string& p) { return p.find('%') != std::string::npos; });
  for (const auto& m : mailboxes) {
    if (!percent || !m.subscribed || patterns.match(m.name)) continue;
    for (auto pos = m.name.rfind(kDelimiter); pos != std::string::npos && pos > 0;
         pos = m.name.rfind(kDelimiter, pos - 1)) {
      auto parent = m.name.substr(0, pos);
      if (patterns.match(parent)) {
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
