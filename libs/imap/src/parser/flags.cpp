#include "parser/rules.hpp"

namespace carteiro::imap::parser {

// flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" /
//        flag-keyword / flag-extension
// flag-keyword = atom ; flag-extension = "\" atom
std::string flag(Reader& r) {
  if (r.accept("\\")) return "\\" + r.atom();
  return r.atom();
}

// flag-list = "(" [flag *(SP flag)] ")"
std::vector<std::string> flag_list(Reader& r) {
  std::vector<std::string> flags;
  r.expect('(', "'(' starting a flag list");
  if (r.accept(")")) return flags;
  flags.push_back(flag(r));
  while (!r.accept(")")) {
    r.sp();
    flags.push_back(flag(r));
  }
  return flags;
}

// store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
StoreArguments store_att_flags(Reader& r) {
  StoreArguments out;
  if (r.accept("+"))
    out.mode = StoreMode::add;
  else if (r.accept("-"))
    out.mode = StoreMode::remove;
  if (!r.accept("FLAGS")) throw SyntaxError("expected FLAGS, +FLAGS or -FLAGS");
  out.silent = r.accept(".SILENT");
  r.sp();
  if (r.peek_is('(')) {
    out.flags = flag_list(r);
    return out;
  }
  out.flags.push_back(flag(r));
  while (r.peek_is(' ')) {
    r.sp();
    out.flags.push_back(flag(r));
  }
  return out;
}

}  // namespace carteiro::imap::parser
