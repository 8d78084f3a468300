#pragma once
// Command handlers, one file per family. Each returns the tagged completion; untagged
// responses go through the session.
#include <asio/awaitable.hpp>

#include "carteiro/imap/command.hpp"
#include "session.hpp"

namespace carteiro::imap::commands {

// any.cpp: any state (RFC 3501 section 6.1) and ID, ENABLE, NAMESPACE
asio::awaitable<Reply> on_capability(Session& s, const Command& c);
asio::awaitable<Reply> on_noop(Session& s, const Command& c);
asio::awaitable<Reply> on_logout(Session& s, const Command& c);
asio::awaitable<Reply> on_id(Session& s, const Command& c);
asio::awaitable<Reply> on_enable(Session& s, const Command& c);
asio::awaitable<Reply> on_namespace(Session& s, const Command& c);

// login.cpp: not authenticated state (section 6.2)
asio::awaitable<Reply> on_starttls(Session& s, const Command& c);
asio::awaitable<Reply> on_login(Session& s, const Command& c);
asio::awaitable<Reply> on_authenticate(Session& s, const Command& c);

// select.cpp: SELECT, EXAMINE, CLOSE, UNSELECT, CHECK
asio::awaitable<Reply> on_select(Session& s, const Command& c);
asio::awaitable<Reply> on_examine(Session& s, const Command& c);
asio::awaitable<Reply> on_close(Session& s, const Command& c);
asio::awaitable<Reply> on_unselect(Session& s, const Command& c);
asio::awaitable<Reply> on_check(Session& s, const Command& c);

// mailboxes.cpp: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE
asio::awaitable<Reply> on_create(Session& s, const Command& c);
asio::awaitable<Reply> on_delete(Session& s, const Command& c);
asio::awaitable<Reply> on_rename(Session& s, const Command& c);
asio::awaitable<Reply> on_subscribe(Session& s, const Command& c);
asio::awaitable<Reply> on_unsubscribe(Session& s, const Command& c);

// list.cpp: LIST, LSUB
asio::awaitable<Reply> on_list(Session& s, const Command& c);
asio::awaitable<Reply> on_lsub(Session& s, const Command& c);

// status.cpp
asio::awaitable<Reply> on_status(Session& s, const Command& c);

// append.cpp
asio::awaitable<Reply> on_append(Session& s, const Command& c);

// expunge.cpp: EXPUNGE, UID EXPUNGE
asio::awaitable<Reply> on_expunge(Session& s, const Command& c);

// search.cpp
asio::awaitable<Reply> on_search(Session& s, const Command& c);

// fetch.cpp
asio::awaitable<Reply> on_fetch(Session& s, const Command& c);

// store.cpp (the STORE command)
asio::awaitable<Reply> on_store(Session& s, const Command& c);

// copy.cpp: COPY, MOVE
asio::awaitable<Reply> on_copy(Session& s, const Command& c);
asio::awaitable<Reply> on_move(Session& s, const Command& c);

// idle.cpp
asio::awaitable<Reply> on_idle(Session& s, const Command& c);

// quota.cpp: GETQUOTAROOT, GETQUOTA, SETQUOTA (RFC 9208)
asio::awaitable<Reply> on_getquotaroot(Session& s, const Command& c);
asio::awaitable<Reply> on_getquota(Session& s, const Command& c);
asio::awaitable<Reply> on_setquota(Session& s, const Command& c);

}  // namespace carteiro::imap::commands
