#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace carteiro {

std::string base64_encode(std::string_view data);
// The 6-bit value of a base64 alphabet character (RFC 4648 table 1); -1 for any other.
int base64_value(char c);
// Strict decoding (RFC 4648 section 4, padding required): nullopt on any bad character.
// SASL (RFC 4954, RFC 5034, RFC 3501) needs strict decoding to reject garbage.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace carteiro
