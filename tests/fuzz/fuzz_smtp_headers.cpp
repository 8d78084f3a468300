// smtp::index_headers and rewrite_message (message_headers.hpp), as the server adds its
// Received: field and drops Bcc:. Checked: fields are in order inside the header; the
// rewritten message starts with the new field, keeps the body as it was, and indexes
// again to the same fields less Bcc, plus the new one.
#include <cstdint>
#include <string>

#include "carteiro/smtp/message_headers.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::smtp;
  std::string_view message = carteiro::fuzz::as_text(data, size);

  HeaderIndex index = index_headers(message);
  FUZZ_CHECK(index.body_start <= message.size());
  std::size_t previous_end = 0;
  for (const HeaderField& f : index.fields) {
    FUZZ_CHECK(previous_end <= f.begin && f.begin < f.end && f.end <= index.body_start);
    FUZZ_CHECK(!f.name.empty() && f.name.data() == message.data() + f.begin);
    previous_end = f.end;
  }

  HeaderRewrite rewrite;
  rewrite.prepend = "Received: from client.example by mx.example; Thu, 1 Jan 2026 00:00:00 +0000\r\n";
  rewrite.remove = {"Bcc"};
  rewrite.append = "X-Carteiro-Test: yes\r\n";
  std::string out = rewrite_message(message, index, rewrite);
  FUZZ_CHECK(out.compare(0, rewrite.prepend.size(), rewrite.prepend) == 0);
  std::string_view body = message.substr(index.body_start);
  FUZZ_CHECK(out.size() >= body.size() && out.compare(out.size() - body.size(), body.size(), body) == 0);

  HeaderIndex again = index_headers(out);
  FUZZ_CHECK(again.count("Bcc") == 0);
  FUZZ_CHECK(again.count("Received") == index.count("Received") + 1);
  FUZZ_CHECK(again.fields.size() == index.fields.size() - index.count("Bcc") + 2);
  FUZZ_CHECK(out.compare(again.body_start, std::string::npos, body) == 0);
  return 0;
}
