#pragma once
// Carteiro's configuration: one TOML file, every key with a default, validated at start.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "carteiro/common/ip_network.hpp"

namespace carteiro {

// A listening address as written in the config: "host:port" or "[v6]:port".
struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
  std::string text() const;
};

struct ListenerConfig {
  std::vector<ListenAddress> listen;               // plain (STARTTLS-capable where the protocol has it)
  std::vector<ListenAddress> implicit_tls_listen;  // TLS from the first byte
  unsigned max_connections = 1000;                 // global, per listener kind
  unsigned max_connections_per_ip = 50;
  // PROXY protocol (HAProxy's proxy-protocol.txt, v1 and v2) from a load balancer: every
  // connection must come from trusted_proxies and start with the header naming the client.
  bool proxy_protocol = false;
  std::vector<IpNetwork> trusted_proxies;
};

struct SmtpConfig : ListenerConfig {
  std::uint64_t max_message_size = 25ull * 1024 * 1024;
  unsigned max_recipients = 100;
  unsigned idle_timeout_s = 300;       // RFC 5321 section 4.5.3.2: 5 minutes
  // Submission only: per authenticated account over the last hour, in memory; 0 = no limit.
  unsigned max_messages_per_hour = 200;
  unsigned max_recipients_per_hour = 1000;
  // MX only: sender authentication at the end of DATA (SPF, DKIM, DMARC, ARC; README
  // "Sender authentication"). Clients in sender_checks_skip get no checks and no
  // Received-SPF or Authentication-Results field (forged ones are still removed).
  bool sender_checks = true;
  std::vector<IpNetwork> sender_checks_skip;  // set in defaults(): loopback
  unsigned sender_checks_timeout_s = 20;      // past it: temperror, and the message is accepted
  bool reject_spf_fail = false;               // 550 5.7.23 for an SPF fail of MAIL FROM (RFC 7372)
  // ARC sealers (domains, lower case) whose record of a DMARC pass is believed when DMARC
  // fails here (a mailing list that changed the message): RFC 8617 section 7.2.
  std::vector<std::string> trusted_arc_sealers;
};

struct Pop3Config : ListenerConfig {
  unsigned idle_timeout_s = 600;       // RFC 1939 section 3: at least 10 minutes
  unsigned max_sessions_per_account = 5;   // logged-in sessions at once; 0 = no limit
};

struct ImapConfig : ListenerConfig {
  unsigned idle_timeout_s = 1800;      // RFC 3501 section 5.4: at least 30 minutes
  unsigned login_timeout_s = 60;       // before authentication
  unsigned max_sessions_per_account = 20;  // logged-in sessions at once; 0 = no limit
};

// ManageSieve (RFC 5804): one plain listener with STARTTLS (the RFC has no implicit TLS port).
struct ManageSieveConfig : ListenerConfig {
  unsigned idle_timeout_s = 1800;      // like IMAP's: a client may sit in an editor
  unsigned login_timeout_s = 60;       // before authentication
};

// Sieve scripts (RFC 5228): what an upload may be (ManageSieve, `carteiro sieve put`) and
// what one run at delivery may do; the last three are sieve::Limits at run time.
struct SieveConfig {
  std::uint64_t max_script_size = 64 * 1024;  // octets of one script
  unsigned max_scripts = 16;                  // scripts per account
  unsigned max_redirects = 4;                 // redirect actions per message
  unsigned max_actions = 32;                  // actions of every kind per run
  unsigned max_steps = 100000;                // commands and tests evaluated per run
};

// Mozilla's server-side TLS recommendations (https://wiki.mozilla.org/Security/Server_Side_TLS).
enum class TlsPolicy {
  intermediate,  // TLS 1.2 (forward-secret AEAD suites only) and TLS 1.3
  modern,        // TLS 1.3 only
};

struct TlsConfig {
  std::string cert;                    // empty: self-signed, made on first start under data_dir
  std::string key;
  TlsPolicy policy = TlsPolicy::intermediate;
};

struct StoreConfig {
  std::string synchronous = "full";    // full | normal (full: a success reply means fsynced)
  bool group_commit = true;
  unsigned read_connections = 4;
  unsigned heavy_read_connections = 2;  // kept apart for reads that scan message bodies (SEARCH)
  // A message being received (DATA, BDAT, APPEND) stays in memory up to this size, then
  // moves to an anonymous file under data_dir/tmp (spool.hpp).
  std::uint64_t spool_threshold = 1024 * 1024;
};

struct AuthConfig {
  unsigned failure_delay_ms = 2000;    // added to each failed login, grows with failures per IP
  unsigned max_failures_per_ip = 10;   // in the window below; then logins are refused for it
  unsigned failure_window_s = 300;
  unsigned max_failures_per_account = 30;  // in the window, except from its recently known addresses
};

