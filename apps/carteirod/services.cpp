#include "services.hpp"

#include <fmt/format.h>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/delivery/srs_secret.hpp"
#include "carteiro/sieve/config_limits.hpp"
#include "carteiro/imap/service.hpp"
#include "carteiro/managesieve/service.hpp"
#include "carteiro/pop3/service.hpp"
#include "carteiro/queue/runner.hpp"
#include "carteiro/smtp/service.hpp"

namespace carteiro {

namespace {
// The SRS secret is made in data_dir on first start (srs_secret.hpp); the [sieve] section
// bounds each script's run.
delivery::DeliveryOptions delivery_options(const Config& config) {
  delivery::DeliveryOptions options;
  options.srs_secret = delivery::load_srs_secret(config.data_dir);
  options.sieve_limits = sieve::limits_of(config.sieve);
  return options;
}
}  // namespace

struct Services::Impl {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
  asio::io_context& io;
  delivery::Deliverer deliverer{store, config.hostname, delivery_options(config)};
  smtp::SmtpService smtp{config, store, auth, deliverer};
  pop3::Pop3Service pop3{config, store, auth};
  imap::ImapService imap{config, store, auth};
  managesieve::ManageSieveService managesieve{config, store, auth};
  queue::QueueRunner queue{config, store, deliverer, io};
};

Services::Services(const Config& config, store::Store& store, auth::Authenticator& auth, asio::io_context& io)
    // Built in place, never moved: the services hold references to `deliverer`, a sibling member.
    : impl_(new Impl{config, store, auth, io}) {}

Services::~Services() = default;

void Services::listen(net::Server& server, std::shared_ptr<net::TlsCertificate> tls) {
  const Config& c = impl_->config;
  struct Protocol {
    std::string name;
    const ListenerConfig& listeners;
    std::chrono::seconds idle;
    std::string busy;
    net::SessionHandler handler;
    bool logs_in = true;  // false: MX sessions, which have no login deadline
  };
  std::vector<Protocol> protocols;
  protocols.push_back({"smtp", c.smtp, std::chrono::seconds(c.smtp.idle_timeout_s),
                       "421 4.7.0 Too many connections, try again later\r\n", impl_->smtp.mx_handler(), false});
  protocols.push_back({"submission", c.submission, std::chrono::seconds(c.submission.idle_timeout_s),
                       "421 4.7.0 Too many connections, try again later\r\n", impl_->smtp.submission_handler()});
  protocols.push_back({"pop3", c.pop3, std::chrono::seconds(c.pop3.idle_timeout_s),
                       "-ERR [SYS/TEMP] Too many connections, try again later\r\n", impl_->pop3.handler()});
  // IMAP starts with the pre-login timeout; the session switches to idle_timeout after login.
  protocols.push_back({"imap", c.imap, std::chrono::seconds(c.imap.login_timeout_s),
                       "* BYE Too many connections, try again later\r\n", impl_->imap.handler()});
  // ManageSieve likewise (RFC 5804 section 1.4: BYE with TRYLATER when it cannot serve).
  protocols.push_back({"managesieve", c.managesieve, std::chrono::seconds(c.managesieve.login_timeout_s),
                       "BYE (TRYLATER) \"Too many connections, try again later\"\r\n", impl_->managesieve.handler()});

  for (auto& p : protocols) {
    auto limits = std::make_shared<net::ConnectionLimits>(p.listeners.max_connections, p.listeners.max_connections_per_ip);
    net::ConnectionOptions options;
    options.idle_timeout = p.idle;
    options.transcript = c.lab.transcript;
    options.lab = c.lab.enabled;
    options.tls = tls;
    options.line_deadline = std::chrono::seconds(c.limits.line_deadline_s);
    options.login_deadline = std::chrono::seconds(p.logs_in ? c.limits.login_deadline_s : 0);
    net::ProxyProtocol proxy{p.listeners.proxy_protocol, p.listeners.trusted_proxies};
    auto add = [&](const ListenAddress& address, bool implicit_tls) {
      server.listen(net::ListenerSpec{p.name, address, implicit_tls, limits, p.busy, options, p.handler, proxy});
      names_.push_back(implicit_tls ? p.name + "_tls" : p.name);
    };
    for (auto& a : p.listeners.listen) add(a, false);
    for (auto& a : p.listeners.implicit_tls_listen) add(a, true);
  }
}

void Services::start() {
  impl_->queue.start();
}

asio::awaitable<void> Services::stop() {
  co_await impl_->queue.stop();
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
