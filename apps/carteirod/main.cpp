// carteirod: SMTP, POP3, IMAP and ManageSieve in one process on one store.
// Reads like its job: load config, open the store, start one listener per protocol,
// wait for a signal, stop cleanly.
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/use_awaitable.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/common/data_dir.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/spool.hpp"
#include "carteiro/net/server.hpp"
#include "carteiro/store/store.hpp"
#include "certificate_watch.hpp"
#include "descriptors.hpp"
#include "services.hpp"

using namespace carteiro;

namespace {

struct Args {
  std::filesystem::path config;
  bool check_only = false;
};

void usage(FILE* out) {
  std::fputs("usage: carteirod [--config FILE] [--check-config]\n"
             "  --config FILE    TOML configuration (default: built-in defaults)\n"
             "  --check-config   validate the configuration and exit\n",
             out);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--config" || arg == "-c") && i + 1 < argc) a.config = argv[++i];
    else if (arg.rfind("--config=", 0) == 0) a.config = arg.substr(9);
    else if (arg == "--check-config") a.check_only = true;
    else if (arg == "--help" || arg == "-h") {
      usage(stdout);
      std::exit(0);
    } else {
      std::fprintf(stderr, "carteirod: unknown argument \"%s\"\n", arg.c_str());
      usage(stderr);
      std::exit(2);
    }
  }
  return a;
}

// A coroutine's parameters live in its frame (a lambda's captures would not outlive the
// signal handler that started it).
asio::awaitable<void> stop(net::Server& server, Services& services, CertificateWatch& watch, asio::io_context& io) {
  watch.stop();
  co_await server.shutdown(std::chrono::seconds(10));
  co_await services.stop();
  io.stop();
}

int run(const Config& config) {
  secure_data_dir(config.data_dir);
  if (auto n = remove_leftover_spools(config.spool_dir()))
    log::info("removed {} temporary spool file(s) left by an earlier crash", n);
  store::StoreOptions store_options{config.database_path(), config.store.synchronous, config.store.group_commit,
                                    config.store.read_connections};
  store_options.heavy_read_connections = config.store.heavy_read_connections;
  store::Store store(store_options);
  auth::Authenticator authenticator(store, config.auth);

  auto certificate = load_certificate(config);

  unsigned threads = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  asio::io_context io(static_cast<int>(threads));
  net::Server server(io);
  Services services(config, store, authenticator, io);
  services.listen(server, certificate);
  CertificateWatch watch(io, config, certificate);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int signal) {
    if (ec) return;
    log::info("signal {}: stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    asio::co_spawn(io, stop(server, services, watch, io), asio::detached);
  });

  watch.start();
  services.start();
  log::info("ready {}", services.describe(server));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  store.close();
  log::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Args args = parse_args(argc, argv);
  Config config;
  try {
    config = load_config(args.config);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "carteirod: %s\n", e.what());
    return 2;
  }
  if (args.check_only) {
    std::printf("%s: configuration is valid\n", args.config.empty() ? "defaults" : args.config.c_str());
    return 0;
  }
  log::set_level(config.log_level);
  fit_descriptor_limits(config);
  try {
    return run(config);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "carteirod: %s\n", e.what());
    return 1;
  }
}
