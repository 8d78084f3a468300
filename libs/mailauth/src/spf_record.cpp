#include "carteiro/mailauth/spf_record.hpp"

#include <fmt/format.h>

#include "carteiro/common/strings.hpp"

namespace carteiro::mailauth {

namespace {

struct MechanismName {
  std::string_view name;
  SpfMechanismKind kind;
};
constexpr MechanismName kMechanisms[] = {
    {"all", SpfMechanismKind::all}, {"include", SpfMechanismKind::include}, {"a", SpfMechanismKind::a},
    {"mx", SpfMechanismKind::mx},   {"ptr", SpfMechanismKind::ptr},         {"ip4", SpfMechanismKind::ip4},
    {"ip6", SpfMechanismKind::ip6}, {"exists", SpfMechanismKind::exists},
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

// An error carried out of the term parsers.
struct SyntaxError {
  std::string reason;
};

// name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) (section 12).
bool is_modifier_name(std::string_view name) {
  if (name.empty() || !is_alpha(name.front())) return false;
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
bool is_toplabel(std::string_view label) {
  if (label.empty() || !is_alnum(label.front()) || !is_alnum(label.back())) return false;
  bool alpha_or_hyphen = false;
  for (char c : label) {
    if (!is_alnum(c) && c != '-') return false;
    alpha_or_hyphen = alpha_or_hyphen || !is_digit(c);
  }
  return alpha_or_hyphen;
}

// domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand
std::vector<SpfMacroPiece> domain_spec(std::string_view text) {
  std::string error;
  auto pieces = parse_spf_macro_string(text, SpfMacroSyntax::domain_spec, error);
  if (!pieces) throw SyntaxError{fmt::format("{} in \"{}\"", error, printable(text))};
  if (!pieces->empty() && pieces->back().macro) return *pieces;
  std::string_view tail = pieces->empty() ? std::string_view() : std::string_view(pieces->back().literal);
  if (!tail.empty() && tail.back() == '.') tail.remove_suffix(1);
  auto dot = tail.rfind('.');
  if (dot == std::string_view::npos || !is_toplabel(tail.substr(dot + 1))) {
    throw SyntaxError{fmt::format("\"{}\" does not end in a valid top label", printable(text))};
  }
  return *pieces;
}

// "/" ("0" / %x31-39 0*nDIGIT), the digits given, value at most MAX (section 12).
unsigned cidr_length(std::string_view digits, unsigned max) {
  bool ok = !digits.empty() && digits.size() <= 3 && (digits.size() == 1 || digits.front() != '0');
  unsigned value = 0;
  for (char c : digits) {
    ok = ok && is_digit(c);
    if (ok) value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (!ok || value > max) throw SyntaxError{fmt::format("bad CIDR length \"/{}\" (0-{})", printable(digits), max)};
  return value;
}

// Cuts a trailing "/" + digits off TEXT: the digits, or nullopt when TEXT has none there.
std::optional<std::string_view> trailing_length(std::string_view& text, std::string_view slashes) {
  auto end = text.size();
  auto start = end;
  while (start > 0 && is_digit(text[start - 1])) --start;
  if (start == end || text.substr(0, start).size() < slashes.size() ||
      text.substr(start - slashes.size(), slashes.size()) != slashes) {
    return std::nullopt;
  }
  // "a:x.example/24//64": the "/" of "//64" must not be read as an ip4 length.
  if (slashes.size() == 1 && start >= 2 && text[start - 2] == '/') return std::nullopt;
  auto digits = text.substr(start);
  text = text.substr(0, start - slashes.size());
  return digits;
}

// dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ], at the end of ARGUMENT.
void dual_cidr_length(std::string_view& argument, SpfMechanism& mechanism) {
  if (auto v6 = trailing_length(argument, "//")) mechanism.cidr6 = cidr_length(*v6, 128);
  if (auto v4 = trailing_length(argument, "/")) mechanism.cidr4 = cidr_length(*v4, 32);
}

// ip4-network = qnum "." qnum "." qnum "." qnum, qnum without leading zeros.
asio::ip::address ip4_network(std::string_view text) {
  auto parts = split(text, '.');
  bool ok = parts.size() == 4;
  for (auto part : parts) {
    ok = ok && !part.empty() && part.size() <= 3 && (part.size() == 1 || part.front() != '0');
    for (char c : part) ok = ok && is_digit(c);
    ok = ok && std::stoi(std::string(part)) <= 255;
  }
  if (!ok) throw SyntaxError{fmt::format("\"{}\" is not an IPv4 address", printable(text))};
  return asio::ip::make_address_v4(std::string(text));
}

asio::ip::address ip6_network(std::string_view text) {
  bool ok = !text.empty();
  for (char c : text) ok = ok && (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.');
  asio::error_code ec;
  asio::ip::address_v6 address;
  if (ok) address = asio::ip::make_address_v6(std::string(text), ec);
  if (!ok || ec) throw SyntaxError{fmt::format("\"{}\" is not an IPv6 address", printable(text))};
  return address;
}

// directive = [ qualifier ] mechanism (sections 4.6.2, 5).
SpfMechanism directive(std::string_view term) {
  SpfMechanism mechanism;
  mechanism.text = std::string(term);
  switch (term.front()) {
    case '+': mechanism.qualifier = SpfQualifier::pass; term.remove_prefix(1); break;
    case '-': mechanism.qualifier = SpfQualifier::fail; term.remove_prefix(1); break;
    case '~': mechanism.qualifier = SpfQualifier::softfail; term.remove_prefix(1); break;
    case '?': mechanism.qualifier = SpfQualifier::neutral; term.remove_prefix(1); break;
    default: break;
  }
  auto name_end = term.find_first_of(":/");
  auto name = term.substr(0, name_end);
  auto argument = name_end == std::string_view::npos ? std::string_view() : term.substr(name_end);
  const MechanismName* known = nullptr;
  for (const auto& m : kMechanisms) {
    if (iequals(m.name, name)) known = &m;
  }
  if (known == nullptr) throw SyntaxError{fmt::format("unknown mechanism \"{}\"", printable(name))};
  mechanism.kind = known->kind;
  const bool has_colon = !argument.empty() && argument.front() == ':';
  switch (mechanism.kind) {
    case SpfMechanismKind::all:
      if (!argument.empty()) throw SyntaxError{"\"all\" takes no argument"};
      break;
    case SpfMechanismKind::include:
    case SpfMechanismKind::exists:
    case SpfMechanismKind::ptr:
      if (!has_colon && (!argument.empty() || mechanism.kind != SpfMechanismKind::ptr)) {
        throw SyntaxError{fmt::format("\"{}\" needs \":\" and a domain", printable(name))};
      }
      if (has_colon) mechanism.domain_spec = domain_spec(argument.substr(1));
      break;
    case SpfMechanismKind::a:
    case SpfMechanismKind::mx:
      dual_cidr_length(argument, mechanism);
      if (!argument.empty() && !has_colon) throw SyntaxError{fmt::format("bad argument to \"{}\"", printable(name))};
      if (has_colon) mechanism.domain_spec = domain_spec(argument.substr(1));
      break;
    case SpfMechanismKind::ip4:
    case SpfMechanismKind::ip6: {
      if (!has_colon) throw SyntaxError{fmt::format("\"{}\" needs \":\" and an address", printable(name))};
      argument.remove_prefix(1);
      const bool v4 = mechanism.kind == SpfMechanismKind::ip4;
      auto slash = argument.find('/');
      mechanism.network = v4 ? ip4_network(argument.substr(0, slash)) : ip6_network(argument.substr(0, slash));
      if (slash != std::string_view::npos) {
        (v4 ? mechanism.cidr4 : mechanism.cidr6) = cidr_length(argument.substr(slash + 1), v4 ? 32 : 128);
      }
      break;
    }
  }
  return mechanism;
}

// modifier = redirect / explanation / unknown-modifier (sections 6, 12).
void modifier(std::string_view name, std::string_view value, SpfRecord& record) {
  const bool redirect = iequals(name, "redirect");
  if (redirect || iequals(name, "exp")) {
    auto& slot = redirect ? record.redirect : record.exp;
    if (slot) throw SyntaxError{fmt::format("\"{}\" appears more than once", printable(name))};
    slot = domain_spec(value);
    return;
  }
  // Unknown modifiers are ignored, but their value must still be a macro-string.
  std::string error;
  if (!parse_spf_macro_string(value, SpfMacroSyntax::domain_spec, error)) {
    throw SyntaxError{fmt::format("modifier \"{}\": {}", printable(name), error)};
  }
}

}  // namespace

bool is_spf_record(std::string_view text) {
  constexpr std::string_view kVersion = "v=spf1";
  return istarts_with(text, kVersion) && (text.size() == kVersion.size() || text[kVersion.size()] == ' ');
}

SpfRecordParse parse_spf_record(std::string_view text) {
  if (text.size() > kSpfMaxRecord) return {std::nullopt, fmt::format("record longer than {} octets", kSpfMaxRecord)};
  if (!is_spf_record(text)) return {std::nullopt, "record does not start with \"v=spf1\""};
  text.remove_prefix(6);
  SpfRecord record;
  try {
    for (auto term : split(text, ' ')) {
      if (term.empty()) continue;  // terms = *( 1*SP ( directive / modifier ) ), record ends in *SP
      auto equals = term.find('=');
      if (equals != std::string_view::npos && is_modifier_name(term.substr(0, equals))) {
        modifier(term.substr(0, equals), term.substr(equals + 1), record);
      } else {
        record.mechanisms.push_back(directive(term));
      }
    }
  } catch (const SyntaxError& e) {
    return {std::nullopt, e.reason};
  }
  return {std::move(record), {}};
}

}  // namespace carteiro::mailauth
