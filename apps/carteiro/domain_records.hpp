#pragma once
// The DNS records a local domain needs published, as `domain dns` prints them and
// `domain check` compares them with the live DNS: MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT,
// and the SRV records of client autoconfiguration (RFC 6186, RFC 8314).
#include <cstdint>
#include <string>
#include <vector>

#include "carteiro/common/config.hpp"
#include "carteiro/store/dkim_keys.hpp"

namespace carteiro::cli {

enum class RecordKind { mx, spf, dkim, dmarc, mta_sts, tls_rpt, srv };

struct PublishedRecord {
  RecordKind kind = RecordKind::mx;
  std::vector<std::string> comment;  // lines, printed after "; "
  std::string name;                  // absolute, lower case, no trailing dot
  std::string type;                  // "MX", "TXT", "SRV"
  std::string text;                  // TXT: the record's text; MX and SRV: the target host ("" is ".")
  std::uint16_t preference = 0;      // MX preference, SRV priority
  std::uint16_t weight = 0;          // SRV
  std::uint16_t port = 0;            // SRV
  bool retired_key = false;          // DKIM: a retired key in its grace period
};

// Every record for DOMAIN, in the order `domain dns` prints them. KEYS: the domain's
// listed DKIM keys (store::dkim_keys::listed).
std::vector<PublishedRecord> records_to_publish(const Config& config, const std::string& domain,
                                                const std::vector<store::DkimKey>& keys);

// The MTA-STS policy file (RFC 8461 section 3.2), CRLF line ends, and the id of the
// _mta-sts record: derived from the policy's content, so it changes exactly when the policy does.
std::string mta_sts_policy(const Config& config);
std::string mta_sts_id(const std::string& policy);

// One record as a zone file line: "NAME. IN TYPE DATA" (TXT text in quoted strings of at
// most 255 octets, RFC 1035 section 3.3.14).
std::string zone_line(const PublishedRecord& record);

// "2026-12-03 14:00 UTC"
std::string utc_time(std::int64_t unix_seconds);

}  // namespace carteiro::cli
