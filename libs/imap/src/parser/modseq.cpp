// Mod-sequences of RFC 7162 section 7 (CONDSTORE).
#include "parser/rules.hpp"

namespace carteiro::imap::parser {

// mod-sequence-valzer = "0" / mod-sequence-value ; a 63-bit unsigned number
std::int64_t mod_sequence_valzer(Reader& r) { return static_cast<std::int64_t>(r.number64()); }

// mod-sequence-value = 1*DIGIT ; 1 <= n <= 9,223,372,036,854,775,807
std::int64_t mod_sequence_value(Reader& r) {
  auto value = mod_sequence_valzer(r);
  if (value == 0) throw SyntaxError("expected a mod-sequence greater than zero");
  return value;
}

}  // namespace carteiro::imap::parser
