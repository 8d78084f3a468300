// POP3 sessions end to end in one process: Pop3Service's handler on a real socket, a store
// in a temporary directory, messages put in through the store API, a blocking client.
#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <openssl/evp.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/password.hpp"
#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/pop3/service.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/store.hpp"

using namespace carteiro;
using asio::ip::tcp;

namespace {

std::filesystem::path temp_dir() {
  auto base = std::filesystem::temp_directory_path() / "carteiro-pop3-test-XXXXXX";
  std::string pattern = base.string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

// The daemon's pieces for POP3, and an acceptor that gives each connection to the service
// as the net::Server would, but with a peer address of the test's choosing.
class Pop3Server {
 public:
  struct Options {
    bool lab = false;
    std::string peer = "127.0.0.1";  // as the session sees the client
    std::chrono::seconds idle{30};
  };

  explicit Pop3Server(Options options)
      : options_(options), dir_(temp_dir()),
        store_(std::make_unique<store::Store>(store::StoreOptions{dir_ / "carteiro.db"})) {
    config_.hostname = "mail.example.test";
    config_.data_dir = dir_;
    AuthConfig auth_config;
    auth_config.failure_delay_ms = 0;
    auth_ = std::make_unique<auth::Authenticator>(*store_, auth_config);
    service_ = std::make_unique<pop3::Pop3Service>(config_, *store_, *auth_);
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    auto loop = accept_loop();
    asio::co_spawn(io_, std::move(loop), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Pop3Server() {
    asio::post(io_, [this] {
      acceptor_.close();
      for (auto& weak : connections_)
        if (auto conn = weak.lock()) conn->close();
    });
    thread_.join();
    service_.reset();
    auth_.reset();
    store_->close();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::uint16_t port() const { return port_; }
  store::Store& store() { return *store_; }

  // Runs FN against the writer's connection, from the test's thread.
  template <typename F>
  auto write(F fn) {
    using R = decltype(fn(std::declval<store::WriteTx&>()));
    asio::io_context io;
    std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> result;
    auto run = [&]() -> asio::awaitable<void> {
      if constexpr (std::is_void_v<R>) {
        co_await store_->write(fn);
        result = true;
      } else {
        result = co_await store_->write(fn);
      }
    };
    asio::co_spawn(io, run(), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();
    if constexpr (!std::is_void_v<R>) return *result;
  }

  std::int64_t add_account(const std::string& address, const std::string& password,
                           std::optional<std::string> apop = std::nullopt) {
    auto hash = auth::hash_password(password, auth::ScryptCost{4, 8, 1});
    return write([&](store::WriteTx& tx) {
      auto domain = address.substr(address.find('@') + 1);
      if (!store::domains::find(tx.db, domain)) store::domains::add(tx.db, domain);
      auto account = store::accounts::add(tx.db, address, hash);
      if (apop) store::accounts::set_apop_secret(tx.db, address, apop);
      return account.id;
    });
  }

  std::int64_t deliver(std::int64_t account_id, const std::string& message) {
    return write([&](store::WriteTx& tx) {
      auto inbox = store::mailboxes::inbox_id(tx.db, account_id);
      auto content = store::contents::insert(tx.db, message, store::ContentMeta{});
      auto appended = store::messages::append(tx.db, inbox, content);
      tx.touch(inbox);
      return appended.uid;
    });
  }

  std::int64_t inbox_count(std::int64_t account_id) {
    return write([&](store::WriteTx& tx) {
      return store::messages::count(tx.db, store::mailboxes::inbox_id(tx.db, account_id));
    });
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      tcp::socket socket(asio::make_strand(io_));
      try {
        co_await acceptor_.async_accept(socket, asio::use_awaitable);
      } catch (const std::exception&) {
        co_return;
      }
      net::ConnectionInfo info;
      info.id = "t" + std::to_string(++sessions_);
      info.protocol = "pop3";
      info.peer = asio::ip::make_address(options_.peer);
      info.local = asio::ip::make_address("127.0.0.1");
      net::ConnectionOptions connection_options;
      connection_options.idle_timeout = options_.idle;
      connection_options.lab = options_.lab;
      auto executor = socket.get_executor();
      auto conn = std::make_shared<net::Connection>(net::Stream(std::move(socket)), info, connection_options);
      connections_.push_back(conn);
      auto session = service_->handler()(conn);
      asio::co_spawn(executor, std::move(session), asio::detached);
    }
  }

  Options options_;
  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<pop3::Pop3Service> service_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::uint16_t port_ = 0;
  std::vector<std::weak_ptr<net::Connection>> connections_;
  int sessions_ = 0;
  std::thread thread_;
};

// A person (or a program) at the other end of the connection.
class Client {
 public:
  explicit Client(std::uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval timeout{10, 0};  // a broken server fails the test instead of hanging it
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    greeting = line();
  }

  std::string line() {
    asio::error_code ec;
    asio::read_until(socket_, buffer_, "\r\n", ec);
    if (ec) return "<closed>";
    std::istream in(&buffer_);
    std::string text;
    std::getline(in, text);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
  }
  void send_raw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }
  std::string command(std::string_view text) {
    send_raw(std::string(text) + "\r\n");
    return line();
  }
  // The lines of a multi-line body after its +OK line, unstuffed, without the final ".".
  std::vector<std::string> body() {
    std::vector<std::string> lines;
    for (std::string text = line(); text != "." && text != "<closed>"; text = line())
      lines.push_back(!text.empty() && text[0] == '.' ? text.substr(1) : text);
    return lines;
  }
  // The whole raw multi-line body, as the bytes on the wire.
  std::string raw_body() {
    std::string raw;
    for (;;) {
      std::string text = line();
      if (text == "<closed>") return raw;
      raw += text + "\r\n";
      if (text == ".") return raw;
    }
  }
  bool closed() { return line() == "<closed>"; }
  void close() { socket_.close(); }
  std::string login(const std::string& user, const std::string& password) {
    auto reply = command("USER " + user);
    if (reply.rfind("+OK", 0) != 0) return reply;
    return command("PASS " + password);
  }

  std::string greeting;

 private:
  asio::io_context io_;
  tcp::socket socket_;
  asio::streambuf buffer_;
};

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// Logs in, retrying while a session that just ended still holds the maildrop lock (the
// server notices a closed connection asynchronously).
std::unique_ptr<Client> login_when_free(Pop3Server& server, const std::string& user, const std::string& password) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto client = std::make_unique<Client>(server.port());
    auto reply = client->login(user, password);
    if (starts_with(reply, "+OK")) return client;
    REQUIRE(starts_with(reply, "-ERR [IN-USE]"));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("the maildrop stayed locked");
  return nullptr;
}

std::string md5_hex(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_md5(), nullptr);
  return hex(std::string_view(reinterpret_cast<char*>(out), len));
}

const std::string kFirst = "Subject: one\r\n\r\nhello\r\n";
const std::string kSecond = "Subject: two\n\n.dot line\nbare lf\n";          // bare LF, a leading dot
const std::string kThird = "Subject: three\r\n\r\nl1\r\nl2\r\nl3";            // no final line end

}  // namespace

TEST_CASE("pop3 session: greeting, CAPA, USER/PASS, STAT, LIST, UIDL, RETR, TOP") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  auto uid1 = server.deliver(bob, kFirst);
  server.deliver(bob, kSecond);
  server.deliver(bob, kThird);

