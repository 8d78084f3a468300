#include "carteiro/mailauth/spf_macro.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "carteiro/common/ip_network.hpp"

namespace carteiro::mailauth {

namespace {

constexpr std::string_view kDelimiters = ".-+,/_=";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// macro-literal = %x21-24 / %x26-7E, and SP inside an explain-string (sections 7.1, 6.2).
bool is_literal(char c, SpfMacroSyntax syntax) {
  if (c == ' ') return syntax == SpfMacroSyntax::explanation;
  return c >= 0x21 && c <= 0x7e && c != '%';
}

bool is_macro_letter(char c, SpfMacroSyntax syntax) {
  if (std::string_view("slodipvh").find(c) != std::string_view::npos) return true;
  return syntax == SpfMacroSyntax::explanation && (c == 'c' || c == 'r' || c == 't');
}

// "{" macro-letter transformers *delimiter "}", TEXT starting after the "%{".
std::optional<SpfMacro> parse_macro(std::string_view& text, SpfMacroSyntax syntax, std::string& error) {
  SpfMacro macro;
  if (text.empty()) {
    error = "macro \"%{\" is not closed";
    return std::nullopt;
  }
  char letter = text.front();
  macro.letter = lower(letter);
  macro.url_escape = letter != macro.letter;
  if (!is_macro_letter(macro.letter, syntax)) {
    error = fmt::format("unknown macro letter '{}'", std::string(1, letter));
    return std::nullopt;
  }
  text.remove_prefix(1);
  bool has_digits = false;
  while (!text.empty() && is_digit(text.front())) {
    has_digits = true;
    // Saturates: a count above the number of labels means all of them.
    macro.keep = std::min<std::size_t>(macro.keep * 10 + static_cast<std::size_t>(text.front() - '0'), 1000);
    text.remove_prefix(1);
  }
  if (has_digits && macro.keep == 0) {
    error = "macro digit transformer must not be zero";
    return std::nullopt;
  }
  if (!text.empty() && lower(text.front()) == 'r') {
    macro.reverse = true;
    text.remove_prefix(1);
  }
  while (!text.empty() && kDelimiters.find(text.front()) != std::string_view::npos) {
    macro.delimiters += text.front();
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() != '}') {
    error = "macro is not closed by '}'";
    return std::nullopt;
  }
  text.remove_prefix(1);
  return macro;
}

// RFC 3986 unreserved characters stay; every other octet becomes %XX (section 7.3).
std::string url_escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' ||
                      c == '_' || c == '~';
    if (unreserved) out += c;
    else out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

std::string_view local_part(std::string_view sender) {
  auto at = sender.rfind('@');
  return at == std::string_view::npos ? std::string_view("postmaster") : sender.substr(0, at);
}

std::string_view sender_domain(std::string_view sender) {
  auto at = sender.rfind('@');
  return at == std::string_view::npos ? sender : sender.substr(at + 1);
}

std::string letter_value(char letter, const SpfMacroContext& context) {
  const auto ip = unmapped(context.ip);
  switch (letter) {
    case 's': return context.sender;
    case 'l': return std::string(local_part(context.sender));
    case 'o': return std::string(sender_domain(context.sender));
    case 'd': return context.domain;
    case 'i': return spf_dotted_address(ip);
    case 'p': return context.validated_name ? context.validated_name() : std::string("unknown");
    case 'v': return ip.is_v4() ? "in-addr" : "ip6";
    case 'h': return context.helo;
    case 'c': return ip.to_string();
    case 'r': return context.receiver.empty() ? std::string("unknown") : context.receiver;
    case 't': return std::to_string(static_cast<long long>(std::time(nullptr)));
    default: return {};
  }
}

// Section 7.3: split on the delimiters, reverse, keep the right-hand parts, join with ".".
std::string transform(const std::string& value, const SpfMacro& macro) {
  if (macro.keep == 0 && !macro.reverse && macro.delimiters.empty()) return value;
  std::string_view delimiters = macro.delimiters.empty() ? std::string_view(".") : std::string_view(macro.delimiters);
  std::vector<std::string_view> parts;
  std::string_view rest = value;
  for (;;) {
    auto cut = rest.find_first_of(delimiters);
    parts.push_back(rest.substr(0, cut));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  if (macro.reverse) std::reverse(parts.begin(), parts.end());
  std::size_t first = macro.keep != 0 && macro.keep < parts.size() ? parts.size() - macro.keep : 0;
  std::string out;
  for (std::size_t i = first; i < parts.size(); ++i) {
    if (i != first) out += '.';
    out += parts[i];
  }
  return out;
}

}  // namespace

std::optional<std::vector<SpfMacroPiece>> parse_spf_macro_string(std::string_view text, SpfMacroSyntax syntax,
                                                                 std::string& error) {
  std::vector<SpfMacroPiece> pieces;
  auto append_literal = [&pieces](std::string_view s) {
    if (pieces.empty() || pieces.back().macro) pieces.emplace_back();
    pieces.back().literal += s;
  };
  while (!text.empty()) {
    char c = text.front();
    if (c != '%') {
      if (!is_literal(c, syntax)) {
        error = fmt::format("character 0x{:02x} is not allowed in a macro-string", static_cast<unsigned char>(c));
        return std::nullopt;
      }
      append_literal(text.substr(0, 1));
      text.remove_prefix(1);
      continue;
    }
    text.remove_prefix(1);
    char next = text.empty() ? '\0' : text.front();
    if (next == '%' || next == '_' || next == '-') {
      append_literal(next == '%' ? "%" : next == '_' ? " " : "%20");
      text.remove_prefix(1);
    } else if (next == '{') {
      text.remove_prefix(1);
      auto macro = parse_macro(text, syntax, error);
      if (!macro) return std::nullopt;
      pieces.push_back(SpfMacroPiece{{}, std::move(macro)});
    } else {
      error = "'%' must be followed by '{', '%', '_' or '-'";
      return std::nullopt;
    }
  }
  return pieces;
}

std::string expand_spf_macro_string(const std::vector<SpfMacroPiece>& pieces, const SpfMacroContext& context) {
  std::string out;
  for (const auto& piece : pieces) {
    if (!piece.macro) {
      out += piece.literal;
    } else {
      std::string value = transform(letter_value(piece.macro->letter, context), *piece.macro);
      out += piece.macro->url_escape ? url_escape(value) : value;
    }
    if (out.size() > kSpfMaxExpansion) {
      out.resize(kSpfMaxExpansion);
      break;
    }
  }
  return out;
}

std::string spf_query_name(std::string name) {
  if (!name.empty() && name.back() == '.') name.pop_back();
  while (name.size() > kSpfMaxDomainName) {
    auto dot = name.find('.');
    if (dot == std::string::npos) name.erase(0, name.size() - kSpfMaxDomainName);
    else name.erase(0, dot + 1);
  }
  return name;
}

std::string spf_dotted_address(const asio::ip::address& address) {
  auto ip = unmapped(address);
  if (ip.is_v4()) return ip.to_string();
  std::string out;
  for (unsigned char byte : ip.to_v6().to_bytes()) {
    if (!out.empty()) out += '.';
    out += fmt::format("{:x}.{:x}", byte >> 4, byte & 0xf);
  }
  return out;
}

}  // namespace carteiro::mailauth
