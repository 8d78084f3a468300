#pragma once
// DMARC (RFC 7489): the policy record (section 6.3), the organizational domain from the
// Public Suffix List (section 3.2), identifier alignment of SPF and DKIM (section 3.1),
// and the receiver's evaluation (section 6.6), over DnsLookup.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "carteiro/mailauth/dkim_verify.hpp"
#include "carteiro/mailauth/dns.hpp"
#include "carteiro/mailauth/spf.hpp"

namespace carteiro::mailauth::dmarc {

enum class Policy { none, quarantine, reject };
std::string_view policy_name(Policy policy);

enum class Alignment { relaxed, strict };  // adkim=, aspf= (section 6.3)

// The tags this server acts on; the rest are kept as they were written, unused.
struct Record {
  Policy policy = Policy::none;                  // p=
  std::optional<Policy> subdomain_policy;        // sp=
  Alignment dkim_alignment = Alignment::relaxed;  // adkim=
  Alignment spf_alignment = Alignment::relaxed;   // aspf=
  int percent = 100;                             // pct=
  std::vector<std::string> aggregate_report_to;  // rua=
  std::vector<std::string> failure_report_to;    // ruf=
  // Of reports, which this server does not send; read leniently (a value not understood
  // gives the default).
  std::string failure_options = "0";             // fo=, lower case, e.g. "1:d"
  std::string report_format = "afrf";            // rf=
  std::uint32_t report_interval = 86400;         // ri=, seconds
};

struct RecordError {
  std::string reason;
};

// Section 6.3 and 6.4: "v=DMARC1" first, p= required (an invalid p= with a valid rua=
// counts as p=none, section 6.6.3), unknown tags ignored. Bounded input.
std::variant<Record, RecordError> parse_record(std::string_view text);

// Section 6.6.3 step 4: whether a TXT record is meant as a DMARC record at all (it starts
// with "v=DMARC1"); the others at _dmarc.<domain> are discarded before counting.
bool is_dmarc_record(std::string_view text);

// The Public Suffix List (https://publicsuffix.org/list/ format: rules, wildcards,
// exceptions, comments), as Debian's `publicsuffix` package installs it.
class PublicSuffixList {
 public:
  inline static const std::filesystem::path kDebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";
  // Throws std::runtime_error when the file cannot be read.
  static PublicSuffixList load(const std::filesystem::path& file = kDebianPath);
  static PublicSuffixList parse(std::string_view text);
  // RFC 7489 section 3.2: the public suffix plus one label; DOMAIN itself when it has no
  // more labels than that. Lower case, no trailing dot.
  std::string organizational_domain(std::string_view domain) const;
  std::size_t rule_count() const;

  PublicSuffixList();
  ~PublicSuffixList();
  PublicSuffixList(PublicSuffixList&&) noexcept;
  PublicSuffixList& operator=(PublicSuffixList&&) noexcept;

 private:
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

// Section 11.2 (Authentication-Results method "dmarc").
enum class Result { none, pass, fail, temperror, permerror };
std::string_view result_name(Result result);

struct Outcome {
  Result result = Result::none;
  std::string from_domain;            // RFC5322.From's domain (header.from)
  std::string policy_domain;          // where the record was found (the From domain or its organizational domain)
  Policy policy = Policy::none;       // the record's p= or sp= that applies
  // What the receiver does: POLICY, or a step less when pct= sampled the message out
  // (section 6.6.4: reject becomes quarantine, quarantine becomes none).
  Policy disposition = Policy::none;
  bool spf_aligned = false;           // SPF passed for a domain aligned with FROM_DOMAIN
  bool dkim_aligned = false;          // a DKIM signature passed with an aligned d=
  std::string reason;                 // why, for logs and Authentication-Results comments
  std::string record;                 // the DMARC record as found at _dmarc.<policy_domain>
  // For an admin asking why: how SPF and each DKIM signature (in the order of
  // Evidence::dkim) counted, e.g. "pass for example.org, aligned (relaxed)".
  std::string spf_detail;
  std::vector<std::string> dkim_details;
};

// Section 3.1: whether DOMAIN (SPF's or a signature's d=) is aligned with FROM_DOMAIN:
// strict, the same name; relaxed, the same organizational domain.
bool aligned(const PublicSuffixList& psl, std::string_view domain, std::string_view from_domain, Alignment mode);

// What DMARC evaluates, already established by SPF and DKIM.
struct Evidence {
  std::string_view message;                 // header is enough; for RFC5322.From
  SpfResult spf = SpfResult::none;          // of the MAIL FROM identity (or HELO's when MAIL FROM was <>)
  std::string spf_domain;                   // the domain SPF checked
  const std::vector<dkim::Result>* dkim = nullptr;
};

// Section 6.6.1 to 6.6.4. A message with no From, several From fields, or a From with
// several addresses of different domains is a permerror that the caller should refuse
// (section 6.6.1). SAMPLE in [0,100) decides pct= (the caller draws it at random).
Outcome evaluate(DnsLookup& dns, const PublicSuffixList& psl, const Evidence& evidence, int sample);

}  // namespace carteiro::mailauth::dmarc