  Client c(server.port());
  CHECK(starts_with(c.greeting, "+OK "));
  auto open = c.greeting.find('<'), close = c.greeting.find('>');
  REQUIRE(open != std::string::npos);
  CHECK(c.greeting.substr(close - 18, 19) == "@mail.example.test>");

  CHECK(starts_with(c.command("CAPA"), "+OK"));
  auto capabilities = c.body();
  for (auto expected : {"TOP", "UIDL", "USER", "SASL PLAIN LOGIN", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"})
    CHECK(std::find(capabilities.begin(), capabilities.end(), expected) != capabilities.end());
  CHECK(std::find(capabilities.begin(), capabilities.end(), "STLS") == capabilities.end());  // no TLS configured

  CHECK(starts_with(c.command("STAT"), "-ERR"));  // not logged in
  CHECK(starts_with(c.command("user bob"), "+OK"));  // local part alone: one domain has it
  CHECK(starts_with(c.command("pass secret"), "+OK"));

  // Sizes as sent: the bare-LF message gains a CR per line, the third a final CRLF.
  auto s1 = kFirst.size(), s2 = kSecond.size() + 4, s3 = kThird.size() + 2;
  CHECK(c.command("STAT") == "+OK 3 " + std::to_string(s1 + s2 + s3));
  CHECK(starts_with(c.command("LIST"), "+OK"));
  CHECK(c.body() == std::vector<std::string>{"1 " + std::to_string(s1), "2 " + std::to_string(s2),
                                             "3 " + std::to_string(s3)});
  CHECK(c.command("LIST 2") == "+OK 2 " + std::to_string(s2));
  CHECK(starts_with(c.command("UIDL"), "+OK"));
  auto uidls = c.body();
  REQUIRE(uidls.size() == 3);
  CHECK(uidls[0].substr(uidls[0].find('.')) == "." + std::to_string(uid1));
  auto unique1 = uidls[0].substr(2);
  CHECK(c.command("UIDL 1") == "+OK 1 " + unique1);

  CHECK(c.command("RETR 1") == "+OK " + std::to_string(s1) + " octets");
  CHECK(c.raw_body() == kFirst + ".\r\n");
  CHECK(starts_with(c.command("RETR 2"), "+OK"));
  CHECK(c.raw_body() == "Subject: two\r\n\r\n..dot line\r\nbare lf\r\n.\r\n");
  CHECK(starts_with(c.command("retr 3"), "+OK"));
  auto third = c.raw_body();
  CHECK(third == kThird + "\r\n.\r\n");
  CHECK(third.size() - 3 == s3);

  CHECK(starts_with(c.command("TOP 3 1"), "+OK"));
  CHECK(c.body() == std::vector<std::string>{"Subject: three", "", "l1"});
  CHECK(starts_with(c.command("TOP 3 0"), "+OK"));
  CHECK(c.body() == std::vector<std::string>{"Subject: three", ""});
  CHECK(starts_with(c.command("TOP 2 100"), "+OK"));
  CHECK(c.body() == std::vector<std::string>{"Subject: two", "", ".dot line", "bare lf"});

  CHECK(starts_with(c.command("NOOP"), "+OK"));
  CHECK(starts_with(c.command("QUIT"), "+OK"));
  CHECK(c.closed());
  CHECK(server.inbox_count(bob) == 3);

  // UIDL is the same in the next session.
  auto again = login_when_free(server, "bob@example.test", "secret");
  CHECK(again->command("UIDL 1") == "+OK 1 " + unique1);
}

TEST_CASE("pop3 session: DELE marks, RSET unmarks, QUIT removes at once") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  server.deliver(bob, kFirst);
  server.deliver(bob, kSecond);
  server.deliver(bob, kThird);

  {
    Client c(server.port());
    REQUIRE(starts_with(c.login("bob", "secret"), "+OK"));
    CHECK(c.command("DELE 1") == "+OK Message 1 deleted");
    CHECK(starts_with(c.command("DELE 1"), "-ERR"));   // already deleted
    CHECK(starts_with(c.command("RETR 1"), "-ERR"));   // deleted messages cannot be retrieved
    CHECK(starts_with(c.command("TOP 1 0"), "-ERR"));
    CHECK(starts_with(c.command("LIST 1"), "-ERR"));
    CHECK(starts_with(c.command("UIDL 1"), "-ERR"));
    CHECK(starts_with(c.command("STAT"), "+OK 2 "));
    CHECK(starts_with(c.command("LIST"), "+OK"));
    CHECK(c.body().size() == 2);
    CHECK(starts_with(c.command("RSET"), "+OK"));
    CHECK(starts_with(c.command("STAT"), "+OK 3 "));
    CHECK(starts_with(c.command("DELE 2"), "+OK"));
    CHECK(starts_with(c.command("DELE 3"), "+OK"));
    CHECK(c.command("LIST 1") == "+OK 1 " + std::to_string(kFirst.size()));  // numbers do not move
    CHECK(server.inbox_count(bob) == 3);  // nothing removed before QUIT
    CHECK(c.command("QUIT") == "+OK Bye: 2 messages deleted");
    CHECK(c.closed());
  }
  CHECK(server.inbox_count(bob) == 1);
  auto c = login_when_free(server, "bob", "secret");
  CHECK(c->command("STAT") == "+OK 1 " + std::to_string(kFirst.size()));
}

TEST_CASE("pop3 session: a dropped connection or a timeout deletes nothing") {
  Pop3Server server({.idle = std::chrono::seconds(1)});
  auto bob = server.add_account("bob@example.test", "secret");
  server.deliver(bob, kFirst);
  server.deliver(bob, kSecond);
  {
    Client c(server.port());
    REQUIRE(starts_with(c.login("bob", "secret"), "+OK"));
    CHECK(starts_with(c.command("DELE 1"), "+OK"));
    c.close();
  }
  {
    auto c = login_when_free(server, "bob", "secret");
    CHECK(starts_with(c->command("STAT"), "+OK 2 "));
    CHECK(starts_with(c->command("DELE 1"), "+OK"));
    CHECK(c->line() == "-ERR Disconnected for inactivity");
    CHECK(c->closed());
  }
  CHECK(server.inbox_count(bob) == 2);
}

TEST_CASE("pop3 session: a second session on the maildrop gets [IN-USE]") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  server.deliver(bob, kFirst);
  Client first(server.port());
  REQUIRE(starts_with(first.login("bob", "secret"), "+OK"));
  Client second(server.port());
  CHECK(starts_with(second.command("USER bob@example.test"), "+OK"));
  CHECK(starts_with(second.command("PASS secret"), "-ERR [IN-USE]"));
  // Wrong credentials say nothing about the lock.
  CHECK(starts_with(second.login("bob", "wrong"), "-ERR [AUTH]"));
  CHECK(starts_with(second.command("STAT"), "-ERR"));  // still AUTHORIZATION
  CHECK(starts_with(first.command("QUIT"), "+OK"));
  CHECK(first.closed());
  CHECK(starts_with(second.login("bob", "secret"), "+OK"));
}

