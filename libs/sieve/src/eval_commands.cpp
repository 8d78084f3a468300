// The commands (RFC 5228 sections 3 and 4 and the extensions' actions), run in order over
// a block; if/elsif/else chains are siblings (script.hpp).
#include <algorithm>

#include "carteiro/common/address.hpp"
#include "carteiro/common/strings.hpp"
#include "interp.hpp"
#include "match_address.hpp"
#include "run_error.hpp"

namespace carteiro::sieve {

namespace {

// RFC 5232 section 4: :flags on keep and fileinto replace the internal variable's flags.
std::vector<std::string> action_flags(RunState& s, const Command& c) {
  return c.tagged.flags ? split_flags(s.texts(*c.tagged.flags)) : s.flags;
}

void fileinto(RunState& s, const Command& c) {
  std::string mailbox = s.text(arg(c, 0));
  if (mailbox.empty()) throw RuntimeError("fileinto: empty mailbox name");
  s.actions.fileinto(FileInto{mailbox, action_flags(s, c), c.tagged.create, c.tagged.copy});
}

void redirect(RunState& s, const Command& c) {
  std::string address = s.text(arg(c, 0));
  // RFC 5228 section 4.2: the address must be a valid RFC 5322 address ("bob@example.org"
  // or "Bob <bob@example.org>"); one made of variables can only be checked now.
  std::vector<MailAddress> found = addresses_in(address);
  auto parsed = found.size() == 1 ? parse_address(found[0].local + "@" + found[0].domain) : std::nullopt;
  if (!parsed) throw RuntimeError("redirect: \"" + printable(address) + "\" is not a valid address");
  s.actions.redirect(Redirect{parsed->text(), c.tagged.copy});
}

// RFC 5232 sections 3 and 5: setflag, addflag and removeflag on the internal variable or,
// with a first argument, on the variable it names.
void edit_flags(RunState& s, const Command& c) {
  bool named = c.arguments.size() >= 2;
  std::string variable = named ? s.text(arg(c, 0)) : std::string();
  std::vector<std::string> given = split_flags(s.texts(arg(c, named ? 1 : 0)));
  std::vector<std::string> flags = named ? split_flags({s.variables.get(variable)}) : s.flags;
  if (c.kind == CommandKind::setflag) {
    flags = given;
  } else if (c.kind == CommandKind::addflag) {
    merge_flags(flags, given);
  } else {
    std::erase_if(flags, [&](const std::string& f) {
      return std::any_of(given.begin(), given.end(), [&](const std::string& g) { return iequals(f, g); });
    });
  }
  if (!named) {
    s.flags = std::move(flags);
    return;
  }
  std::string joined;
  for (const std::string& f : flags) joined += (joined.empty() ? "" : " ") + f;
  s.variables.set(variable, joined);
}

void set(RunState& s, const Command& c) {
  std::string value = apply_modifiers(s.text(arg(c, 1)), c.tagged.modifiers);
  s.variables.set(s.text(arg(c, 0)), std::move(value));
}

void run_command(RunState& s, const Command& c) {
  switch (c.kind) {
    case CommandKind::require: return;
    case CommandKind::stop: s.stopped = true; return;
    case CommandKind::keep: s.actions.keep(action_flags(s, c)); return;
    case CommandKind::discard: s.actions.discard(); return;
    case CommandKind::redirect: redirect(s, c); return;
    case CommandKind::fileinto: fileinto(s, c); return;
    case CommandKind::reject:
    case CommandKind::ereject:
      s.actions.reject(Reject{s.text(arg(c, 0)), c.kind == CommandKind::ereject});
      return;
    case CommandKind::setflag:
    case CommandKind::addflag:
    case CommandKind::removeflag: edit_flags(s, c); return;
    case CommandKind::set: set(s, c); return;
    case CommandKind::vacation: vacation(s, c); return;
    case CommandKind::addheader: add_header(s, c); return;
    case CommandKind::deleteheader: delete_header(s, c); return;
    case CommandKind::if_:
    case CommandKind::elsif:
    case CommandKind::else_:
    case CommandKind::unknown: return;  // handled by execute(), or never compiled
  }
}

}  // namespace

void execute(RunState& s, const std::vector<Command>& block) {
  bool branch_taken = false;  // in the current if/elsif/else chain
  for (const Command& c : block) {
    if (s.stopped) return;
    switch (c.kind) {
      case CommandKind::if_:
        s.step();
        branch_taken = c.test && evaluate(s, *c.test);
        if (branch_taken) execute(s, c.block);
        break;
      case CommandKind::elsif:
        if (branch_taken) break;
        s.step();
        branch_taken = c.test && evaluate(s, *c.test);
        if (branch_taken) execute(s, c.block);
        break;
      case CommandKind::else_:
        if (!branch_taken) {
          s.step();
          execute(s, c.block);
        }
        branch_taken = true;
        break;
      default:
        s.step();
        run_command(s, c);
    }
  }
}

}  // namespace carteiro::sieve
