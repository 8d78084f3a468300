#include "services.hpp"

#include <fmt/format.h>

#include "carteiro/common/log.hpp"

// Each protocol library is wired in once it provides its service.
#if __has_include("carteiro/smtp/service.hpp")
#define CARTEIRO_HAVE_SMTP 1
#include "carteiro/delivery/deliver.hpp"
#include "carteiro/smtp/service.hpp"
#endif
#if __has_include("carteiro/pop3/service.hpp")
#define CARTEIRO_HAVE_POP3 1
#include "carteiro/pop3/service.hpp"
#endif
#if __has_include("carteiro/imap/service.hpp")
#define CARTEIRO_HAVE_IMAP 1
#include "carteiro/imap/service.hpp"
#endif
#if defined(CARTEIRO_HAVE_SMTP) && __has_include("carteiro/queue/runner.hpp")
#define CARTEIRO_HAVE_QUEUE 1
#include "carteiro/queue/runner.hpp"
#endif

namespace carteiro {

namespace {

// A greeting and a polite refusal, for a protocol whose service is not built in.
net::SessionHandler placeholder(std::string greeting, std::string refusal) {
  return [greeting, refusal](std::shared_ptr<net::Connection> conn) -> asio::awaitable<void> {
    co_await conn->write(greeting);
    net::Line line;
    while (co_await conn->read_line(line, 1000) == net::ReadStatus::ok) co_await conn->write(refusal);
  };
}

}  // namespace

struct Services::Impl {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
  asio::io_context& io;
#ifdef CARTEIRO_HAVE_SMTP
  delivery::Deliverer deliverer{store, config.hostname};
  smtp::SmtpService smtp{config, store, auth, deliverer};
#endif
#ifdef CARTEIRO_HAVE_POP3
  pop3::Pop3Service pop3{config, store, auth};
#endif
#ifdef CARTEIRO_HAVE_IMAP
  imap::ImapService imap{config, store, auth};
#endif
#ifdef CARTEIRO_HAVE_QUEUE
  queue::QueueRunner queue{config, store, deliverer, io};
#endif
};

Services::Services(const Config& config, store::Store& store, auth::Authenticator& auth, asio::io_context& io)
    // Built in place, never moved: the services hold references to `deliverer`, a sibling member.
    : impl_(new Impl{config, store, auth, io}) {}

Services::~Services() = default;

void Services::listen(net::Server& server, asio::ssl::context& tls) {
  const Config& c = impl_->config;
  struct Protocol {
    std::string name;
    const ListenerConfig& listeners;
    std::chrono::seconds idle;
    std::string busy;
    net::SessionHandler handler;
  };
  std::string host = c.hostname;
  std::vector<Protocol> protocols;
#ifdef CARTEIRO_HAVE_SMTP
  protocols.push_back({"smtp", c.smtp, std::chrono::seconds(c.smtp.idle_timeout_s),
                       "421 4.7.0 Too many connections, try again later\r\n", impl_->smtp.mx_handler()});
  protocols.push_back({"submission", c.submission, std::chrono::seconds(c.submission.idle_timeout_s),
                       "421 4.7.0 Too many connections, try again later\r\n", impl_->smtp.submission_handler()});
#else
  auto smtp = placeholder(fmt::format("220 {} Carteiro ESMTP\r\n", host), "502 5.5.1 Not available yet\r\n");
  protocols.push_back({"smtp", c.smtp, std::chrono::seconds(c.smtp.idle_timeout_s),
                       "421 4.7.0 Too many connections\r\n", smtp});
  protocols.push_back({"submission", c.submission, std::chrono::seconds(c.submission.idle_timeout_s),
                       "421 4.7.0 Too many connections\r\n", smtp});
#endif
#ifdef CARTEIRO_HAVE_POP3
  protocols.push_back({"pop3", c.pop3, std::chrono::seconds(c.pop3.idle_timeout_s),
                       "-ERR [SYS/TEMP] Too many connections, try again later\r\n", impl_->pop3.handler()});
#else
  protocols.push_back({"pop3", c.pop3, std::chrono::seconds(c.pop3.idle_timeout_s), "-ERR [SYS/TEMP] Too many connections\r\n",
                       placeholder("+OK Carteiro POP3\r\n", "-ERR Not available yet\r\n")});
#endif
#ifdef CARTEIRO_HAVE_IMAP
  protocols.push_back({"imap", c.imap, std::chrono::seconds(c.imap.login_timeout_s),
                       "* BYE Too many connections, try again later\r\n", impl_->imap.handler()});
#else
  protocols.push_back({"imap", c.imap, std::chrono::seconds(c.imap.login_timeout_s), "* BYE Too many connections\r\n",
                       placeholder("* OK Carteiro IMAP\r\n", "* BAD Not available yet\r\n")});
#endif

  for (auto& p : protocols) {
    auto limits = std::make_shared<net::ConnectionLimits>(p.listeners.max_connections, p.listeners.max_connections_per_ip);
    net::ConnectionOptions options;
    options.idle_timeout = p.idle;
    options.transcript = c.lab.transcript;
    options.lab = c.lab.enabled;
    options.tls = &tls;
    auto add = [&](const ListenAddress& address, bool implicit_tls) {
      server.listen(net::ListenerSpec{p.name, address, implicit_tls, limits, p.busy, options, p.handler});
      names_.push_back(implicit_tls ? p.name + "_tls" : p.name);
    };
    for (auto& a : p.listeners.listen) add(a, false);
    for (auto& a : p.listeners.implicit_tls_listen) add(a, true);
  }
}

void Services::start() {
#ifdef CARTEIRO_HAVE_QUEUE
  impl_->queue.start();
#endif
}

asio::awaitable<void> Services::stop() {
#ifdef CARTEIRO_HAVE_QUEUE
  co_await impl_->queue.stop();
#endif
  co_return;
}

std::string Services::describe(const net::Server& server) const {
  std::string out;
  auto endpoints = server.endpoints();
  for (std::size_t i = 0; i < endpoints.size() && i < names_.size(); ++i) {
    if (!out.empty()) out += ' ';
    auto& e = endpoints[i];
    auto addr = e.address().is_v6() ? fmt::format("[{}]", e.address().to_string()) : e.address().to_string();
    out += fmt::format("{}={}:{}", names_[i], addr, e.port());
  }
  return out;
}

}  // namespace carteiro
