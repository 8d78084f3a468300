// The [managesieve] and [sieve] sections of the configuration.
#include <doctest/doctest.h>

#include "carteiro/common/config.hpp"
#include "config_test_support.hpp"

using namespace carteiro;
using carteiro::test::config_error_of;

TEST_CASE("config: managesieve listens on 6190 by default, with login and idle timeouts") {
  auto c = parse_config("", "test.toml");
  REQUIRE(c.managesieve.listen.size() == 1);
  CHECK(c.managesieve.listen[0].port == 6190);
  CHECK(c.managesieve.implicit_tls_listen.empty());
  c = parse_config("[managesieve]\nlisten = [\"127.0.0.1:4190\"]\nidle_timeout = 90\nlogin_timeout = 9\n"
                   "max_connections_per_ip = 3\n",
                   "test.toml");
  CHECK(c.managesieve.listen.at(0).port == 4190);
  CHECK(c.managesieve.idle_timeout_s == 90);
  CHECK(c.managesieve.login_timeout_s == 9);
  CHECK(c.managesieve.max_connections_per_ip == 3);
  // ManageSieve has no implicit-TLS port (RFC 5804 section 1.8: STARTTLS only).
  CHECK(config_error_of("[managesieve]\nimplicit_tls_listen = [\"0.0.0.0:5190\"]\n").find("unknown key") !=
        std::string::npos);
}

TEST_CASE("config: the sieve limits") {
  auto defaults = parse_config("", "test.toml").sieve;
  CHECK(defaults.max_script_size == 64 * 1024);
  CHECK(defaults.max_scripts == 16);
  CHECK(defaults.max_redirects == 4);
  CHECK(defaults.max_actions == 32);
  CHECK(defaults.max_steps == 100000);
  auto c = parse_config(
      "[sieve]\nmax_script_size = \"1MiB\"\nmax_scripts = 3\nmax_redirects = 0\nmax_actions = 5\nmax_steps = 77\n",
      "test.toml");
  CHECK(c.sieve.max_script_size == 1024 * 1024);
  CHECK(c.sieve.max_scripts == 3);
  CHECK(c.sieve.max_redirects == 0);
  CHECK(c.sieve.max_actions == 5);
  CHECK(c.sieve.max_steps == 77);
  CHECK(config_error_of("[sieve]\nmax_scripts = 0\n").find("sieve.max_scripts") != std::string::npos);
  CHECK(config_error_of("[sieve]\nmax_script_size = \"1GiB\"\n").find("sieve.max_script_size") != std::string::npos);
  CHECK(config_error_of("[sieve]\nmax_scripts_per_account = 2\n").find("unknown key") != std::string::npos);
}
