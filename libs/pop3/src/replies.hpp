#pragma once
// RFC 2449 section 8 extended response codes, as they precede a reply's text.
#include <string_view>

namespace carteiro::pop3::code {

inline constexpr std::string_view kNone = "";
// RFC 2449 section 8.1.1: the maildrop is locked by another session.
inline constexpr std::string_view kInUse = "[IN-USE] ";
// RFC 3206 section 4: a problem with the credentials (or their use here), not the server.
inline constexpr std::string_view kAuth = "[AUTH] ";
// RFC 3206 section 5: a temporary problem on the server; try again later.
inline constexpr std::string_view kSysTemp = "[SYS/TEMP] ";

}  // namespace carteiro::pop3::code
