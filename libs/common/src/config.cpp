#include "carteiro/common/config.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "carteiro/common/strings.hpp"

namespace carteiro {

std::string ListenAddress::text() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

std::uint64_t parse_size(std::string_view text) {
  std::string_view t = trim(text);
  std::size_t i = 0;
  std::uint64_t value = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
    if (value > (UINT64_MAX - 9) / 10) throw std::invalid_argument("size too large");
    value = value * 10 + static_cast<unsigned>(t[i] - '0');
    ++i;
  }
  if (i == 0) throw std::invalid_argument("a size needs a number, like \"25MiB\"");
  std::string unit = to_lower(trim(t.substr(i)));
  std::uint64_t mult = 1;
  if (unit.empty() || unit == "b") mult = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") mult = 1024;
  else if (unit == "m" || unit == "mb" || unit == "mib") mult = 1024ull * 1024;
  else if (unit == "g" || unit == "gb" || unit == "gib") mult = 1024ull * 1024 * 1024;
  else throw std::invalid_argument(fmt::format("unknown size unit \"{}\" (use B, KiB, MiB or GiB)", unit));
  if (value > UINT64_MAX / mult) throw std::invalid_argument("size too large");
  return value * mult;
}

ListenAddress parse_listen_address(std::string_view text) {
  ListenAddress a;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw std::invalid_argument("expected \"[address]:port\"");
    a.host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon)
      throw std::invalid_argument("expected \"host:port\"");
    a.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
  }
  if (a.host.empty()) throw std::invalid_argument("expected \"host:port\" with a host");
  unsigned long p = 0;
  if (port.empty() || port.size() > 5) throw std::invalid_argument("port must be 0-65535");
  for (char c : port) {
    if (c < '0' || c > '9') throw std::invalid_argument("port must be a number");
    p = p * 10 + static_cast<unsigned>(c - '0');
  }
  // Port 0 asks the system for a free port (tests); the daemon logs the port it got.
  if (p > 65535) throw std::invalid_argument("port must be 0-65535");
  a.port = static_cast<std::uint16_t>(p);
  return a;
}

namespace {

// Walks one TOML table, reading the keys it knows and remembering them, so that anything
// left over is reported as an unknown key (a typo must not be silently ignored).
class Section {
 public:
  Section(const toml::table* table, std::string prefix, const std::string& source)
      : table_(table), prefix_(std::move(prefix)), source_(source) {}

  [[noreturn]] void fail(const toml::node* node, std::string_view key, std::string_view what) const {
    std::string where = source_;
    if (node) where += fmt::format(":{}", node->source().begin.line);
    throw ConfigError(fmt::format("{}: {}{}: {}", where, prefix_, key, what));
  }

  const toml::node* get(std::string_view key) {
    seen_.insert(std::string(key));
    return table_ ? table_->get(key) : nullptr;
  }