TEST_CASE("pop3 session: bad input gets -ERR and the session lives") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  server.deliver(bob, kFirst);
  Client c(server.port());
  CHECK(c.command("XYZZY") == "-ERR Unknown command");
  CHECK(starts_with(c.command("PASS secret"), "-ERR"));  // PASS without USER
  REQUIRE(starts_with(c.login("bob", "secret"), "+OK"));
  CHECK(c.command("XYZZY") == "-ERR Unknown command");
  CHECK(starts_with(c.command("RETR 0"), "-ERR"));
  CHECK(starts_with(c.command("RETR 99999"), "-ERR No such message"));
  CHECK(starts_with(c.command("RETR 4294967296"), "-ERR"));
  CHECK(starts_with(c.command("RETR"), "-ERR"));
  CHECK(starts_with(c.command("USER bob"), "-ERR"));  // not in TRANSACTION
  CHECK(c.command(std::string(300, 'A')) == "-ERR Command line too long (255 octets at most)");
  CHECK(c.command(std::string(10000, 'B')) == "-ERR Command line too long (255 octets at most)");
  CHECK(starts_with(c.command(std::string("\x00\xff\x01\x80garbage", 11)), "-ERR"));
  CHECK(starts_with(c.command("\x16\x03\x01\x02"), "-ERR"));  // a TLS ClientHello's first bytes
  CHECK(starts_with(c.command("STAT"), "+OK 1 "));
  CHECK(starts_with(c.command("DELE 1"), "+OK"));
  CHECK(starts_with(c.command("RETR 1"), "-ERR Message 1 is deleted"));
  CHECK(starts_with(c.command("QUIT"), "+OK"));
  CHECK(server.inbox_count(bob) == 0);
}

