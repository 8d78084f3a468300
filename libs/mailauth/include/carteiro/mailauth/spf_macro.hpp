#pragma once
// SPF macro-strings (RFC 7208 section 7): their grammar, and their expansion for one
// check_host() evaluation. The record parser validates domain-specs and modifier values
// with parse_spf_macro_string; evaluation expands them with expand_spf_macro_string.
#include <asio/ip/address.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::mailauth {

// "%{" macro-letter transformers *delimiter "}" (section 7.1).
struct SpfMacro {
  char letter = 's';         // lower case: s l o d i p v h, and c r t in explanations
  bool url_escape = false;   // the letter was upper case (section 7.3)
  std::size_t keep = 0;      // DIGIT transformer: right-hand parts kept, 0 = all
  bool reverse = false;      // "r" transformer
  std::string delimiters;    // empty means "."
};

// A macro-string is literal text ("%%", "%_" and "%-" already decoded) and macros.
struct SpfMacroPiece {
  std::string literal;
  std::optional<SpfMacro> macro;
};

enum class SpfMacroSyntax {
  domain_spec,  // record text: macro-literal excludes SP; no c, r, t
  explanation,  // explain-string (section 6.2): SP allowed; c, r, t allowed
};

// Parses TEXT; on a syntax error returns nullopt and sets ERROR to the reason.
std::optional<std::vector<SpfMacroPiece>> parse_spf_macro_string(std::string_view text, SpfMacroSyntax syntax,
                                                                 std::string& error);

// What the macros of one evaluation stand for (section 7.2).
struct SpfMacroContext {
  std::string sender;  // <sender>, with a local-part ("postmaster" when it had none)
  std::string domain;  // <domain> being evaluated
  asio::ip::address ip;
  std::string helo;
  std::string receiver;                      // %{r}: "unknown" when empty
  std::function<std::string()> validated_name;  // %{p}: section 5.5 ("unknown" if none)
};

// Expanded text is never longer than this: a record that repeats macros of long values
// cannot make one evaluation build an unbounded string.
inline constexpr std::size_t kSpfMaxExpansion = 8192;
// Longest domain name in text form (RFC 7208 section 7.3).
inline constexpr std::size_t kSpfMaxDomainName = 253;

std::string expand_spf_macro_string(const std::vector<SpfMacroPiece>& pieces, const SpfMacroContext& context);

// A name to query: expanded domain-spec with trailing dot dropped, and, beyond 253
// octets, cut from the left label by label (section 7.3).
std::string spf_query_name(std::string expanded);

// The client address as %{i} writes it: dotted quad, or 32 dot-separated nibbles for IPv6.
std::string spf_dotted_address(const asio::ip::address& ip);

}  // namespace carteiro::mailauth
