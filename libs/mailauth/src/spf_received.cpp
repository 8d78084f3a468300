// The Received-SPF header field (RFC 7208 section 9.1).
#include <fmt/format.h>

#include "carteiro/common/ip_network.hpp"
#include "carteiro/mailauth/spf.hpp"

namespace carteiro::mailauth {

namespace {

// atext of RFC 5322 section 3.2.3, with "." for dot-atom.
bool is_dot_atom(std::string_view value) {
  if (value.empty() || value.front() == '.' || value.back() == '.') return false;
  for (char c : value) {
    bool atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
    if (!atext) return false;
  }
  return value.find("..") == std::string_view::npos;
}

// key=value with VALUE a dot-atom or a quoted-string (section 9.1).
std::string pair(std::string_view key, std::string_view value) {
  if (is_dot_atom(value)) return fmt::format(" {}={};", key, value);
  std::string quoted;
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) quoted += c;
  }
  return fmt::format(" {}=\"{}\";", key, quoted);
}

// Comment text: parentheses and backslashes escaped, control bytes dropped.
std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  }
  return out;
}

std::string comment(const SpfReceivedSpf& info, std::string_view identity, std::string_view ip) {
  const auto& o = info.outcome;
  switch (o.result) {
    case SpfResult::pass: return fmt::format("domain of {} designates {} as permitted sender", identity, ip);
    case SpfResult::fail: return fmt::format("domain of {} does not designate {} as permitted sender", identity, ip);
    case SpfResult::softfail:
      return fmt::format("domain of transitioning {} does not designate {} as permitted sender", identity, ip);
    case SpfResult::neutral: return fmt::format("{} is neither permitted nor denied by domain of {}", ip, identity);
    case SpfResult::none: return fmt::format("domain of {} does not publish SPF", identity);
    case SpfResult::temperror:
    case SpfResult::permerror: return fmt::format("error in processing during lookup of {}", identity);
  }
  return {};
}

}  // namespace

std::string received_spf_field(const SpfReceivedSpf& info) {
  const auto ip = unmapped(info.client_ip).to_string();
  const bool helo = info.identity == SpfIdentity::helo || info.envelope_from.empty();
  const std::string identity = helo ? "postmaster@" + info.helo : info.envelope_from;
  std::string field = fmt::format("Received-SPF: {} ({}: {})", spf_result_name(info.outcome.result),
                                  comment_text(info.receiver.empty() ? "unknown" : info.receiver),
                                  comment_text(comment(info, identity, ip)));
  if (!info.receiver.empty()) field += pair("receiver", info.receiver);
  field += pair("client-ip", ip);
  field += pair("envelope-from", info.envelope_from);
  field += pair("helo", info.helo);
  if (!info.outcome.problem.empty()) field += pair("problem", info.outcome.problem);
  if (!info.outcome.mechanism.empty()) field += pair("mechanism", info.outcome.mechanism);
  field += pair("identity", info.identity == SpfIdentity::helo ? "helo" : "mailfrom");
  field.pop_back();  // the last ";"
  return field;
}

}  // namespace carteiro::mailauth
