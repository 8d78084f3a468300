#pragma once
// One mail transaction (RFC 5321 section 3.3): MAIL, RCPT..., DATA. Its own object,
// reset by RSET, HELO/EHLO, STARTTLS and after each message.
#include <optional>
#include <string>
#include <vector>

#include "carteiro/common/spool.hpp"
#include "carteiro/smtpwire/path.hpp"

namespace carteiro::smtp {

struct Transaction {
  std::string sender;                   // "" is the null reverse-path
  smtpwire::MailParameters parameters;
  std::vector<std::string> recipients;  // accepted, each once (compared case-insensitively)
  bool chunked = false;                 // BDAT used: DATA may not follow (RFC 3030 section 2)
  std::optional<Spool> chunks;          // the BDAT chunks received so far (from the first one)
  std::uint64_t chunks_size() const { return chunks ? chunks->size() : 0; }

  void reset() { *this = Transaction{}; }
};

}  // namespace carteiro::smtp