TEST_CASE("pop3 session: too many bad commands end the session") {
  Pop3Server server({});
  Client c(server.port());
  for (int i = 0; i < 19; ++i) CHECK(c.command("BOGUS") == "-ERR Unknown command");
  CHECK(c.command("BOGUS") == "-ERR Unknown command");
  CHECK(c.line() == "-ERR Too many bad commands; closing the connection");
  CHECK(c.closed());
}

TEST_CASE("pop3 session: pipelined commands are answered in order") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  server.deliver(bob, kFirst);
  Client c(server.port());
  c.send_raw("USER bob\r\nPASS secret\r\nSTAT\r\nLIST\r\nRETR 1\r\nQUIT\r\n");
  CHECK(starts_with(c.line(), "+OK"));
  CHECK(starts_with(c.line(), "+OK Logged in"));
  CHECK(c.line() == "+OK 1 " + std::to_string(kFirst.size()));
  CHECK(starts_with(c.line(), "+OK"));
  CHECK(c.body() == std::vector<std::string>{"1 " + std::to_string(kFirst.size())});
  CHECK(starts_with(c.line(), "+OK"));
  CHECK(c.raw_body() == kFirst + ".\r\n");
  CHECK(starts_with(c.line(), "+OK Bye"));
  CHECK(c.closed());
}

