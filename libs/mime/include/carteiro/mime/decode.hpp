#pragma once
// Decoding what MIME encodes: transfer encodings (RFC 2045 section 6), encoded words
// (RFC 2047) and the few charsets we convert to UTF-8. Lenient like real mail readers:
// malformed input decodes to something, never throws.
#include <string>
#include <string_view>

namespace carteiro::mime {

// RFC 2045 section 6.8, skipping whitespace and any byte outside the alphabet; padding
// ends a quantum so that concatenated base64 blocks decode too.
std::string decode_base64_lenient(std::string_view text);

// RFC 2045 section 6.7: =XX escapes, soft line breaks, trailing blanks removed. Malformed
// escapes are kept as they are.
std::string decode_quoted_printable(std::string_view text);

// Undoes a Content-Transfer-Encoding (base64, quoted-printable; anything else is identity).
std::string decode_transfer(std::string_view body, std::string_view encoding);

// RFC 2047 encoded words -> UTF-8; whitespace between adjacent encoded words is dropped
// (section 6.2). Text that is not an encoded word is copied unchanged.
std::string decode_words(std::string_view raw);

// Converts BYTES in CHARSET to UTF-8 for utf-8, us-ascii, iso-8859-1, iso-8859-15 and
// windows-1252; other charsets are passed through unchanged.
std::string to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace carteiro::mime
