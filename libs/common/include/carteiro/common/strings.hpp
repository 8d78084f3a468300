#pragma once
// Small string helpers shared by every protocol (ASCII only: protocol keywords are ASCII).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro {

std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
// Quotes a string for a log line or a C: transcript: control bytes as \xNN.
std::string printable(std::string_view s);
// Lower-case hex of bytes.
std::string hex(std::string_view bytes);
// Any octet above 127: a message that needs BODY=8BITMIME (RFC 6152 section 3) or a
// Content-Transfer-Encoding of 8bit, an address that needs SMTPUTF8 (RFC 6531).
bool has_eight_bit(std::string_view bytes);
// UTF8-octets (RFC 3629 section 4): the offset of the first octet that does not start a
// well-formed sequence (overlong forms, surrogates, code points past U+10FFFF and
// truncated sequences refused), or std::string_view::npos when BYTES is valid UTF-8.
std::size_t invalid_utf8_offset(std::string_view bytes);
// Appends CODE_POINT (at most U+10FFFF, not a surrogate) to OUT in UTF-8.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace carteiro
