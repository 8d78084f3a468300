#pragma once
// The outbound SMTP client (RFC 5321): one session to one next hop that carries several
// messages, one after another. EHLO (HELO when EHLO is refused), opportunistic STARTTLS
// (RFC 3207), AUTH for a relay (RFC 4954), PIPELINING (RFC 2920), SIZE (RFC 1870),
// 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), a result per recipient.
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "carteiro/queue/message_content.hpp"
#include "carteiro/queue/route.hpp"
#include "carteiro/queue/transaction.hpp"
#include "carteiro/queue/verdict.hpp"
#include "carteiro/smtpwire/ehlo.hpp"

namespace carteiro::queue {

class ClientLink;

// RFC 5321 section 4.5.3.2: how long to wait for each reply.
struct ClientTimeouts {
  std::chrono::seconds connect{300};     // TCP connect, then the 220 greeting ("5 minutes")
  std::chrono::seconds command{300};     // EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET ("5 minutes")
  std::chrono::seconds data_init{120};   // the 354 to DATA ("2 minutes")
  std::chrono::seconds data_block{180};  // each block of the message sent ("3 minutes")
  std::chrono::seconds data_end{600};    // the reply to the final "." ("10 minutes")
};

struct ClientOptions {
  std::string helo_name;                  // our hostname, in EHLO/HELO
  std::uint16_t port = 25;
  asio::ssl::context* tls = nullptr;      // STARTTLS when offered; nullptr: never
  bool require_tls = false;               // a relay that must be reached over TLS
  // The handshake checks the certificate against the host's name (TLS must be a
  // verifying context); a failure is a failure, never a fallback to plain text.
  bool verify_peer = false;
  // Verifies the chain for routes whose security is verified (an MTA-STS policy): the
  // CA store of [queue] ca_file. nullptr: such routes cannot be served.
  asio::ssl::context* verified_tls = nullptr;
  // Verifies the certificates of hosts with DANE TLSA records (RFC 7672): a context with
  // SSL_CTX_dane_enable. nullptr: such hosts cannot be served.
  asio::ssl::context* dane_tls = nullptr;
  // AUTH PLAIN/LOGIN when set (relay), and only over TLS with verify_peer: credentials
  // never go over plain text or to a server whose identity is unchecked.
  std::string username;
  std::string password;
  ClientTimeouts timeouts;
};

struct OutboundMessage {
  std::string sender;                   // "" is the null sender
  std::vector<std::string> recipients;  // all for this next hop
  std::shared_ptr<const MessageContent> content;  // as stored (not dot-stuffed), read while sent
  int priority = 0;  // RFC 6710: passed on as MT-PRIORITY to a server that offers it
};

class SmtpClient {
 public:
  SmtpClient(asio::any_io_executor executor, ClientOptions options);
  ~SmtpClient();
  SmtpClient(SmtpClient&&) noexcept;
  SmtpClient& operator=(SmtpClient&&) noexcept;

  // Opens a session with ROUTE: each host in order and each of its addresses until one
  // greets us and accepts EHLO/HELO (RFC 5321 section 5.1). nullopt when the session is
  // ready; else why no host could be used (the verdict for every recipient).
  asio::awaitable<std::optional<Verdict>> open(const Route& route);
  // Sends one message: one verdict per recipient, in order. Afterwards usable() says
  // whether the session can carry another message.
  asio::awaitable<std::vector<Verdict>> send(const OutboundMessage& message);
  // QUIT and close (when usable), else just close.
  asio::awaitable<void> quit();
  // Closes the connection at once (shutdown); a pending operation ends with a failure.
  void abort();

  bool usable() const;
  const std::string& peer() const { return peer_; }
  const smtpwire::Extensions& extensions() const { return extensions_; }
  bool is_tls() const;

 private:
  asio::awaitable<std::optional<Verdict>> open_one(const Host& host, const asio::ip::address& address,
                                                   bool try_tls, const RouteSecurity& security);
  // STARTTLS that must succeed, for WHO ("MTA-STS policy of b.test", "DANE"): with
  // CONTEXT, the certificate checked against VERIFY_HOST when not empty, CONFIGURE run
  // on the connection before the handshake (smtp_client_tls.cpp).
  asio::awaitable<std::optional<Verdict>> start_mandatory_tls(const Host& host, const std::string& who,
                                                              asio::ssl::context* context,
                                                              const std::string& verify_host, bool dane);
  // HOST (DANE) or SECURITY (MTA-STS) demand TLS: opportunistic TLS will not do.
  static bool requires_tls(const Host& host, const RouteSecurity& security);
  // That TLS: nullopt when the session is secured as required, else why not.
  asio::awaitable<std::optional<Verdict>> start_required_tls(const Host& host, const RouteSecurity& security);
  asio::awaitable<std::optional<Verdict>> greet();
  asio::awaitable<std::optional<Verdict>> authenticate();
  // Sends LINE and reads the reply; SECRET keeps the line (AUTH credentials) out of logs.
  asio::awaitable<std::optional<smtpwire::Reply>> command(std::string_view line, std::chrono::seconds timeout,
                                                bool secret = false);
  Verdict from_reply(const smtpwire::Reply& reply, std::string stage) const;
  Verdict link_failure(std::string stage) const;
  // One transaction's dialogue, from MAIL FROM (the line MAIL) to the reply after the
  // message, and the RSET or empty message that ends it when it went no further.
  asio::awaitable<TransactionReplies> transact(const OutboundMessage& message, const std::string& mail);
  // MAIL, every RCPT and DATA as one group (RFC 2920), their replies read in order.
  asio::awaitable<void> envelope_pipelined(const OutboundMessage& message, const std::string& mail,
                                           TransactionReplies& replies);
  // MAIL, then each RCPT, then DATA when a recipient was accepted: each waits for its reply.
  asio::awaitable<void> envelope_in_turn(const OutboundMessage& message, const std::string& mail,
                                         TransactionReplies& replies);
  asio::awaitable<void> reset_transaction();
  // The message after the 354, stuffed piece by piece, and the final ".": false when the
  // link failed (the reason is the link's error) or the message could not be read
  // (UNREADABLE set; the connection is then closed so the server discards what it got).
  asio::awaitable<bool> send_data(const MessageContent& content, bool& unreadable);

  asio::any_io_executor executor_;
  ClientOptions options_;
  std::unique_ptr<ClientLink> link_;
  smtpwire::Extensions extensions_;
  std::string peer_;
};

}  // namespace carteiro::queue
