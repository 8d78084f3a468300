#include "carteiro/queue/smtp_client.hpp"

#include <algorithm>

#include "carteiro/common/base64.hpp"
#include "carteiro/common/dot_stuffing.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/smtpwire/path.hpp"
#include "client_link.hpp"

namespace carteiro::queue {

namespace {

constexpr std::size_t kDataBlock = 256 * 1024;         // read, stuffed and sent at once: a "data block" of 4.5.3.2
constexpr std::chrono::seconds kQuitTimeout{10};       // we are leaving anyway
constexpr std::string_view kQuit = "QUIT\r\n";
constexpr std::string_view kEmptyMessageEnd = ".\r\n";

std::string sni_name(const std::string& host) {
  asio::error_code ec;
  asio::ip::make_address(host, ec);
  if (!ec || host.empty() || host.front() == '[') return {};  // RFC 6066 section 3: no literal IPs
  return host;
}

// The name the certificate must carry (RFC 6125 section 6.2.1): the host as configured,
// or the IP address when it was given as one ("192.0.2.1", "[192.0.2.1]").
std::string certificate_identity(const Host& host, const asio::ip::address& address) {
  if (host.name.empty() || host.name.front() == '[') return address.to_string();
  return host.name;
}

bool needs_smtputf8(const OutboundMessage& message) {
  if (has_eight_bit(message.sender)) return true;
  return std::any_of(message.recipients.begin(), message.recipients.end(),
                     [](const std::string& r) { return has_eight_bit(r); });
}

}  // namespace

SmtpClient::SmtpClient(asio::any_io_executor executor, ClientOptions options)
    : executor_(std::move(executor)), options_(std::move(options)) {}
SmtpClient::~SmtpClient() = default;
SmtpClient::SmtpClient(SmtpClient&&) noexcept = default;
SmtpClient& SmtpClient::operator=(SmtpClient&&) noexcept = default;

bool SmtpClient::usable() const { return link_ && link_->open(); }
bool SmtpClient::is_tls() const { return link_ && link_->is_tls(); }

void SmtpClient::abort() {
  if (link_) link_->close();
}

Verdict SmtpClient::from_reply(const smtpwire::Reply& reply, std::string stage) const {
  return reply_verdict(reply, std::move(stage), peer_);
}

Verdict SmtpClient::link_failure(std::string stage) const {
  return lost_connection(peer_, link_ ? link_->error() : std::string("not connected"), stage);
}

asio::awaitable<std::optional<smtpwire::Reply>> SmtpClient::command(std::string_view line, std::chrono::seconds timeout,
                                                          bool secret) {
  log::debug("[smtp-out {}] C: {}", peer_, secret ? "(credentials hidden)" : printable(line));
  std::string wire(line);
  wire += "\r\n";
  bool sent = co_await link_->write(wire, timeout);
  if (!sent) co_return std::nullopt;
  auto reply = co_await link_->read_reply(timeout);
  if (reply) log::debug("[smtp-out {}] S: {}", peer_, reply->text());
  co_return reply;
}

asio::awaitable<std::optional<Verdict>> SmtpClient::open(const Route& route) {
  std::optional<Verdict> last;
  for (const auto& host : route.hosts) {
    if (host.dane.kind == HostDane::Kind::failed) {
      // RFC 7672 section 2.2: not this host, not now.
      last = Verdict::temporary("4.7.5", host.name + ": " + host.dane.reason, host.name);
      log::info("queue: {}", last->describe());
      continue;
    }
    for (const auto& address : host.addresses) {
      auto failure = co_await open_one(host, address, options_.tls != nullptr, route.security);
      if (!failure) {
        log::info("queue: connected to {} ({})", peer_, is_tls() ? link_->tls_description() : "no TLS");
        co_return std::nullopt;
      }
      log::info("queue: {}", failure->describe());
      last = std::move(failure);
      // A server that answered with a permanent refusal speaks for its host: next host.
      if (last->from_remote && last->kind == Verdict::Kind::permanent) break;
    }
  }
  if (!last) last = Verdict::temporary("4.4.1", "no address to connect to");
  co_return last;
}

asio::awaitable<std::optional<Verdict>> SmtpClient::open_one(const Host& host, const asio::ip::address& address,
                                                            bool try_tls, const RouteSecurity& security) {
  link_.reset();
  extensions_ = smtpwire::Extensions{};
  // "mx.remote.test[192.0.2.1]"; an address given as such ("[192.0.2.1]", a relay's
  // "192.0.2.1") is shown once.
  bool literal = host.name.empty() || host.name.front() == '[' || host.name == address.to_string();
  peer_ = literal ? (host.name.empty() ? address.to_string() : host.name) : host.name + "[" + address.to_string() + "]";
  std::string reason;
  auto link = co_await ClientLink::connect(executor_, asio::ip::tcp::endpoint(address, options_.port),
                                           options_.timeouts.connect, reason);
  if (!link)
    co_return Verdict::temporary("4.4.1", "connect to " + peer_ + ":" + std::to_string(options_.port) + ": " + reason,
                                 peer_);
  link_ = std::make_unique<ClientLink>(std::move(*link));

  // RFC 5321 section 3.1: the 220 greeting; anything else means "not now" or "not you".
  auto greeting = co_await link_->read_reply(options_.timeouts.connect);
  if (!greeting) co_return link_failure("the greeting");
  log::debug("[smtp-out {}] S: {}", peer_, greeting->text());
  if (greeting->code != 220) {
    auto verdict = from_reply(*greeting, "the greeting");
    if (verdict.kind == Verdict::Kind::delivered) verdict.kind = Verdict::Kind::temporary;
    co_await quit();
    co_return verdict;
  }
  auto refused = co_await greet();
  if (refused) co_return refused;

  if (requires_tls(host, security)) {
    auto refused_tls = co_await start_required_tls(host, security);
    if (refused_tls) co_return refused_tls;
  } else if (try_tls && extensions_.starttls && options_.tls) {
    auto reply = co_await command("STARTTLS", options_.timeouts.command);
    if (!reply) co_return link_failure("STARTTLS");
    if (reply->code == 220) {
      auto server_name = sni_name(host.name);
      auto verify_host = options_.verify_peer ? certificate_identity(host, address) : std::string();
      bool secured = co_await link_->start_tls(*options_.tls, server_name, options_.timeouts.command, verify_host);
      if (!secured) {
        log::info("queue: {}: {}", peer_, link_->error());
        if (options_.require_tls || options_.verify_peer)
          co_return Verdict::temporary("4.7.5", peer_ + ": " + link_->error(), peer_);
        // Opportunistic TLS (RFC 7435): a failed handshake is no reason not to deliver.
        co_return co_await open_one(host, address, false, security);
      }
      log::debug("[smtp-out {}] TLS: {}", peer_, link_->tls_description());
      // RFC 3207 section 4.2: forget what EHLO said before TLS and ask again.
      auto refused_after_tls = co_await greet();
      if (refused_after_tls) co_return refused_after_tls;
    }
  }
  if (options_.require_tls && !link_->is_tls()) {
    co_await quit();
    co_return Verdict::temporary("4.7.4", peer_ + " does not offer STARTTLS, which [relay] starttls requires", peer_);
  }
  if (!options_.username.empty()) {
    if (!link_->is_tls() || !options_.verify_peer) {
      co_await quit();
      co_return Verdict::temporary("4.7.0",
                                   "not sending the [relay] credentials to " + peer_ +
                                       ": the connection is not TLS with a verified certificate",
                                   peer_);
    }
    auto auth_failure = co_await authenticate();
    if (auth_failure) co_return auth_failure;
  }
  co_return std::nullopt;
}

// RFC 5321 section 4.1.1.1 (EHLO) with the section 3.2 fallback to HELO for servers that
// do not know EHLO.
asio::awaitable<std::optional<Verdict>> SmtpClient::greet() {
  const auto ehlo_line = "EHLO " + options_.helo_name;
  auto ehlo = co_await command(ehlo_line, options_.timeouts.command);
  if (!ehlo) co_return link_failure("EHLO");
  if (ehlo->positive()) {
    extensions_ = smtpwire::parse_ehlo(*ehlo);
    co_return std::nullopt;
  }
  if (!ehlo->permanent()) {
    auto verdict = from_reply(*ehlo, "EHLO");
    co_await quit();
    co_return verdict;
  }
  const auto helo_line = "HELO " + options_.helo_name;
  auto helo = co_await command(helo_line, options_.timeouts.command);
  if (!helo) co_return link_failure("HELO");
  if (helo->positive()) {
    extensions_ = smtpwire::Extensions{};
    co_return std::nullopt;
  }
  auto verdict = from_reply(*helo, "HELO");
  co_await quit();
  co_return verdict;
}

// RFC 4954 with PLAIN (RFC 4616) or LOGIN. A refusal is our configuration's fault, never
// the recipients': temporary.
asio::awaitable<std::optional<Verdict>> SmtpClient::authenticate() {
  std::optional<smtpwire::Reply> reply;
  if (extensions_.offers_auth("PLAIN")) {
    std::string credentials;
    credentials += '\0';
    credentials += options_.username;
    credentials += '\0';
    credentials += options_.password;
    const auto auth_line = "AUTH PLAIN " + base64_encode(credentials);
    reply = co_await command(auth_line, options_.timeouts.command, true);
  } else if (extensions_.offers_auth("LOGIN")) {
    reply = co_await command("AUTH LOGIN", options_.timeouts.command);
    const auto user = base64_encode(options_.username);
    const auto password = base64_encode(options_.password);
    if (reply && reply->code == 334) {
      reply = co_await command(user, options_.timeouts.command, true);
    }
    if (reply && reply->code == 334) {
      reply = co_await command(password, options_.timeouts.command, true);
    }
  } else {
    co_await quit();
    co_return Verdict::temporary("4.7.0", peer_ + " offers neither AUTH PLAIN nor AUTH LOGIN", peer_);
  }
  if (!reply) co_return link_failure("AUTH");
  if (reply->code == 235) co_return std::nullopt;
  auto verdict = from_reply(*reply, "AUTH");
  verdict.kind = Verdict::Kind::temporary;
  co_await quit();
  co_return verdict;
}

asio::awaitable<void> SmtpClient::reset_transaction() {
  if (!usable()) co_return;
  auto reply = co_await command("RSET", options_.timeouts.command);
  if (!reply || !reply->positive()) link_->close();
}

asio::awaitable<std::vector<Verdict>> SmtpClient::send(const OutboundMessage& message) {
  const auto n = message.recipients.size();
  if (!usable()) co_return std::vector<Verdict>(n, link_failure("MAIL FROM"));

  // RFC 1870 section 6.1: do not send what the server already said it will not take.
  const auto size = static_cast<std::uint64_t>(message.content->size());
  if (extensions_.size_limit > 0 && size > extensions_.size_limit) {
    co_return std::vector<Verdict>(
        n, Verdict::permanent("5.3.4",
                              "message size " + std::to_string(size) + " exceeds the limit " +
                                  std::to_string(extensions_.size_limit) + " of " + peer_,
                              peer_));
  }
  // RFC 6531 section 3.4: non-ASCII addresses only to a server that offers SMTPUTF8.
  bool utf8_addresses = needs_smtputf8(message);
  if (utf8_addresses && !extensions_.smtputf8) {
    co_return std::vector<Verdict>(
        n, Verdict::permanent("5.6.7", peer_ + " does not support SMTPUTF8, needed for a non-ASCII address", peer_));
  }

  bool eight_bit = message.content->eight_bit();
  smtpwire::MailParameters parameters;
  if (extensions_.size) parameters.size = size;
  parameters.eight_bit_mime = eight_bit && extensions_.eight_bit_mime;
  parameters.smtputf8 = extensions_.smtputf8 && (utf8_addresses || eight_bit);
  // RFC 6710: the priority goes on to a next hop that takes it; 0 is what a
  // message without the parameter has, so it is not written.
  if (extensions_.mt_priority && message.priority != 0) parameters.mt_priority = message.priority;
  std::string mail = smtpwire::mail_command(message.sender, parameters);

  auto replies = co_await transact(message, mail);
  co_return transaction_verdicts(replies);
}

asio::awaitable<TransactionReplies> SmtpClient::transact(const OutboundMessage& message, const std::string& mail) {
  TransactionReplies r;
  r.peer = peer_;
  r.pipelined = extensions_.pipelining;
  r.rcpt.resize(message.recipients.size());
  if (r.pipelined) co_await envelope_pipelined(message, mail, r);
  else co_await envelope_in_turn(message, mail, r);
  if (r.lost) co_return r;
  const auto& t = options_.timeouts;

  if (!r.mail->positive()) {
    if (r.data && r.data->code == 354) {
      bool ended = co_await link_->write(kEmptyMessageEnd, t.data_block);
      (void)ended;  // the RSET below tells whether the session is still good
    }
    co_await reset_transaction();
    co_return r;
  }
  if (!r.data || r.data->code != 354) {
    co_await reset_transaction();
    co_return r;
  }
  auto accepted = [](const std::optional<smtpwire::Reply>& reply) { return reply && reply->positive(); };
  const bool any_accepted = std::any_of(r.rcpt.begin(), r.rcpt.end(), accepted);
  if (!any_accepted) {
    // RFC 2920 section 3.1: a 354 with no valid recipient; end the empty message.
    bool ended = co_await link_->write(kEmptyMessageEnd, t.data_block);
    if (ended) {
      auto ignored = co_await link_->read_reply(t.data_end);
      (void)ignored;
    }
    co_return r;
  }

  bool unreadable = false;
  bool sent_data = co_await send_data(*message.content, unreadable);
  if (!sent_data) {
    r.message = unreadable ? TransactionReplies::Message::unreadable : TransactionReplies::Message::interrupted;
    if (!unreadable) r.lost = link_->error();
    co_return r;
  }
  r.message = TransactionReplies::Message::sent;
  r.end_of_data = co_await link_->read_reply(t.data_end);
  if (!r.end_of_data) {
    r.lost = link_->error();
    co_return r;
  }
  log::debug("[smtp-out {}] S: {}", peer_, r.end_of_data->text());
  co_return r;
}

asio::awaitable<void> SmtpClient::envelope_pipelined(const OutboundMessage& message, const std::string& mail,
                                                     TransactionReplies& r) {
  const auto n = message.recipients.size();
  const auto& t = options_.timeouts;
  // RFC 2920 section 3.1: MAIL, every RCPT and DATA in one group; DATA ends it.
  std::string batch = mail + "\r\n";
  for (const auto& recipient : message.recipients) batch += smtpwire::rcpt_command(recipient) + "\r\n";
  batch += "DATA\r\n";
  log::debug("[smtp-out {}] C: {} + {} RCPT + DATA (pipelined)", peer_, mail, n);
  bool sent = co_await link_->write(batch, t.command);
  if (sent) {
    r.mail = co_await link_->read_reply(t.command);
    for (std::size_t i = 0; i < n && r.mail; ++i) {
      r.rcpt[i] = co_await link_->read_reply(t.command);
      if (!r.rcpt[i]) break;
    }
    if (r.mail && (n == 0 || r.rcpt[n - 1])) r.data = co_await link_->read_reply(t.data_init);
  }
  if (!r.data) {
    r.lost = link_->error();
    co_return;
  }
  log::debug("[smtp-out {}] S: {} / {} RCPT replies / {}", peer_, r.mail->text(), n, r.data->text());
}

asio::awaitable<void> SmtpClient::envelope_in_turn(const OutboundMessage& message, const std::string& mail,
                                                   TransactionReplies& r) {
  const auto& t = options_.timeouts;
  r.mail = co_await command(mail, t.command);
  if (!r.mail) {
    r.lost = link_->error();
    co_return;
  }
  if (!r.mail->positive()) co_return;
  bool any_accepted = false;
  for (std::size_t i = 0; i < message.recipients.size(); ++i) {
    const auto rcpt_line = smtpwire::rcpt_command(message.recipients[i]);
    r.rcpt[i] = co_await command(rcpt_line, t.command);
    if (!r.rcpt[i]) {
      r.lost = link_->error();
      co_return;
    }
    any_accepted = any_accepted || r.rcpt[i]->positive();
  }
  if (!any_accepted) co_return;
  r.data = co_await command("DATA", t.data_init);
  if (!r.data) r.lost = link_->error();
}

asio::awaitable<bool> SmtpClient::send_data(const MessageContent& content, bool& unreadable) {
  const auto timeout = options_.timeouts.data_block;
  DotStuffer stuffer(DotStuffer::BareCr::ends_line);
  std::string block;
  std::int64_t offset = 0;
  std::uint64_t octets = 0;
  for (;;) {
    std::optional<std::string> piece;
    try {
      piece = co_await content.read(offset, kDataBlock);
    } catch (const std::exception& e) {
      log::error("[smtp-out {}] reading the message at offset {}: {}", peer_, offset, e.what());
    }
    if (!piece) {
      // Without the final "." the server drops the partial message (RFC 5321 section 4.1.1.4).
      unreadable = true;
      link_->close();
      co_return false;
    }
    const bool last = piece->empty();
    offset += static_cast<std::int64_t>(piece->size());
    block.clear();
    if (last) stuffer.finish(block);
    else stuffer.write(*piece, block);
    octets += block.size();
    bool sent = co_await link_->write(block, timeout);
    if (!sent) co_return false;
    if (last) break;
  }
  log::debug("[smtp-out {}] C: ({} octets of message)", peer_, octets);
  co_return true;
}

asio::awaitable<void> SmtpClient::quit() {
  if (!link_) co_return;
  if (link_->open()) {
    log::debug("[smtp-out {}] C: QUIT", peer_);
    bool sent = co_await link_->write(kQuit, kQuitTimeout);
    if (sent) {
      auto goodbye = co_await link_->read_reply(kQuitTimeout);
      (void)goodbye;
    }
  }
  link_->close();
}

}  // namespace carteiro::queue
