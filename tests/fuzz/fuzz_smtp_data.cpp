// smtp::DataReader (data_reader.hpp) fed the lines a net::LineBuffer cuts from the input,
// as the session does after 354. Checked against the rules written out plainly: the
// message ends only at a "." line after CRLF lines; a bare LF or CR is an error at once;
// dot-stuffing is undone; the size counts every line; past the limit nothing is kept.
//
// Input: 1 byte choosing the size limit, 1 byte the line limit, then the data.
#include <cstdint>
#include <string>

#include "carteiro/net/line_buffer.hpp"
#include "carteiro/smtp/data_reader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using carteiro::smtp::DataError;
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  const std::uint64_t max_size = 1 + input.byte() * 37u;
  const std::size_t max_line = 8 + input.byte() * 4u;

  carteiro::net::LineBuffer buffer;
  buffer.feed(input.rest());
  carteiro::smtp::DataReader reader(max_size);
  std::string expected;
  std::uint64_t expected_size = 0;
  DataError expected_error = DataError::none;
  while (auto line = buffer.next_line(max_line)) {
    bool end = reader.feed(*line);
    if (expected_error == DataError::bare_newline) {
      FUZZ_CHECK(!end);
      continue;
    }
    if (!line->crlf || line->bare_cr) {
      expected_error = DataError::bare_newline;
    } else if (line->too_long) {
      if (expected_error == DataError::none) expected_error = DataError::line_too_long;
    } else if (line->text == ".") {
      FUZZ_CHECK(end);
      break;
    } else {
      std::string_view text = line->text;
      if (!text.empty() && text.front() == '.') text.remove_prefix(1);
      expected_size += text.size() + 2;
      if (expected_error == DataError::none && expected_size > max_size) expected_error = DataError::too_big;
      expected.append(text).append("\r\n");
    }
    FUZZ_CHECK(!end);
    FUZZ_CHECK(reader.error() == expected_error);
  }
  FUZZ_CHECK(reader.error() == expected_error);
  FUZZ_CHECK(reader.size() == expected_size);
  std::string message = reader.take();
  if (expected_error != DataError::none) {
    FUZZ_CHECK(message.empty());
  } else {
    FUZZ_CHECK(message == expected);
    FUZZ_CHECK(message.size() <= max_size);
  }
  return 0;
}
