#include "domain_records.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <ctime>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_keygen.hpp"

namespace carteiro::cli {

namespace {

constexpr std::size_t kMaxCharacterString = 255;
constexpr int kMtaStsMaxAge = 604800;  // one week, what RFC 8461 section 3.2's example uses

std::string absolute(const std::string& name) { return name.empty() ? "." : name + "."; }

std::string character_strings(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size() || pos == 0; pos += kMaxCharacterString) {
    std::string piece;
    for (char c : text.substr(pos, kMaxCharacterString)) {
      if (c == '"' || c == '\\') piece.push_back('\\');
      piece.push_back(c);
    }
    out += (out.empty() ? "\"" : " \"") + piece + "\"";
    if (text.empty()) break;
  }
  return out;
}

PublishedRecord txt(RecordKind kind, std::string name, std::string text, std::vector<std::string> comment) {
  PublishedRecord r;
  r.kind = kind;
  r.name = std::move(name);
  r.type = "TXT";
  r.text = std::move(text);
  r.comment = std::move(comment);
  return r;
}

// RFC 6186 section 3.4: a service not offered is published with the target ".".
PublishedRecord srv(const std::string& service, const std::string& domain, const std::vector<ListenAddress>& listen,
                    const std::string& hostname, const std::string& what) {
  PublishedRecord r;
  r.kind = RecordKind::srv;
  r.name = service + "._tcp." + domain;
  r.type = "SRV";
  if (listen.empty()) {
    r.comment = {what + ": not offered (RFC 6186 section 3.4: target \".\")"};
    return r;
  }
  r.weight = 1;
  r.port = listen.front().port;
  r.text = hostname;
  r.comment = {what};
  return r;
}

}  // namespace

std::string utc_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M UTC", &tm);
  return out;
}

std::string mta_sts_policy(const Config& config) {
  return fmt::format("version: STSv1\r\nmode: enforce\r\nmx: {}\r\nmax_age: {}\r\n", to_lower(config.hostname),
                     kMtaStsMaxAge);
}

// RFC 8461 section 3.1: id is 1 to 32 letters and digits. The first 20 hex digits of the
// policy's SHA-256.
std::string mta_sts_id(const std::string& policy) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(policy.data(), policy.size(), digest, &size, EVP_sha256(), nullptr);
  std::string id;
  for (unsigned int i = 0; i < 10 && i < size; ++i) id += fmt::format("{:02x}", digest[i]);
  return id;
}

std::vector<PublishedRecord> records_to_publish(const Config& config, const std::string& domain,
                                                const std::vector<store::DkimKey>& keys) {
  std::string host = to_lower(config.hostname);
  std::vector<PublishedRecord> out;

  PublishedRecord mx;
  mx.kind = RecordKind::mx;
  mx.name = domain;
  mx.type = "MX";
  mx.preference = 10;
  mx.text = host;
  mx.comment = {"MX (RFC 5321 section 5.1): mail for " + domain + " goes to this server"};
  out.push_back(mx);

  // The server sends from the host its MX names, so "mx" authorizes exactly it; a relay
  // ([relay] host) sends on our behalf and must be authorized too.
  std::vector<std::string> spf_comment = {
      "SPF (RFC 7208): only the hosts of the MX record (this server, " + host + ") send mail for " + domain};
  if (!config.relay.host.empty())
    spf_comment.push_back("mail leaves through the relay " + config.relay.host +
                          ": add what its operator tells you (e.g. include:...) before -all");
  out.push_back(txt(RecordKind::spf, domain, "v=spf1 mx -all", spf_comment));

  for (const auto& key : keys) {
    auto record = mailauth::dkim::key_record_for(key.private_pem);
    if (!std::holds_alternative<std::string>(record)) continue;  // cannot happen for keys we made
    std::vector<std::string> comment = {fmt::format("DKIM (RFC 6376{}): {} key {}, created {}",
                                                    key.algorithm == store::DkimAlgorithm::ed25519 ? ", RFC 8463" : "",
                                                    store::dkim_keys::algorithm_name(key.algorithm), key.selector,
                                                    utc_time(key.created_at))};
    if (!key.current())
      comment.push_back("retired: signs no more mail; keep it published until " + utc_time(key.delete_at.value_or(0)) +
                        " (mail it signed may still be in transit)");
    auto r = txt(RecordKind::dkim, key.selector + "._domainkey." + domain, std::get<std::string>(record), comment);
    r.retired_key = !key.current();
    out.push_back(r);
  }

  out.push_back(txt(RecordKind::dmarc, "_dmarc." + domain, "v=DMARC1; p=quarantine; rua=mailto:postmaster@" + domain,
                    {"DMARC (RFC 7489): mail failing SPF and DKIM alignment goes to the receiver's spam folder;",
                     "once the aggregate reports to postmaster@" + domain + " show all your mail passing,",
                     "change p=quarantine to p=reject"}));

  std::string policy = mta_sts_policy(config);
  std::vector<std::string> sts_comment = {
      "MTA-STS (RFC 8461): senders must use TLS with a valid certificate to reach " + host + ".",
      "The policy file below is served at https://mta-sts." + domain + "/.well-known/mta-sts.txt",
      "(mta-sts." + domain + " needs an address record and a certificate for that name). Carteiro's HTTP",
      "listener will serve it; until it exists, a web server must. The id changes with the policy:"};
  for (const auto& line : split(policy, '\n'))
    if (!trim(line).empty()) sts_comment.push_back("    " + std::string(trim(line)));
  out.push_back(txt(RecordKind::mta_sts, "_mta-sts." + domain, "v=STSv1; id=" + mta_sts_id(policy), sts_comment));

  out.push_back(txt(RecordKind::tls_rpt, "_smtp._tls." + domain, "v=TLSRPTv1; rua=mailto:postmaster@" + domain,
                    {"TLS-RPT (RFC 8460): where senders report TLS failures reaching " + domain}));

  out.push_back(srv("_submission", domain, config.submission.listen, host, "Submission with STARTTLS (RFC 6186)"));
  out.back().comment.insert(out.back().comment.begin(),
                            "Client autoconfiguration (RFC 6186, RFC 8314), with the ports configured here: write the "
                            "public ones if the deployment maps ports");
  out.push_back(srv("_submissions", domain, config.submission.implicit_tls_listen, host, "Submission over TLS (RFC 8314)"));
  out.push_back(srv("_imap", domain, config.imap.listen, host, "IMAP with STARTTLS (RFC 6186)"));
  out.push_back(srv("_imaps", domain, config.imap.implicit_tls_listen, host, "IMAP over TLS (RFC 6186)"));
  out.push_back(srv("_pop3", domain, config.pop3.listen, host, "POP3 with STLS (RFC 6186)"));
  out.push_back(srv("_pop3s", domain, config.pop3.implicit_tls_listen, host, "POP3 over TLS (RFC 6186)"));
  return out;
}

std::string zone_line(const PublishedRecord& r) {
  std::string data;
  if (r.type == "MX")
    data = fmt::format("{} {}", r.preference, absolute(r.text));
  else if (r.type == "SRV")
    data = fmt::format("{} {} {} {}", r.preference, r.weight, r.port, absolute(r.text));
  else
    data = character_strings(r.text);
  return fmt::format("{} IN {} {}", absolute(r.name), r.type, data);
}

}  // namespace carteiro::cli