TEST_CASE("pop3 session: APOP for accounts with a secret (RFC 1939 section 7)") {
  Pop3Server server({});
  auto mrose = server.add_account("mrose@dbc.mtview.ca.us", "mrose", "tanstaaf");
  server.add_account("nosecret@dbc.mtview.ca.us", "pw");
  server.deliver(mrose, kFirst);
  Client c(server.port());
  auto timestamp = c.greeting.substr(c.greeting.find('<'));
  CHECK(starts_with(c.command("APOP nosecret " + md5_hex(timestamp + "pw")), "-ERR [AUTH]"));
  CHECK(starts_with(c.command("APOP mrose " + md5_hex(timestamp + "wrong")), "-ERR [AUTH]"));
  CHECK(starts_with(c.command("APOP mrose " + md5_hex(timestamp + "tanstaaf")), "+OK"));
  CHECK(starts_with(c.command("STAT"), "+OK 1 "));
  // Another connection has another timestamp: the same digest does not work there.
  Client other(server.port());
  CHECK(other.greeting != c.greeting);
}

TEST_CASE("pop3 session: AUTH PLAIN and LOGIN, with and without initial response (RFC 5034)") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  server.deliver(bob, kFirst);
  auto plain = base64_encode(std::string("\0bob@example.test\0secret", 24));
  {
    Client c(server.port());
    CHECK(starts_with(c.command("AUTH PLAIN " + plain), "+OK"));
    CHECK(starts_with(c.command("QUIT"), "+OK"));
  }
  {
    auto c = login_when_free(server, "bob", "secret");  // wait for the lock
    CHECK(starts_with(c->command("QUIT"), "+OK"));
  }
  {
    Client c(server.port());
    CHECK(c.command("AUTH PLAIN") == "+ ");
    CHECK(starts_with(c.command(plain), "+OK"));
    CHECK(starts_with(c.command("QUIT"), "+OK"));
    CHECK(c.closed());
  }
  {
    Client c(server.port());
    CHECK(c.command("AUTH LOGIN") == "+ VXNlcm5hbWU6");
    CHECK(c.command(base64_encode("bob")) == "+ UGFzc3dvcmQ6");
    auto reply = c.command(base64_encode("secret"));
    while (starts_with(reply, "-ERR [IN-USE]")) {  // the previous session may still be ending
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      c.command("AUTH LOGIN " + base64_encode("bob"));
      reply = c.command(base64_encode("secret"));
    }
    CHECK(starts_with(reply, "+OK"));
    CHECK(starts_with(c.command("QUIT"), "+OK"));
    CHECK(c.closed());
  }
  {
    Client c(server.port());
    CHECK(starts_with(c.command("AUTH"), "+OK"));
    CHECK(c.body() == std::vector<std::string>{"PLAIN", "LOGIN"});
    CHECK(starts_with(c.command("AUTH CRAM-MD5"), "-ERR"));
    CHECK(c.command("AUTH PLAIN") == "+ ");
    CHECK(c.command("*") == "-ERR Authentication cancelled");
    CHECK(c.command("AUTH PLAIN") == "+ ");
    CHECK(starts_with(c.command("not base64!"), "-ERR"));
    CHECK(starts_with(c.command("AUTH PLAIN " + base64_encode(std::string("\0bob\0wrong", 10))), "-ERR [AUTH]"));
    CHECK(starts_with(c.command("AUTH PLAIN " + base64_encode(std::string("eve\0bob\0secret", 14))), "-ERR [AUTH]"));
    CHECK(starts_with(c.command("AUTH LOGIN " + base64_encode("bob")), "+ UGFzc3dvcmQ6"));
    CHECK(starts_with(c.command("*"), "-ERR"));
  }
}

