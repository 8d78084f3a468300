#include "carteiro/smtpwire/ehlo.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro::smtpwire {

namespace {

bool keyword_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool valid_keyword(std::string_view word) {
  if (word.empty() || word.front() == '-') return false;
  for (char c : word)
    if (!keyword_char(c)) return false;
  return true;
}

// RFC 1870 section 4: size-param = [1*DIGIT]; a value that does not fit is "no limit we
// can use", treated as no limit.
std::uint64_t size_parameter(std::string_view text) {
  if (text.empty() || text.size() > 19) return 0;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

}  // namespace

bool Extensions::offers_auth(std::string_view mechanism) const {
  for (const auto& m : auth)
    if (iequals(m, mechanism)) return true;
  return false;
}

std::vector<std::string> ehlo_keywords(const Extensions& offered) {
  std::vector<std::string> out;
  if (offered.pipelining) out.push_back("PIPELINING");
  if (offered.size) out.push_back("SIZE " + std::to_string(offered.size_limit));
  if (offered.eight_bit_mime) out.push_back("8BITMIME");
  if (offered.enhanced_status_codes) out.push_back("ENHANCEDSTATUSCODES");
  if (offered.smtputf8) out.push_back("SMTPUTF8");
  if (offered.chunking) out.push_back("CHUNKING");
  if (offered.starttls) out.push_back("STARTTLS");
  if (!offered.auth.empty()) {
    std::string line = "AUTH";
    for (const auto& mechanism : offered.auth) line += " " + mechanism;
    out.push_back(std::move(line));
  }
  if (offered.help) out.push_back("HELP");
  // RFC 6710: the ehlo-param is the optional priority assignment policy.
  if (offered.mt_priority)
    out.push_back(offered.priority_policy.empty() ? "MT-PRIORITY" : "MT-PRIORITY " + offered.priority_policy);
  return out;
}

Extensions parse_ehlo(const Reply& reply) {
  Extensions out;
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    auto words = split(trim(reply.lines[i]), ' ');
    if (words.empty() || !valid_keyword(words[0])) continue;
    auto keyword = to_upper(words[0]);
    if (keyword == "STARTTLS") out.starttls = true;
    else if (keyword == "PIPELINING") out.pipelining = true;
    else if (keyword == "8BITMIME") out.eight_bit_mime = true;
    else if (keyword == "SMTPUTF8") out.smtputf8 = true;
    else if (keyword == "ENHANCEDSTATUSCODES") out.enhanced_status_codes = true;
    else if (keyword == "CHUNKING") out.chunking = true;
    else if (keyword == "HELP") out.help = true;
    else if (keyword == "MT-PRIORITY") {
      out.mt_priority = true;
      if (words.size() > 1 && valid_keyword(words[1])) out.priority_policy = to_upper(words[1]);
    }
    else if (keyword == "SIZE") {
      out.size = true;
      if (words.size() > 1) out.size_limit = size_parameter(words[1]);
    } else if (keyword == "AUTH") {
      for (std::size_t w = 1; w < words.size(); ++w)
        if (!words[w].empty()) out.auth.push_back(to_upper(words[w]));
    }
  }
  return out;
}

}  // namespace carteiro::smtpwire
