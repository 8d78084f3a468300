#pragma once
// What the session fuzz targets (SMTP, POP3, IMAP) share: the daemon's pieces built once per
// process on a store in a temporary folder (one domain, one account, two messages in its
// INBOX, put back as they were before each input), and one conversation: the input's lines,
// each ended by CRLF, sent over a local TCP connection to the protocol's real session
// handler, everything the server answers collected until it closes the connection.
//
// Each input is bounded (lines, bytes, a deadline): a session that has not ended a few
// seconds after the client sent everything and shut down its side is a hang, and fails the
// run like a crash. With FUZZ_SHOW_SESSION set, each conversation is printed on stderr.
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/redirect_error.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/password.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/deliver.hpp"
#include "carteiro/imap/service.hpp"
#include "carteiro/managesieve/service.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/pop3/service.hpp"
#include "carteiro/smtp/service.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/store.hpp"
#include "fuzz_support.hpp"

namespace carteiro::fuzz {

// The account the seeds log in as.
inline constexpr std::string_view kDomain = "example.test";
inline constexpr std::string_view kAddress = "user@example.test";
inline constexpr std::string_view kPassword = "secret";

// Per input: enough lines for a login, a transaction and some commands after it, and
// bytes for a small message; more only slows the fuzzer down.
inline constexpr std::size_t kMaxLines = 64;
inline constexpr std::size_t kMaxClientBytes = 8 * 1024;
// Server output kept for the checks; a session that answers more is still read to the end.
inline constexpr std::size_t kMaxServerBytes = 1024 * 1024;
// After the client shut down its side, the session must end by then.
inline constexpr std::chrono::seconds kSessionDeadline{10};

// The messages every input finds in the INBOX. No line starts with "+OK", "-ERR" or "+",
// so a POP3 transcript tells its status lines from message lines.
inline const std::vector<std::string>& inbox_messages() {
  static const std::vector<std::string> messages = {
      "From: Alice <alice@example.test>\r\nTo: user@example.test\r\nSubject: one\r\n"
      "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <one@example.test>\r\n\r\nhello\r\n.dot\r\n",
      "From: bob@example.test\r\nTo: user@example.test\r\nSubject: =?utf-8?q?two?=\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody text\r\n"
      "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "aGVsbG8=\r\n--b--\r\n",
  };
  return messages;
}

// The client's bytes: the input cut at LF, each line (without a CR before the LF) sent
// with CRLF, at most kMaxLines lines and kMaxClientBytes bytes. LINES gets each line.
inline std::string client_bytes(std::string_view input, std::vector<std::string>& lines) {
  InputReader reader(input);
  std::string out;
  while (!reader.empty() && lines.size() < kMaxLines) {
    std::string line(reader.line());
    if (out.size() + line.size() + 2 > kMaxClientBytes) break;
    out += line;
    out += "\r\n";
    lines.push_back(std::move(line));
  }
  return out;
}

class SessionWorld {
 public:
  enum class Protocol { smtp_mx, smtp_submission, pop3, imap, managesieve };

  static SessionWorld& get() {
    // Never destroyed: the store's threads must not be joined while libFuzzer exits.
    static SessionWorld* world = new SessionWorld;
    return *world;
  }

  // Puts the account and its INBOX back as they were: whatever the last input created,
  // delivered, flagged or expunged is gone.
  void reset_mail() {
    run_store_write([this](store::WriteTx& tx) {
      tx.db.exec("DELETE FROM queue; DELETE FROM accounts; DELETE FROM contents");
      auto account = store::accounts::add(tx.db, kAddress, password_hash_);
      auto inbox = store::mailboxes::inbox_id(tx.db, account.id);
      for (const auto& message : inbox_messages()) {
        auto content = store::contents::insert(tx.db, message, delivery::content_meta(message));
        store::messages::append(tx.db, inbox, content);
      }
      tx.touch(inbox);
    });
  }

