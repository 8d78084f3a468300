#include "descriptors.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdint>

#include "carteiro/common/log.hpp"

namespace carteiro {

namespace {

struct Kind {
  const char* name;
  ListenerConfig& listener;
};

bool listens(const ListenerConfig& l) { return !l.listen.empty() || !l.implicit_tls_listen.empty(); }

}  // namespace

void fit_descriptor_limits(Config& config) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    log::warn("cannot read the file descriptor limit: {}", std::strerror(errno));
    return;
  }
  const rlim_t before = limit.rlim_cur;
  if (limit.rlim_cur != limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      log::warn("cannot raise the file descriptor limit to {}: {}", limit.rlim_max, std::strerror(errno));
      limit.rlim_cur = before;
    }
  }
  log::info("file descriptors: soft limit {} (was {}), hard limit {}", limit.rlim_cur, before, limit.rlim_max);
  if (limit.rlim_cur == RLIM_INFINITY) return;

  Kind kinds[] = {{"smtp", config.smtp}, {"submission", config.submission}, {"pop3", config.pop3}, {"imap", config.imap}};
  std::uint64_t wanted = 0;
  for (auto& k : kinds)
    if (listens(k.listener)) wanted += k.listener.max_connections;
  const std::uint64_t reserved = std::uint64_t{config.limits.reserved_descriptors} + config.queue.max_parallel;
  const std::uint64_t available = limit.rlim_cur > reserved ? limit.rlim_cur - reserved : 0;
  if (wanted <= available) return;
  log::warn("file descriptors: {} connections (the listeners' max_connections together) do not fit in the limit of {} "
            "with {} kept for the store, queue and files; lowering them",
            wanted, limit.rlim_cur, reserved);
  for (auto& k : kinds) {
    if (!listens(k.listener)) continue;
    // Rounding down keeps the sum within what is available; every kind keeps at least one.
    auto share = static_cast<unsigned>(std::max<std::uint64_t>(1, k.listener.max_connections * available / wanted));
    log::warn("file descriptors: {}.max_connections {} -> {}", k.name, k.listener.max_connections, share);
    k.listener.max_connections = share;
  }
}

}  // namespace carteiro