  void string(std::string_view key, std::string& out) {
    if (auto* n = get(key)) {
      auto v = n->value<std::string>();
      if (!n->is_string() || !v) fail(n, key, "expected a string");
      out = *v;
    }
  }
  void boolean(std::string_view key, bool& out) {
    if (auto* n = get(key)) {
      if (!n->is_boolean()) fail(n, key, "expected true or false");
      out = *n->value<bool>();
    }
  }
  template <typename T>
  void number(std::string_view key, T& out, std::int64_t min, std::int64_t max) {
    if (auto* n = get(key)) {
      if (!n->is_integer()) fail(n, key, fmt::format("expected a whole number from {} to {}", min, max));
      std::int64_t v = *n->value<std::int64_t>();
      if (v < min || v > max) fail(n, key, fmt::format("expected a whole number from {} to {}, got {}", min, max, v));
      out = static_cast<T>(v);
    }
  }
  void size(std::string_view key, std::uint64_t& out) {
    if (auto* n = get(key)) {
      try {
        if (n->is_integer() && *n->value<std::int64_t>() > 0) out = static_cast<std::uint64_t>(*n->value<std::int64_t>());
        else if (n->is_string()) out = parse_size(*n->value<std::string>());
        else fail(n, key, "expected a size such as \"25MiB\"");
        if (out == 0) fail(n, key, "expected a size above zero");
      } catch (const std::invalid_argument& e) {
        fail(n, key, e.what());
      }
    }
  }
  void strings(std::string_view key, std::vector<std::string>& out) {
    if (auto* n = get(key)) {
      auto* arr = n->as_array();
      if (!arr) fail(n, key, "expected a list of strings");
      out.clear();
      for (auto& item : *arr) {
        if (!item.is_string()) fail(&item, key, "expected a list of strings");
        out.push_back(*item.value<std::string>());
      }
    }
  }
  void addresses(std::string_view key, std::vector<ListenAddress>& out) {
    std::vector<std::string> texts;
    const toml::node* n = table_ ? table_->get(key) : nullptr;
    strings(key, texts);
    if (!n) return;
    out.clear();
    for (auto& t : texts) {
      try {
        out.push_back(parse_listen_address(t));
      } catch (const std::invalid_argument& e) {
        fail(n, key, fmt::format("\"{}\": {}", t, e.what()));
      }
    }
  }
  void networks(std::string_view key, std::vector<IpNetwork>& out) {
    std::vector<std::string> texts;
    strings(key, texts);
    const toml::node* n = node(key);
    if (!n) return;
    out.clear();
    for (auto& t : texts) {
      try {
        out.push_back(IpNetwork::parse(t));
      } catch (const std::invalid_argument& e) {
        fail(n, key, fmt::format("\"{}\": {}", t, e.what()));
      }
    }
  }
  const toml::node* node(std::string_view key) const { return table_ ? table_->get(key) : nullptr; }
  Section sub(std::string_view key) {
    auto* n = get(key);
    if (n && !n->is_table()) fail(n, key, "expected a table ([section])");
    return Section(n ? n->as_table() : nullptr, prefix_ + std::string(key) + ".", source_);
  }
  void finish() const {
    if (!table_) return;
    for (auto& [k, v] : *table_) {
      if (!seen_.count(std::string(k.str())))
        fail(&v, k.str(), "unknown key");
    }
  }

 private:
  const toml::table* table_;
  std::string prefix_;
  const std::string& source_;
  std::set<std::string> seen_;
};

void read_listener(Section& s, ListenerConfig& l, bool has_tls) {
  s.addresses("listen", l.listen);
  if (has_tls) s.addresses("implicit_tls_listen", l.implicit_tls_listen);
  s.number("max_connections", l.max_connections, 1, 1000000);
  s.number("max_connections_per_ip", l.max_connections_per_ip, 1, 1000000);
  s.boolean("proxy_protocol", l.proxy_protocol);
  s.networks("trusted_proxies", l.trusted_proxies);
  if (l.proxy_protocol && l.trusted_proxies.empty())
    s.fail(s.node("proxy_protocol"), "trusted_proxies", "proxy_protocol = true needs the proxies' addresses here");
}

void read_smtp(Section&& s, SmtpConfig& c, bool has_tls) {
  read_listener(s, c, has_tls);
  s.size("max_message_size", c.max_message_size);
  s.number("max_recipients", c.max_recipients, 1, 100000);
  s.number("idle_timeout", c.idle_timeout_s, 1, 86400);
  if (has_tls) {  // submission: the per-account sending rate
    s.number("max_messages_per_hour", c.max_messages_per_hour, 0, 10000000);
    s.number("max_recipients_per_hour", c.max_recipients_per_hour, 0, 10000000);
  } else {  // the MX: sender authentication
    s.boolean("sender_checks", c.sender_checks);
    s.networks("sender_checks_skip", c.sender_checks_skip);
    s.number("sender_checks_timeout", c.sender_checks_timeout_s, 1, 600);
    s.boolean("reject_spf_fail", c.reject_spf_fail);
    s.strings("trusted_arc_sealers", c.trusted_arc_sealers);
    for (auto& domain : c.trusted_arc_sealers) domain = to_lower(domain);
  }
  s.finish();
}

std::vector<ListenAddress> env_addresses(const char* name, const char* value) {
  std::vector<ListenAddress> out;
  for (auto part : split(value, ',')) {
    auto t = trim(part);
    if (t.empty()) continue;
    try {
      out.push_back(parse_listen_address(t));
    } catch (const std::invalid_argument& e) {
      throw ConfigError(fmt::format("environment {}: \"{}\": {}", name, t, e.what()));
    }
  }
  return out;
}

void apply_environment(Config& c) {
  auto env = [](const char* n) { return std::getenv(n); };
  if (auto v = env("CARTEIRO_HOSTNAME")) c.hostname = v;
  if (auto v = env("CARTEIRO_DATA_DIR")) c.data_dir = v;
  if (auto v = env("CARTEIRO_TLS_CERT")) c.tls.cert = v;
  if (auto v = env("CARTEIRO_TLS_KEY")) c.tls.key = v;
  struct { const char* name; std::vector<ListenAddress>* target; } lists[] = {
      {"CARTEIRO_SMTP_LISTEN", &c.smtp.listen},
      {"CARTEIRO_SUBMISSION_LISTEN", &c.submission.listen},
      {"CARTEIRO_SUBMISSION_TLS_LISTEN", &c.submission.implicit_tls_listen},
      {"CARTEIRO_POP3_LISTEN", &c.pop3.listen},
      {"CARTEIRO_POP3_TLS_LISTEN", &c.pop3.implicit_tls_listen},
      {"CARTEIRO_IMAP_LISTEN", &c.imap.listen},
      {"CARTEIRO_IMAP_TLS_LISTEN", &c.imap.implicit_tls_listen},
      {"CARTEIRO_MANAGESIEVE_LISTEN", &c.managesieve.listen},
  };
  for (auto& l : lists)
    if (auto v = env(l.name)) *l.target = env_addresses(l.name, v);
}

Config defaults() {
  Config c;
  c.smtp.listen = {{"0.0.0.0", 2025}};
  // Local scripts and tools hand mail to the MX over loopback: nothing to authenticate.
  c.smtp.sender_checks_skip = {IpNetwork::parse("127.0.0.0/8"), IpNetwork::parse("::1/128")};
  c.submission.listen = {{"0.0.0.0", 2587}};
  c.submission.implicit_tls_listen = {{"0.0.0.0", 2465}};
  c.pop3.listen = {{"0.0.0.0", 2110}};
  c.pop3.implicit_tls_listen = {{"0.0.0.0", 2995}};
  c.imap.listen = {{"0.0.0.0", 2143}};
  c.imap.implicit_tls_listen = {{"0.0.0.0", 2993}};
  c.managesieve.listen = {{"0.0.0.0", 6190}};
  return c;
}

}  // namespace

