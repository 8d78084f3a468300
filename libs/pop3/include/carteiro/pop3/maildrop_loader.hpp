#pragma once
// Opens an account's INBOX as a POP3 maildrop: the messages present now, with their sizes
// as POP3 sends them. Sizes not yet known are computed from the content once and cached
// in the store (pop3_sizes), so later logins read no message bytes.
#include <asio/awaitable.hpp>

#include <cstdint>

#include "carteiro/pop3/maildrop.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::pop3 {

asio::awaitable<Maildrop> load_maildrop(store::Store& store, std::int64_t account_id);

}  // namespace carteiro::pop3
