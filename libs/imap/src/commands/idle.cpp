// IDLE (RFC 2177): the session waits for "DONE" and, meanwhile, reports each change of
// the selected mailbox as soon as the store announces it (the connection is woken by the
// store's event, see Session::select).
#include "carteiro/common/strings.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

asio::awaitable<Reply> on_idle(Session& s, const Command&) {
  co_await s.report_changes(true, true);
  s.send("+ idling\r\n");
  for (;;) {
    std::string line;
    auto status = co_await s.read_continuation(line, true);
    if (status == net::ReadStatus::woken) {
      co_await s.report_changes(true, false);
      co_await s.flush();
      if (s.ending()) co_return bad("IDLE ended");
      continue;
    }
    if (status != net::ReadStatus::ok) co_return bad("IDLE ended");
    if (iequals(trim(line), "DONE")) co_return ok("IDLE terminated");
    co_return bad("Expected DONE to end IDLE");
  }
}

}  // namespace carteiro::imap::commands
