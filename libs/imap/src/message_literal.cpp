// APPEND's message literal: read in pieces into a spool (memory, then an unnamed file
// under data_dir/tmp), so a large message never sits whole in the heap.
#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/log.hpp"
#include "session.hpp"

namespace carteiro::imap {

asio::awaitable<net::ReadStatus> Session::read_literal_into(std::size_t size, Spool* spool,
                                                            std::optional<std::string>& error) {
  std::string piece;
  while (size > 0) {
    auto n = std::min(size, kLiteralPiece);
    auto status = co_await conn_->read_exact(piece, n);
    if (status != net::ReadStatus::ok) co_return status;
    size -= n;
    if (spool) append_or_record(*spool, piece, error);
  }
  co_return net::ReadStatus::ok;
}

bool Session::attach_message(Command& command, std::optional<Spool>& message,
                             const std::optional<std::string>& error) {
  if (!message) return true;
  auto* append = std::get_if<AppendArguments>(&command.arguments);
  if (!append) return true;  // only APPEND has a message literal
  std::string why = error.value_or("");
  if (why.empty()) {
    try {
      message->finish();
      append->message = std::make_shared<const Spool>(std::move(*message));
      return true;
    } catch (const SpoolError& e) {
      why = e.what();
    }
  }
  // RFC 5530 section 3: UNAVAILABLE, a temporary failure; the client may try again.
  log::error("[{}] imap {} failed: {}", id(), command.display_name(), why);
  auto text = fmt::format("Cannot keep the message now (session {}), please try again", id());
  reply(command.tag, no(text, "UNAVAILABLE"));
  return false;
}

}  // namespace carteiro::imap