struct QueueConfig {
  unsigned retry_interval_s = 1800;    // every 30 minutes
  unsigned max_age_s = 4 * 24 * 3600;  // give up after 4 days
  unsigned delay_warning_s = 4 * 3600; // warn the sender after 4 hours
  std::uint16_t remote_port = 25;
  unsigned max_per_host = 4;
  unsigned max_parallel = 20;
  unsigned connect_timeout_s = 300;    // RFC 5321 section 4.5.3.2 (initial 220: 5 minutes)
  unsigned poll_interval_s = 3;        // look at the queue table for what another process queued
  // MX/A/AAAA answers pointing to loopback, private, link-local... addresses are refused
  // unless this is set (the relay host is exempt: the admin named it).
  bool allow_private_destinations = false;
  // MTA-STS (RFC 8461): recipient domains that publish a policy get verified TLS to the
  // MX hosts it names.
  bool mta_sts = true;
  // The CA certificates that verify MX hosts (and MTA-STS policy hosts); empty: the
  // system CA store.
  std::string ca_file;
  // The port of the MTA-STS policy fetch: always 443, but for tests.
  std::uint16_t mta_sts_https_port = 443;
};

// Debian's copy of the root zone's trust anchor (package dns-root-data).
inline constexpr const char* kDebianRootTrustAnchor = "/usr/share/dns/root.key";

struct DnsConfig {
  std::vector<std::string> servers;    // empty: the system resolver (/etc/resolv.conf)
  // DNSSEC trust anchors (DS or DNSKEY records, zone file format) for the queue's lookups,
  // which DANE (RFC 7672) needs. The default is used when the file exists; "" turns
  // validation (and DANE) off.
  std::string trust_anchor_file = kDebianRootTrustAnchor;
};

struct RelayConfig {
  std::string host;                    // empty: deliver directly by MX
  std::uint16_t port = 587;
  std::string username;
  std::string password;
  bool starttls = true;
  std::string ca_file;                 // empty: the system CA store verifies the relay's certificate
};

// Bounds that no client activity extends (a slow client sending a byte now and then resets
// the idle timeout, not these), and the file descriptors kept for the daemon's own work.
struct LimitsConfig {
  unsigned line_deadline_s = 60;       // a command line must be complete this long after its first byte
  unsigned login_deadline_s = 300;     // from connect to a successful login (submission, POP3, IMAP)
  unsigned reserved_descriptors = 64;  // kept out of RLIMIT_NOFILE's share for connections
};

struct LabConfig {
  bool enabled = false;                // plaintext login everywhere, VRFY/EXPN answered
  bool transcript = false;             // every session as C:/S: lines on stdout
};

struct Config {
  std::filesystem::path file;          // where it was read from (empty: defaults)
  std::string hostname = "localhost";
  std::filesystem::path data_dir = "./data";
  std::string log_level = "info";
  unsigned threads = 0;                // 0: one per core
  TlsConfig tls;
  StoreConfig store;
  AuthConfig auth;
  SmtpConfig smtp;
  SmtpConfig submission;
  Pop3Config pop3;
  ImapConfig imap;
  ManageSieveConfig managesieve;
  SieveConfig sieve;
  QueueConfig queue;
  DnsConfig dns;
  RelayConfig relay;
  LimitsConfig limits;
  LabConfig lab;

  std::filesystem::path database_path() const { return data_dir / "carteiro.db"; }
  std::filesystem::path spool_dir() const { return data_dir / "tmp"; }
};

// One line naming file, line, key and what was expected.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads and validates FILE; relative data_dir and TLS paths are taken relative to the
// current directory. Environment overrides (for containers) are applied after the file:
// CARTEIRO_HOSTNAME, CARTEIRO_DATA_DIR, CARTEIRO_TLS_CERT, CARTEIRO_TLS_KEY,
// CARTEIRO_SMTP_LISTEN, CARTEIRO_SUBMISSION_LISTEN, CARTEIRO_SUBMISSION_TLS_LISTEN,
// CARTEIRO_POP3_LISTEN, CARTEIRO_POP3_TLS_LISTEN, CARTEIRO_IMAP_LISTEN, CARTEIRO_IMAP_TLS_LISTEN,
// CARTEIRO_MANAGESIEVE_LISTEN
// (comma-separated host:port lists; an empty value turns the listener off).
Config load_config(const std::filesystem::path& file);
Config parse_config(std::string_view toml_text, const std::string& source_name);

// "25MiB", "10M", "1024" -> bytes; throws std::invalid_argument.
std::uint64_t parse_size(std::string_view text);
ListenAddress parse_listen_address(std::string_view text);

}  // namespace carteiro
