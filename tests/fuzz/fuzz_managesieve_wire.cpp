// managesieve::RequestReader (wire.hpp), fed as the session feeds it: lines cut at LF and
// literals of the size they announce. Whatever the bytes, no literal over the bound is
// taken in, a request has at most kMaxTokens tokens and quoted strings at most kMaxQuoted
// octets; and the strings of a request the server writes back with wire_string() read
// back the same.
//
// Input: 1 byte choosing the literal bound, then the client's bytes.
#include <algorithm>
#include <cstdint>
#include <string>

#include "carteiro/managesieve/wire.hpp"
#include "fuzz_support.hpp"

using carteiro::managesieve::RequestReader;
using carteiro::managesieve::Token;

namespace {

// Feeds requests from WIRE until it runs out; calls CHECK_REQUEST on each complete one.
template <typename Check>
void feed(std::string_view wire, std::size_t max_literal, Check check_request) {
  while (!wire.empty()) {
    RequestReader reader(max_literal);
    auto next = RequestReader::Next::line;
    while (next != RequestReader::Next::done) {
      auto lf = wire.find('\n');
      if (lf == std::string_view::npos) return;  // truncated: the session would wait
      auto line = wire.substr(0, lf);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      wire.remove_prefix(lf + 1);
      next = reader.feed_line(line);
      if (next != RequestReader::Next::literal) continue;
      if (reader.keep_literal()) FUZZ_CHECK(reader.literal_size() <= max_literal);
      if (reader.literal_size() > wire.size()) return;
      auto octets = reader.keep_literal() ? std::string(wire.substr(0, reader.literal_size())) : std::string();
      wire.remove_prefix(reader.literal_size());
      next = reader.feed_literal(std::move(octets));
    }
    check_request(reader);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  const std::size_t max_literal = input.in_range(0, 2048);
  feed(input.rest(), max_literal, [&](const RequestReader& reader) {
    const auto& tokens = reader.request().tokens;
    FUZZ_CHECK(tokens.size() <= carteiro::managesieve::kMaxTokens);
    if (reader.error()) return;
    FUZZ_CHECK(!reader.too_big());
    std::string echoed;
    for (const auto& t : tokens) {
      if (t.kind != Token::Kind::string) continue;
      FUZZ_CHECK(t.text.size() <= std::max(max_literal, carteiro::managesieve::kMaxQuoted));
      echoed += ' ' + carteiro::managesieve::wire_string(t.text);
    }
    echoed += "\r\n";
    // The strings written back read back the same (a literal "{N}" is taken like "{N+}").
    std::size_t strings = 0;
    feed(echoed, SIZE_MAX, [&](const RequestReader& again) {
      FUZZ_CHECK(!again.error());
      for (const auto& t : again.request().tokens) {
        if (t.kind != Token::Kind::string) continue;
        while (strings < tokens.size() && tokens[strings].kind != Token::Kind::string) ++strings;
        FUZZ_CHECK(strings < tokens.size() && tokens[strings].text == t.text);
        ++strings;
      }
    });
  });
  return 0;
}
