// pop3::wire_size, MultilineWriter and top_length (wire.hpp): however a message is cut
// into chunks the writer sends the same bytes; those bytes, unstuffed and without the
// terminator, are exactly wire_size() octets of CRLF lines; and TOP's prefix ends on a
// line boundary and grows with the number of lines asked for.
//
// Input: 1 byte choosing the chunking and TOP's line count, then the message.
#include <cstdint>
#include <string>

#include "carteiro/pop3/wire.hpp"
#include "fuzz_support.hpp"

namespace {

std::string write_all(std::string_view content, std::size_t chunk) {
  carteiro::pop3::MultilineWriter writer;
  std::string out;
  for (std::size_t pos = 0; pos < content.size(); pos += chunk) writer.write(content.substr(pos, chunk), out);
  writer.finish(out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  const std::size_t chunk = input.in_range(1, 64);
  const std::uint32_t top_lines = static_cast<std::uint32_t>(input.byte() % 16);
  std::string_view content = input.rest();

  std::string sent = write_all(content, content.size() + 1);
  FUZZ_CHECK(write_all(content, chunk) == sent);

  // The terminator on a line of its own, and no line of the body starting with a lone ".".
  FUZZ_CHECK(sent.size() >= 3 && sent.compare(sent.size() - 3, 3, ".\r\n") == 0);
  std::string_view body(sent.data(), sent.size() - 3);
  FUZZ_CHECK(body.empty() || (body.size() >= 2 && body.substr(body.size() - 2) == "\r\n"));
  std::string unstuffed;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto lf = body.find('\n', pos);
    FUZZ_CHECK(lf != std::string_view::npos && lf > pos && body[lf - 1] == '\r');  // every LF after a CR
    std::string_view line = body.substr(pos, lf + 1 - pos);
    FUZZ_CHECK(line != ".\r\n");
    if (line.front() == '.') {
      FUZZ_CHECK(line.size() > 1 && line[1] == '.');
      line.remove_prefix(1);
    }
    unstuffed += line;
    pos = lf + 1;
  }
  FUZZ_CHECK(static_cast<std::int64_t>(unstuffed.size()) == carteiro::pop3::wire_size(content));

  std::size_t top = carteiro::pop3::top_length(content, top_lines);
  FUZZ_CHECK(top <= content.size());
  FUZZ_CHECK(top == 0 || top == content.size() || content[top - 1] == '\n');
  FUZZ_CHECK(carteiro::pop3::top_length(content, top_lines + 1) >= top);
  return 0;
}
