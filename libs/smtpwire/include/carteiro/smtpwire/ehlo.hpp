#pragma once
// The service extensions of an EHLO reply (RFC 5321 section 4.1.1.1): the keyword lines the
// server advertises and the client reads. No I/O.
//   ehlo-line = ehlo-keyword *( SP ehlo-param )
//   ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/smtpwire/reply.hpp"

namespace carteiro::smtpwire {

// In the order the server lists them.
struct Extensions {
  bool pipelining = false;             // RFC 2920
  bool size = false;                   // RFC 1870
  std::uint64_t size_limit = 0;        // 0: SIZE offered without a limit (or not offered)
  bool eight_bit_mime = false;         // RFC 6152
  bool enhanced_status_codes = false;  // RFC 2034
  bool smtputf8 = false;               // RFC 6531
  bool chunking = false;               // RFC 3030
  bool starttls = false;               // RFC 3207
  std::vector<std::string> auth = {};  // RFC 4954 mechanisms, upper case
  bool help = false;                   // HELP answers (RFC 5321 section 4.1.1.8)
  bool mt_priority = false;            // RFC 6710
  std::string priority_policy = {};    // its policy name ("MIXER"), "" for none named
  bool offers_auth(std::string_view mechanism) const;
  bool operator==(const Extensions&) const = default;
};

// The keyword lines that follow the server's name in its EHLO reply: "PIPELINING",
// "SIZE 10485760" (RFC 1870 section 4: "SIZE 0" means no fixed limit), "AUTH PLAIN LOGIN",
// "MT-PRIORITY MIXER"...
std::vector<std::string> ehlo_keywords(const Extensions& offered);

// Reads the keyword lines of a positive EHLO reply (the first line is the server's name
// and greeting). Unknown keywords and malformed parameters are ignored: a server's odd
// extension must not stop delivery.
Extensions parse_ehlo(const Reply& reply);

}  // namespace carteiro::smtpwire
