#include "carteiro/imap/service.hpp"

#include "carteiro/net/protocol_session.hpp"
#include "session.hpp"

namespace carteiro::imap {

ImapService::ImapService(const Config& config, store::Store& store, auth::Authenticator& auth)
    // Braces, not make_shared's parentheses: clang before 16 lacks C++20's parenthesised
    // aggregate initialisation (P0960), and ServiceContext is an aggregate.
    : context_(new ServiceContext{config, store, auth, {}, {}}) {}

ImapService::~ImapService() = default;

net::SessionHandler ImapService::handler() { return net::serve_sessions<Session>(context_); }

}  // namespace carteiro::imap
