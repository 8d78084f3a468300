#include <doctest/doctest.h>

#include <filesystem>

#include "carteiro/common/config.hpp"
#include "config_test_support.hpp"

using namespace carteiro;

namespace {
std::string error_of(std::string_view toml) { return test::config_error_of(toml); }
}  // namespace

TEST_CASE("config: defaults listen on the standard ports plus 2000") {
  auto c = parse_config("", "empty.toml");
  CHECK(c.smtp.listen.at(0).port == 2025);
  CHECK(c.submission.listen.at(0).port == 2587);
  CHECK(c.submission.implicit_tls_listen.at(0).port == 2465);
  CHECK(c.pop3.listen.at(0).port == 2110);
  CHECK(c.pop3.implicit_tls_listen.at(0).port == 2995);
  CHECK(c.imap.listen.at(0).port == 2143);
  CHECK(c.imap.implicit_tls_listen.at(0).port == 2993);
  CHECK(c.store.synchronous == "full");
  CHECK_FALSE(c.lab.enabled);
}

TEST_CASE("config: values are read") {
  auto c = parse_config(R"(
hostname = "mx.example.org"
data_dir = "/var/lib/carteiro"
[smtp]
listen = ["127.0.0.1:25", "[::1]:25"]
max_message_size = "10MiB"
[imap]
listen = []
[lab]
enabled = true
transcript = true
)",
                        "t.toml");
  CHECK(c.hostname == "mx.example.org");
  CHECK(c.data_dir == "/var/lib/carteiro");
  REQUIRE(c.smtp.listen.size() == 2);
  CHECK(c.smtp.listen[1].host == "::1");
  CHECK(c.smtp.listen[1].text() == "[::1]:25");
  CHECK(c.smtp.max_message_size == 10ull * 1024 * 1024);
  CHECK(c.imap.listen.empty());                   // an empty list turns the listener off
  CHECK(c.imap.implicit_tls_listen.size() == 1);  // untouched default
  CHECK(c.lab.enabled);
  CHECK(c.lab.transcript);
}

TEST_CASE("config: errors name file, line, key and what was expected") {
  CHECK(error_of("hostnam = \"x\"") == "test.toml:1: hostnam: unknown key");
  CHECK(error_of("\n[smtp]\nlisten = \"0.0.0.0:25\"") == "test.toml:3: smtp.listen: expected a list of strings");
  CHECK(error_of("[smtp]\nlisten = [\"0.0.0.0\"]").find("smtp.listen: \"0.0.0.0\": expected \"host:port\"") !=
        std::string::npos);
  CHECK(error_of("[smtp]\nlisten = [\"a:70000\"]").find("port must be") != std::string::npos);
  CHECK(error_of("[pop3]\nidle_timeout = 0").find("pop3.idle_timeout: expected a whole number from 1") !=
        std::string::npos);
  CHECK(error_of("[smtp]\nmax_message_size = \"12 furlongs\"").find("smtp.max_message_size") != std::string::npos);
  CHECK(error_of("[lab]\nenabled = 1").find("lab.enabled: expected true or false") != std::string::npos);
  CHECK(error_of("[store]\nsynchronous = \"off\"").find("store.synchronous") != std::string::npos);
  CHECK(error_of("[tls]\ncert = \"c.pem\"").find("tls.key") != std::string::npos);
  CHECK(error_of("[smtp]\nimplicit_tls_listen = []").find("smtp.implicit_tls_listen: unknown key") !=
        std::string::npos);
  CHECK(error_of("smtp = 3").find("smtp: expected a table") != std::string::npos);
  CHECK(error_of("hostname = ").find("test.toml:1:") == 0);  // TOML syntax error
  CHECK(error_of("[lab]\nenabled = true\n[lab]\n").find("test.toml:") == 0);
}

