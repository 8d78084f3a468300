#pragma once
// What a server offers in its EHLO reply (RFC 5321 section 4.1.1.1), as the outbound
// client needs it. No I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "carteiro/smtpwire/reply.hpp"

namespace carteiro::queue {

struct Extensions {
  bool starttls = false;     // RFC 3207
  bool pipelining = false;   // RFC 2920
  bool eight_bit_mime = false;  // RFC 6152
  bool smtputf8 = false;     // RFC 6531
  bool size = false;         // RFC 1870
  std::uint64_t size_limit = 0;  // 0: SIZE offered without a limit (or not offered)
  std::vector<std::string> auth;  // RFC 4954 mechanisms, upper case
  bool offers_auth(std::string_view mechanism) const;
};

// Reads the keyword lines of a positive EHLO reply (the first line is the server's name
// and greeting). Unknown keywords and malformed parameters are ignored: a server's odd
// extension must not stop delivery.
//   ehlo-line = ehlo-keyword *( SP ehlo-param )
//   ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
Extensions parse_ehlo(const smtpwire::Reply& reply);

}  // namespace carteiro::queue