TEST_CASE("pop3 session: plaintext login is refused on a non-TLS connection from afar") {
  Pop3Server server({.peer = "192.0.2.7"});
  server.add_account("bob@example.test", "secret");
  Client c(server.port());
  CHECK(starts_with(c.command("USER bob"), "-ERR [AUTH]"));
  CHECK(starts_with(c.command("AUTH PLAIN " + base64_encode(std::string("\0bob\0secret", 11))), "-ERR [AUTH]"));
  CHECK(starts_with(c.command("AUTH LOGIN"), "-ERR [AUTH]"));
  CHECK(starts_with(c.command("STLS"), "-ERR"));  // no TLS configured here
  CHECK(starts_with(c.command("CAPA"), "+OK"));
  auto capabilities = c.body();
  CHECK(std::find(capabilities.begin(), capabilities.end(), "USER") == capabilities.end());
  CHECK(std::find(capabilities.begin(), capabilities.end(), "TOP") != capabilities.end());
  CHECK(starts_with(c.command("QUIT"), "+OK"));
}

TEST_CASE("pop3 session: the lab profile allows plaintext login from anywhere") {
  Pop3Server server({.lab = true, .peer = "192.0.2.7"});
  server.add_account("bob@ifrn.local", "bob");
  Client c(server.port());
  CHECK(starts_with(c.command("user bob"), "+OK"));
  CHECK(starts_with(c.command("pass bob"), "+OK"));
}

TEST_CASE("pop3 session: failed logins close the session after three") {
  Pop3Server server({});
  server.add_account("bob@example.test", "secret");
  Client c(server.port());
  CHECK(c.login("bob", "a") == "-ERR [AUTH] Authentication failed");
  CHECK(c.login("nobody", "b") == "-ERR [AUTH] Authentication failed");
  CHECK(starts_with(c.login("bob", "c"), "-ERR [AUTH] Authentication failed; too many"));
  CHECK(c.closed());
}

TEST_CASE("pop3 session: a large message streams whole, byte-stuffed") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  std::string big = "Subject: big\r\n\r\n";
  for (int i = 0; i < 40000; ++i) big += (i % 3 == 0 ? ".line " : "line ") + std::to_string(i) + "\n";
  server.deliver(bob, big);
  Client c(server.port());
  REQUIRE(starts_with(c.login("bob", "secret"), "+OK"));
  auto reply = c.command("RETR 1");
  REQUIRE(starts_with(reply, "+OK"));
  auto octets = std::stoul(reply.substr(4));
  auto lines = c.body();
  std::size_t received = 0;
  for (const auto& l : lines) received += l.size() + 2;
  CHECK(received == octets);
  CHECK(lines.size() == 40002);
  CHECK(lines[2] == ".line 0");
  CHECK(lines[3] == "line 1");
}

TEST_CASE("pop3 session: messages expunged elsewhere after login") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  auto uid = server.deliver(bob, kFirst);
  Client c(server.port());
  REQUIRE(starts_with(c.login("bob", "secret"), "+OK"));
  server.write([&](store::WriteTx& tx) {
    auto inbox = store::mailboxes::inbox_id(tx.db, bob);
    store::messages::expunge(tx.db, inbox, {uid});
  });
  CHECK(starts_with(c.command("RETR 1"), "-ERR Message 1 was removed"));
  CHECK(starts_with(c.command("DELE 1"), "+OK"));
  CHECK(starts_with(c.command("QUIT"), "+OK"));  // removing what is already gone is fine
}

TEST_CASE("pop3 session: LIST and UIDL of a maildrop larger than one batch") {
  Pop3Server server({});
  auto bob = server.add_account("bob@example.test", "secret");
  constexpr int kCount = 4500;
  server.write([&](store::WriteTx& tx) {
    auto inbox = store::mailboxes::inbox_id(tx.db, bob);
    for (int i = 0; i < kCount; ++i) {
      auto content = store::contents::insert(tx.db, "Subject: " + std::to_string(i) + "\r\n\r\n", store::ContentMeta{});
      store::messages::append(tx.db, inbox, content);
    }
  });
  Client c(server.port());
  REQUIRE(starts_with(c.login("bob", "secret"), "+OK"));
  CHECK(starts_with(c.command("DELE 3000"), "+OK"));
  CHECK(starts_with(c.command("LIST"), "+OK"));
  auto listing = c.body();
  CHECK(listing.size() == kCount - 1);
  CHECK(listing.back() == "4500 " + std::to_string(std::string("Subject: 4499\r\n\r\n").size()));
  CHECK(starts_with(c.command("UIDL"), "+OK"));
  CHECK(c.body().size() == kCount - 1);
  CHECK(starts_with(c.command("STAT"), "+OK 4499 "));
}