TEST_CASE("config: sizes") {
  CHECK(parse_size("1024") == 1024);
  CHECK(parse_size("25MiB") == 25ull * 1024 * 1024);
  CHECK(parse_size("2 k") == 2048);
  CHECK(parse_size("1G") == 1024ull * 1024 * 1024);
  CHECK_THROWS_AS(parse_size(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_size("MiB"), std::invalid_argument);
  CHECK_THROWS_AS(parse_size("5 parsecs"), std::invalid_argument);
  CHECK_THROWS_AS(parse_size("99999999999999999999999"), std::invalid_argument);
}

TEST_CASE("config: the shipped configurations are valid") {
  auto conf = std::filesystem::path(CARTEIRO_SOURCE_DIR) / "conf";
  for (auto name : {"carteiro.toml", "lab.toml", "docker.toml"}) {
    CAPTURE(name);
    CHECK_NOTHROW(load_config(conf / name));
  }
  CHECK(load_config(conf / "lab.toml").lab.enabled);
}

TEST_CASE("config: the spool threshold (store.spool_threshold)") {
  auto defaults = parse_config("", "empty.toml");
  CHECK(defaults.store.spool_threshold == 1024 * 1024);
  CHECK(defaults.spool_dir() == defaults.data_dir / "tmp");
  CHECK(parse_config("[store]\nspool_threshold = \"64KiB\"", "t.toml").store.spool_threshold == 64 * 1024);
  CHECK(error_of("[store]\nspool_threshold = \"0KiB\"").find("store.spool_threshold: expected a size above zero") !=
        std::string::npos);
  CHECK(error_of("[store]\nspool_threshold = \"lots\"").find("store.spool_threshold") != std::string::npos);
}

TEST_CASE("config: the heavy read lane (store.heavy_read_connections)") {
  CHECK(parse_config("", "empty.toml").store.heavy_read_connections == 2);
  CHECK(parse_config("[store]\nheavy_read_connections = 3", "t.toml").store.heavy_read_connections == 3);
  CHECK(error_of("[store]\nheavy_read_connections = 0").find("store.heavy_read_connections") != std::string::npos);
}

TEST_CASE("config: how often the queue looks at its table (queue.poll_interval)") {
  CHECK(parse_config("", "empty.toml").queue.poll_interval_s == 3);
  CHECK(parse_config("[queue]\npoll_interval = 60", "t.toml").queue.poll_interval_s == 60);
  CHECK(error_of("[queue]\npoll_interval = 0").find("queue.poll_interval: expected a whole number from 1") !=
        std::string::npos);
  CHECK(error_of("[queue]\npoll_interval = 3601").find("queue.poll_interval") != std::string::npos);
  CHECK(error_of("[queue]\npoll_interval = \"3s\"").find("queue.poll_interval") != std::string::npos);
}

TEST_CASE("config: hardening keys (tls.policy, queue.allow_private_destinations, relay.ca_file)") {
  auto defaults = parse_config("", "empty.toml");
  CHECK(defaults.tls.policy == TlsPolicy::intermediate);
  CHECK_FALSE(defaults.queue.allow_private_destinations);
  CHECK(defaults.relay.ca_file.empty());
  auto c = parse_config("[tls]\npolicy = \"modern\"\n[queue]\nallow_private_destinations = true\n"
                        "[relay]\nca_file = \"/etc/ca.pem\"\n",
                        "t.toml");
  CHECK(c.tls.policy == TlsPolicy::modern);
  CHECK(c.queue.allow_private_destinations);
  CHECK(c.relay.ca_file == "/etc/ca.pem");
  CHECK(error_of("\n[tls]\npolicy = \"old\"") == "test.toml:3: tls.policy: expected \"intermediate\" or \"modern\"");
  CHECK(error_of("[relay]\nusername = \"u\"\nstarttls = false").find("relay.starttls: must be true") !=
        std::string::npos);
  CHECK(error_of("[queue]\nallow_private_destinations = \"yes\"").find("expected true or false") !=
        std::string::npos);
}

TEST_CASE("config: login and sending limits (auth, imap, pop3, submission)") {
  auto defaults = parse_config("", "empty.toml");
  CHECK(defaults.auth.max_failures_per_account == 30);
  CHECK(defaults.imap.max_sessions_per_account == 20);
  CHECK(defaults.pop3.max_sessions_per_account == 5);
  CHECK(defaults.submission.max_messages_per_hour == 200);
  CHECK(defaults.submission.max_recipients_per_hour == 1000);
  auto c = parse_config(
      "[auth]\nmax_failures_per_account = 7\n[imap]\nmax_sessions_per_account = 0\n"
      "[pop3]\nmax_sessions_per_account = 2\n[submission]\nmax_messages_per_hour = 0\nmax_recipients_per_hour = 9",
      "t.toml");
  CHECK(c.auth.max_failures_per_account == 7);
  CHECK(c.imap.max_sessions_per_account == 0);
  CHECK(c.pop3.max_sessions_per_account == 2);
  CHECK(c.submission.max_messages_per_hour == 0);
  CHECK(c.submission.max_recipients_per_hour == 9);
  CHECK(error_of("[auth]\nmax_failures_per_account = 0").find("auth.max_failures_per_account") != std::string::npos);
  CHECK(error_of("[imap]\nmax_sessions_per_account = -1").find("imap.max_sessions_per_account") != std::string::npos);
  // The sending rate is a submission setting: the MX has no account to count.
  CHECK(error_of("[smtp]\nmax_messages_per_hour = 5").find("smtp.max_messages_per_hour") != std::string::npos);
}

TEST_CASE("config: the MX's sender checks (smtp.sender_checks, _skip, _timeout, reject_spf_fail)") {
  auto defaults = parse_config("", "t.toml");
  CHECK(defaults.smtp.sender_checks);
  CHECK_FALSE(defaults.smtp.reject_spf_fail);
  CHECK(defaults.smtp.sender_checks_timeout_s == 20);
  REQUIRE(defaults.smtp.sender_checks_skip.size() == 2);
  CHECK(defaults.smtp.sender_checks_skip[0].contains(asio::ip::make_address("127.0.0.1")));
  CHECK(defaults.smtp.sender_checks_skip[1].contains(asio::ip::make_address("::1")));
  CHECK_FALSE(defaults.smtp.sender_checks_skip[0].contains(asio::ip::make_address("192.0.2.1")));
  auto c = parse_config(
      "[smtp]\nsender_checks = false\nsender_checks_skip = []\nsender_checks_timeout = 3\nreject_spf_fail = true\n",
      "t.toml");
  CHECK_FALSE(c.smtp.sender_checks);
  CHECK(c.smtp.sender_checks_skip.empty());
  CHECK(c.smtp.sender_checks_timeout_s == 3);
  CHECK(c.smtp.reject_spf_fail);
  CHECK(error_of("[smtp]\nsender_checks_skip = [\"10.0.0.0/33\"]").find("smtp.sender_checks_skip") != std::string::npos);
  CHECK(error_of("[smtp]\nsender_checks_timeout = 0").find("smtp.sender_checks_timeout") != std::string::npos);
  CHECK(error_of("[smtp]\nsender_checks = \"yes\"").find("smtp.sender_checks: expected true or false") !=
        std::string::npos);
  // Submission is not checked: the keys are the MX's.
  CHECK(error_of("[submission]\nsender_checks = true").find("submission.sender_checks: unknown key") !=
        std::string::npos);
}