  // Sends BYTES to a new session of PROTOCOL and returns all it answered (at most
  // kMaxServerBytes of it).
  std::string converse(Protocol protocol, const std::string& bytes) {
    using asio::ip::tcp;
    tcp::socket client(io_);
    client.connect(acceptor_.local_endpoint());
    tcp::socket accepted(asio::make_strand(io_));
    acceptor_.accept(accepted);

    net::ConnectionInfo info;
    info.id = "fuzz";
    info.protocol = protocol_name(protocol);
    info.peer = asio::ip::make_address("127.0.0.1");
    info.local = info.peer;
    net::ConnectionOptions options;
    options.idle_timeout = kSessionDeadline;
    auto executor = accepted.get_executor();
    auto conn = std::make_shared<net::Connection>(net::Stream(std::move(accepted)), info, options);

    bool server_done = false, writer_done = false, reader_done = false;
    std::exception_ptr failure;
    auto session = handler(protocol)(std::move(conn));
    asio::co_spawn(executor, std::move(session), [&](std::exception_ptr e) {
      server_done = true;
      if (e) failure = e;
    });
    auto write_all = [&]() -> asio::awaitable<void> {
      asio::error_code ec;
      // The server may close before reading everything: then the rest is not sent.
      co_await asio::async_write(client, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
      client.shutdown(tcp::socket::shutdown_send, ec);
    };
    asio::co_spawn(io_, write_all(), [&](std::exception_ptr) { writer_done = true; });
    std::string output;
    auto read_all = [&]() -> asio::awaitable<void> {
      char buffer[16 * 1024];
      for (;;) {
        asio::error_code ec;
        std::size_t n =
            co_await client.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
        if (output.size() < kMaxServerBytes) output.append(buffer, std::min(n, kMaxServerBytes - output.size()));
        if (ec) co_return;
      }
    };
    asio::co_spawn(io_, read_all(), [&](std::exception_ptr) { reader_done = true; });

    auto guard = asio::make_work_guard(io_);
    auto deadline = std::chrono::steady_clock::now() + kSessionDeadline;
    while (!(server_done && writer_done && reader_done) && std::chrono::steady_clock::now() < deadline)
      io_.run_one_for(std::chrono::milliseconds(100));
    if (!(server_done && writer_done && reader_done)) {
      std::fprintf(stderr, "the %s session did not end within %lld s of the client's last byte\n",
                   protocol_name(protocol), static_cast<long long>(kSessionDeadline.count()));
      std::abort();
    }
    guard.reset();
    io_.poll();
    io_.restart();
    if (std::getenv("FUZZ_SHOW_SESSION"))  // reproducing a failure: what was said
      std::fprintf(stderr, "---- client:\n%s---- server:\n%s----\n", bytes.c_str(), output.c_str());
    if (failure) std::rethrow_exception(failure);  // a session must handle its own errors
    return output;
  }

 private:
  SessionWorld() : dir_(make_temp_dir()) {
    log::set_level("error");
    config_.hostname = "mail.example.test";
    config_.data_dir = dir_;
    std::filesystem::create_directories(config_.spool_dir());
    store::StoreOptions store_options{config_.database_path()};
    store_options.synchronous = "normal";  // WAL without an fsync per commit: the folder is thrown away
    store_ = std::make_unique<store::Store>(store_options);
    AuthConfig auth_config;
    auth_config.failure_delay_ms = 0;
    auth_config.max_failures_per_ip = 1u << 30;  // every input may fail logins: never blocked
    auth_ = std::make_unique<auth::Authenticator>(*store_, auth_config);
    deliverer_ = std::make_unique<delivery::Deliverer>(*store_, config_.hostname);
    smtp_ = std::make_unique<smtp::SmtpService>(config_, *store_, *auth_, *deliverer_);
    pop3_ = std::make_unique<pop3::Pop3Service>(config_, *store_, *auth_);
    imap_ = std::make_unique<imap::ImapService>(config_, *store_, *auth_);
    managesieve_ = std::make_unique<managesieve::ManageSieveService>(config_, *store_, *auth_);
    password_hash_ = auth::hash_password(std::string(kPassword), auth::ScryptCost{4, 8, 1});
    run_store_write([](store::WriteTx& tx) { store::domains::add(tx.db, kDomain); });
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.bind(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    std::atexit([] { std::filesystem::remove_all(get().dir_); });
  }

  static std::filesystem::path make_temp_dir() {
    // In memory when the system has /dev/shm (every input rewrites the account's mail),
    // unless TMPDIR says where (campaign.sh gives each run a folder it removes: libFuzzer
    // ends without running atexit handlers).
    std::error_code ec;
    auto base = !std::getenv("TMPDIR") && std::filesystem::is_directory("/dev/shm", ec)
                    ? std::filesystem::path("/dev/shm")
                    : std::filesystem::temp_directory_path();
    std::string pattern = (base / "carteiro-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      std::abort();
    }
    return pattern;
  }

  static const char* protocol_name(Protocol protocol) {
    switch (protocol) {
      case Protocol::smtp_mx: return "smtp";
      case Protocol::smtp_submission: return "submission";
      case Protocol::pop3: return "pop3";
      case Protocol::imap: return "imap";
      case Protocol::managesieve: return "managesieve";
    }
    return "?";
  }

  net::SessionHandler handler(Protocol protocol) {
    switch (protocol) {
      case Protocol::smtp_mx: return smtp_->mx_handler();
      case Protocol::smtp_submission: return smtp_->submission_handler();
      case Protocol::pop3: return pop3_->handler();
      case Protocol::imap: return imap_->handler();
      case Protocol::managesieve: return managesieve_->handler();
    }
    return {};
  }

  template <typename F>
  void run_store_write(F fn) {
    bool done = false;
    std::exception_ptr failure;
    auto write = [&]() -> asio::awaitable<void> {
      auto writing = store_->write(fn);  // its own statement: g++ 12 and co_await (STYLE.md)
      co_await std::move(writing);
    };
    asio::co_spawn(io_, write(), [&](std::exception_ptr e) {
      failure = e;
      done = true;
    });
    auto guard = asio::make_work_guard(io_);
    while (!done) io_.run_one();
    guard.reset();
    io_.restart();
    if (failure) std::rethrow_exception(failure);
  }

  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<delivery::Deliverer> deliverer_;
  std::unique_ptr<smtp::SmtpService> smtp_;
  std::unique_ptr<pop3::Pop3Service> pop3_;
  std::unique_ptr<imap::ImapService> imap_;
  std::unique_ptr<managesieve::ManageSieveService> managesieve_;
  std::string password_hash_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_{io_};
};

}  // namespace carteiro::fuzz
