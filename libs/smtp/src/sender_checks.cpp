#include "sender_checks.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <stdexcept>

#include "carteiro/common/log.hpp"
#include "carteiro/smtp/sender_policy.hpp"

namespace carteiro::smtp {

namespace {

// Each check is a handful of lookups in a row, mostly waiting on the network.
constexpr unsigned kCheckThreads = 4;
// Beyond this many checks queued or running (a resolver that stopped answering), new
// messages get temperror at once rather than a queue of spools waiting for threads.
constexpr unsigned kMaxWaiting = 64;

mailauth::dmarc::PublicSuffixList load_public_suffix_list() {
  const auto& file = mailauth::dmarc::PublicSuffixList::kDebianPath;
  try {
    return mailauth::dmarc::PublicSuffixList::load(file);
  } catch (const std::exception& e) {
    // Without it any two domains under one public suffix (co.uk) would count as aligned:
    // refusing to start beats checking wrongly.
    throw std::runtime_error("cannot read the Public Suffix List " + file.string() + " (" + e.what() +
                             "), which DMARC needs: install Debian's publicsuffix package, or set "
                             "[smtp] sender_checks = false");
  }
}

// The resolver as one check sees it. A lookup to a server that does not answer blocks
// for the resolver's own timeout (seconds each): past the check's deadline, or once the
// daemon stops, the rest answer "temporary" at once, so an abandoned check ends soon
// after the lookup it was in, and shutdown does not wait for a whole series of them.
class BoundedLookup : public mailauth::DnsLookup {
 public:
  BoundedLookup(mailauth::DnsLookup& dns, std::chrono::steady_clock::time_point deadline,
                const std::atomic<bool>& stopping)
      : dns_(dns), deadline_(deadline), stopping_(stopping) {}

  mailauth::TxtAnswer txt(const std::string& name) override {
    return over() ? given_up<mailauth::TxtAnswer>() : dns_.txt(name);
  }
  mailauth::AddressAnswer a(const std::string& name) override {
    return over() ? given_up<mailauth::AddressAnswer>() : dns_.a(name);
  }
  mailauth::AddressAnswer aaaa(const std::string& name) override {
    return over() ? given_up<mailauth::AddressAnswer>() : dns_.aaaa(name);
  }
  mailauth::NameAnswer mx(const std::string& name) override {
    return over() ? given_up<mailauth::NameAnswer>() : dns_.mx(name);
  }
  mailauth::NameAnswer ptr(const asio::ip::address& address) override {
    return over() ? given_up<mailauth::NameAnswer>() : dns_.ptr(address);
  }

 private:
  bool over() const { return stopping_.load() || std::chrono::steady_clock::now() >= deadline_; }
  template <typename Answer>
  static Answer given_up() {
    Answer answer;
    answer.status = mailauth::DnsStatus::temporary;
    answer.error = "not looked up: the sender checks ran out of time";
    return answer;
  }

  mailauth::DnsLookup& dns_;
  std::chrono::steady_clock::time_point deadline_;
  const std::atomic<bool>& stopping_;
};

// Where a check's result meets the session: touched only on the session's executor.
struct Pending {
  explicit Pending(const asio::any_io_executor& executor) : timer(executor) {}
  asio::steady_timer timer;  // the deadline; cancelled when the result arrives first
  std::optional<mailauth::MessageVerdict> verdict;
};

}  // namespace

SenderChecks::SenderChecks(const Config& config)
    : timeout_(config.smtp.sender_checks_timeout_s),
      dns_(config.dns.servers),
      psl_(load_public_suffix_list()),
      pool_(kCheckThreads) {}

SenderChecks::~SenderChecks() {
  stopping_ = true;
  pool_.join();
}

asio::awaitable<mailauth::MessageVerdict> SenderChecks::check(std::shared_ptr<const Spool> message,
                                                              mailauth::MessageCheckInput input) {
  if (waiting_.fetch_add(1) >= kMaxWaiting) {
    --waiting_;
    log::warn("sender checks: {} messages already wait for DNS; this one gets temperror", kMaxWaiting);
    co_return timed_out_verdict("too many sender checks waiting for DNS");
  }
  auto executor = co_await asio::this_coro::executor;
  auto pending = std::make_shared<Pending>(executor);
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  pending->timer.expires_at(deadline);
  auto job = [this, pending, deadline, message = std::move(message), input = std::move(input)]() {
    std::optional<mailauth::MessageVerdict> verdict;
    try {
      BoundedLookup dns(dns_, deadline, stopping_);
      verdict = mailauth::check_message(dns, psl_, input, message->content());
    } catch (const std::exception& e) {
      log::error("sender checks failed: {}", e.what());
    }
    --waiting_;
    auto done = [pending, verdict = std::move(verdict)]() mutable {
      pending->verdict = std::move(verdict);
      pending->timer.cancel();
    };
    asio::post(pending->timer.get_executor(), std::move(done));
  };
  asio::post(pool_, std::move(job));
  auto waiting = pending->timer.async_wait(asio::experimental::as_tuple(asio::use_awaitable));
  co_await std::move(waiting);
  if (pending->verdict) co_return std::move(*pending->verdict);
  log::warn("sender checks: no result within {}s (DNS slow or unreachable): temperror", timeout_.count());
  co_return timed_out_verdict(fmt::format("no result within {}s", timeout_.count()));
}

}  // namespace carteiro::smtp
