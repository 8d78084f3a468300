// Commands valid in any state (RFC 3501 section 6.1) and the small extensions:
// ID (RFC 2971), ENABLE (RFC 5161), NAMESPACE (RFC 2342).
#include <fmt/format.h>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/imap/response.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

asio::awaitable<Reply> on_capability(Session& s, const Command&) {
  s.untagged("CAPABILITY " + s.capabilities());
  co_return ok("CAPABILITY completed");
}

// RFC 3501 section 6.1.2: NOOP is the polite way to ask for updates.
asio::awaitable<Reply> on_noop(Session& s, const Command&) {
  co_await s.report_changes(true, true);
  co_return ok("NOOP completed");
}

asio::awaitable<Reply> on_logout(Session& s, const Command&) {
  s.untagged("BYE Carteiro IMAP4rev1 server logging out");
  s.end_session("");
  co_return ok("LOGOUT completed");
}

asio::awaitable<Reply> on_id(Session& s, const Command& c) {
  std::string client;
  for (const auto& [key, value] : c.args<IdArguments>().fields)
    if (value) client += fmt::format("{}{}={}", client.empty() ? "" : " ", printable(key), printable(*value));
  if (!client.empty()) log::info("[{}] imap client id: {}", s.id(), client);
  s.untagged("ID (\"name\" \"Carteiro\")");
  co_return ok("ID completed");
}

// RFC 5161: of what can be enabled we offer CONDSTORE (RFC 7162 section 3.1) and QRESYNC
// (section 3.2.3, which enables CONDSTORE too); ENABLED lists what this command newly
// enabled.
asio::awaitable<Reply> on_enable(Session& s, const Command& c) {
  std::string enabled;
  for (const auto& capability : c.args<EnableArguments>().capabilities) {
    if (capability == "CONDSTORE" && !s.condstore()) {
      s.enable_condstore();
      enabled += " CONDSTORE";
    } else if (capability == "QRESYNC" && !s.qresync()) {
      s.enable_qresync();
      enabled += " QRESYNC";
    }
  }
  s.untagged("ENABLED" + enabled);
  co_return ok("ENABLE completed");
}

// One personal namespace, no prefix, "/" as the delimiter.
asio::awaitable<Reply> on_namespace(Session& s, const Command&) {
  s.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
  co_return ok("NAMESPACE completed");
}

}  // namespace carteiro::imap::commands
