#pragma once
// Command handlers, one file per family. Each returns the tagged completion; untagged
// responses go through the session.
#include <asio/awaitable.hpp>

#include "carteiro/imap/command.hpp"
#include "session.hpp"

namespace carteiro::imap::commands {

// any.cpp: any state (RFC 3501 section 6.1) and ID, ENABLE, NAMESPACE
asio::awaitable<Reply> capability(Session& s, const Command& c);
asio::awaitable<Reply> noop(Session& s, const Command& c);
asio::awaitable<Reply> logout(Session& s, const Command& c);
asio::awaitable<Reply> id(Session& s, const Command& c);
asio::awaitable<Reply> enable(Session& s, const Command& c);
asio::awaitable<Reply> namespace_(Session& s, const Command& c);

// login.cpp: not authenticated state (section 6.2)
asio::awaitable<Reply> starttls(Session& s, const Command& c);
asio::awaitable<Reply> login(Session& s, const Command& c);
asio::awaitable<Reply> authenticate(Session& s, const Command& c);

// select.cpp: SELECT, EXAMINE, CLOSE, UNSELECT, CHECK
asio::awaitable<Reply> select(Session& s, const Command& c);
asio::awaitable<Reply> examine(Session& s, const Command& c);
asio::awaitable<Reply> close(Session& s, const Command& c);
asio::awaitable<Reply> unselect(Session& s, const Command& c);
asio::awaitable<Reply> check(Session& s, const Command& c);

// mailboxes.cpp: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE
asio::awaitable<Reply> create(Session& s, const Command& c);
asio::awaitable<Reply> delete_(Session& s, const Command& c);
asio::awaitable<Reply> rename(Session& s, const Command& c);
asio::awaitable<Reply> subscribe(Session& s, const Command& c);
asio::awaitable<Reply> unsubscribe(Session& s, const Command& c);

// list.cpp: LIST, LSUB
asio::awaitable<Reply> list(Session& s, const Command& c);
asio::awaitable<Reply> lsub(Session& s, const Command& c);

// status.cpp
asio::awaitable<Reply> status(Session& s, const Command& c);

// append.cpp
asio::awaitable<Reply> append(Session& s, const Command& c);

// expunge.cpp: EXPUNGE, UID EXPUNGE
asio::awaitable<Reply> expunge(Session& s, const Command& c);

// search.cpp
asio::awaitable<Reply> search(Session& s, const Command& c);

// fetch.cpp
asio::awaitable<Reply> fetch(Session& s, const Command& c);

// store.cpp (the STORE command)
asio::awaitable<Reply> store(Session& s, const Command& c);

// copy.cpp: COPY, MOVE
asio::awaitable<Reply> copy(Session& s, const Command& c);
asio::awaitable<Reply> move(Session& s, const Command& c);

// idle.cpp
asio::awaitable<Reply> idle(Session& s, const Command& c);

// quota.cpp: GETQUOTAROOT, GETQUOTA, SETQUOTA (RFC 9208)
asio::awaitable<Reply> getquotaroot(Session& s, const Command& c);
asio::awaitable<Reply> getquota(Session& s, const Command& c);
asio::awaitable<Reply> setquota(Session& s, const Command& c);

}  // namespace carteiro::imap::commands