Config parse_config(std::string_view text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}: {}", source, e.source().begin.line, e.description()));
  }
  Config c = defaults();
  Section top(&root, "", source);
  top.string("hostname", c.hostname);
  if (c.hostname.empty()) top.fail(root.get("hostname"), "hostname", "must not be empty");
  std::string data_dir = c.data_dir.string();
  top.string("data_dir", data_dir);
  if (data_dir.empty()) top.fail(root.get("data_dir"), "data_dir", "must not be empty");
  c.data_dir = data_dir;
  top.string("log_level", c.log_level);
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error")
    top.fail(root.get("log_level"), "log_level", "expected one of \"debug\", \"info\", \"warn\", \"error\"");
  top.number("threads", c.threads, 0, 256);

  {
    auto s = top.sub("tls");
    s.string("cert", c.tls.cert);
    s.string("key", c.tls.key);
    if (c.tls.cert.empty() != c.tls.key.empty())
      s.fail(root.get("tls"), c.tls.cert.empty() ? "cert" : "key", "tls.cert and tls.key go together");
    std::string policy = "intermediate";
    s.string("policy", policy);
    if (policy == "intermediate") c.tls.policy = TlsPolicy::intermediate;
    else if (policy == "modern") c.tls.policy = TlsPolicy::modern;
    else s.fail(root.at_path("tls.policy").node(), "policy", "expected \"intermediate\" or \"modern\"");
    s.finish();
  }
  {
    auto s = top.sub("store");
    s.string("synchronous", c.store.synchronous);
    if (c.store.synchronous != "full" && c.store.synchronous != "normal")
      s.fail(root.at_path("store.synchronous").node(), "synchronous", "expected \"full\" or \"normal\"");
    s.boolean("group_commit", c.store.group_commit);
    s.number("read_connections", c.store.read_connections, 1, 64);
    s.number("heavy_read_connections", c.store.heavy_read_connections, 1, 64);
    s.size("spool_threshold", c.store.spool_threshold);
    s.finish();
  }
  {
    auto s = top.sub("auth");
    s.number("failure_delay_ms", c.auth.failure_delay_ms, 0, 60000);
    s.number("max_failures_per_ip", c.auth.max_failures_per_ip, 1, 100000);
    s.number("failure_window", c.auth.failure_window_s, 1, 86400);
    s.number("max_failures_per_account", c.auth.max_failures_per_account, 1, 100000);
    s.finish();
  }
  read_smtp(top.sub("smtp"), c.smtp, false);
  read_smtp(top.sub("submission"), c.submission, true);
  {
    auto s = top.sub("pop3");
    read_listener(s, c.pop3, true);
    s.number("idle_timeout", c.pop3.idle_timeout_s, 1, 86400);
    s.number("max_sessions_per_account", c.pop3.max_sessions_per_account, 0, 100000);
    s.finish();
  }
  {
    auto s = top.sub("imap");
    read_listener(s, c.imap, true);
    s.number("idle_timeout", c.imap.idle_timeout_s, 1, 86400);
    s.number("login_timeout", c.imap.login_timeout_s, 1, 86400);
    s.number("max_sessions_per_account", c.imap.max_sessions_per_account, 0, 100000);
    s.finish();
  }
  {
    auto s = top.sub("managesieve");
    read_listener(s, c.managesieve, false);
    s.number("idle_timeout", c.managesieve.idle_timeout_s, 1, 86400);
    s.number("login_timeout", c.managesieve.login_timeout_s, 1, 86400);
    s.finish();
  }
  {
    auto s = top.sub("sieve");
    s.size("max_script_size", c.sieve.max_script_size);
    if (c.sieve.max_script_size > 16u * 1024 * 1024)
      s.fail(root.at_path("sieve.max_script_size").node(), "max_script_size", "expected at most 16MiB");
    s.number("max_scripts", c.sieve.max_scripts, 1, 10000);
    s.number("max_redirects", c.sieve.max_redirects, 0, 1000);
    s.number("max_actions", c.sieve.max_actions, 1, 100000);
    s.number("max_steps", c.sieve.max_steps, 1, 100000000);
    s.finish();
  }
  {
    auto s = top.sub("queue");
    s.number("retry_interval", c.queue.retry_interval_s, 1, 86400 * 7);
    s.number("max_age", c.queue.max_age_s, 1, 86400 * 60);
    s.number("delay_warning", c.queue.delay_warning_s, 0, 86400 * 60);
    s.number("remote_port", c.queue.remote_port, 1, 65535);
    s.number("max_per_host", c.queue.max_per_host, 1, 1000);
    s.number("max_parallel", c.queue.max_parallel, 1, 10000);
    s.number("connect_timeout", c.queue.connect_timeout_s, 1, 3600);
    s.number("poll_interval", c.queue.poll_interval_s, 1, 3600);
    s.boolean("allow_private_destinations", c.queue.allow_private_destinations);
    s.boolean("mta_sts", c.queue.mta_sts);
    s.string("ca_file", c.queue.ca_file);
    s.number("mta_sts_https_port", c.queue.mta_sts_https_port, 1, 65535);
    s.finish();
  }
  {
    auto s = top.sub("dns");
    s.strings("servers", c.dns.servers);
    s.string("trust_anchor_file", c.dns.trust_anchor_file);
    s.finish();
  }
  {
    auto s = top.sub("relay");
    s.string("host", c.relay.host);
    s.number("port", c.relay.port, 1, 65535);
    s.string("username", c.relay.username);
    s.string("password", c.relay.password);
    s.boolean("starttls", c.relay.starttls);
    s.string("ca_file", c.relay.ca_file);
    if (!c.relay.username.empty() && !c.relay.starttls)
      s.fail(root.at_path("relay.starttls").node(), "starttls",
             "must be true when username is set (credentials go only over TLS with a verified certificate)");
    s.finish();
  }
  {
    auto s = top.sub("limits");
    s.number("line_deadline", c.limits.line_deadline_s, 1, 86400);
    s.number("login_deadline", c.limits.login_deadline_s, 1, 86400);
    s.number("reserved_descriptors", c.limits.reserved_descriptors, 0, 100000);
    s.finish();
  }
  {
    auto s = top.sub("lab");
    s.boolean("enabled", c.lab.enabled);
    s.boolean("transcript", c.lab.transcript);
    s.finish();
  }
  top.finish();
  return c;
}

Config load_config(const std::filesystem::path& file) {
  Config c;
  if (file.empty()) {
    c = defaults();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot read the configuration file", file.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    c = parse_config(ss.str(), file.string());
    c.file = file;
  }
  apply_environment(c);
  return c;
}

}  // namespace carteiro
