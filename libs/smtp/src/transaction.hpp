#pragma once
// One mail transaction (RFC 5321 section 3.3): MAIL, RCPT..., DATA. Its own object,
// reset by RSET, HELO/EHLO, STARTTLS and after each message.
#include <string>
#include <vector>

#include "carteiro/smtp/path.hpp"

namespace carteiro::smtp {

struct Transaction {
  std::string sender;                   // "" is the null reverse-path
  MailParameters parameters;
  std::vector<std::string> recipients;  // accepted, each once (compared case-insensitively)
  bool chunked = false;                 // BDAT used: DATA may not follow (RFC 3030 section 2)
  std::string chunks;                   // the BDAT chunks received so far

  void reset() { *this = Transaction{}; }
};

}  // namespace carteiro::smtp
