#pragma once
// The one log line of a failed login, with a fixed shape that fail2ban can match
// (conf/fail2ban/carteiro.conf; README.md "fail2ban"), at warn:
//   auth failed: protocol=imap user=bob@example.test ip=192.0.2.7 reason=bad_password
// Every field is one token without spaces; the user name, chosen by the client, is
// escaped so that it can neither end the line nor forge another field.
#include <asio/ip/address.hpp>

#include <string>
#include <string_view>

namespace carteiro::auth {

enum class Protocol { smtp, pop3, imap, managesieve };
std::string_view protocol_name(Protocol protocol);

// Why a login failed, as the log line says it.
enum class FailureReason { unknown_user, bad_password, blocked };
std::string_view reason_name(FailureReason reason);

// Bytes outside printable ASCII, and space, '"' and '\', as \xNN.
std::string log_token(std::string_view text);

void log_failed_login(Protocol protocol, std::string_view user, const asio::ip::address& peer,
                      FailureReason reason);

}  // namespace carteiro::auth
