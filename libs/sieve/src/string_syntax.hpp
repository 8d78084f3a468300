#pragma once
// The syntax inside Sieve strings: encoded characters (RFC 5228 section 2.4.2.4), decoded
// once when the script is compiled, and variable references (RFC 5229 section 3), found
// by the checker and expanded by the interpreter at run time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::sieve {

// Replaces each "${hex:...}" and "${unicode:...}" of TEXT by what it encodes; a sequence
// that does not match the grammar stays as written. Returns an error message for a
// code point outside 0..D7FF and E000..10FFFF (an error, RFC 5228 section 2.4.2.4).
std::optional<std::string> decode_encoded_characters(std::string& text);

// identifier = (ALPHA / "_") *(ALPHA / DIGIT / "_"), the names "set" may assign.
bool is_variable_name(std::string_view name);

// variable-ref = "${" [namespace] variable-name "}", namespace = identifier "." *(
// variable-name "."), variable-name = num-variable / identifier. Anything else after
// "${" is not a reference and stays verbatim.
struct VariableReference {
  std::size_t begin = 0;  // offset of "${"
  std::size_t end = 0;    // offset just past "}"
  std::string_view name;  // between the braces, namespace included: "1", "a", "ns.a"
  bool namespaced = false;
  bool numbered = false;  // num-variable: a match variable ${0}..${9}... (RFC 5229 3.2)
};

// The first reference of TEXT at or after FROM.
std::optional<VariableReference> next_variable_reference(std::string_view text,
                                                         std::size_t from = 0);

}  // namespace carteiro::sieve
