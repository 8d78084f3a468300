// What delivery reads from the outside when it carries out mail rules: SRS addresses
// (srs.hpp), the mailbox names scripts file into (mailbox_name.hpp), and the header a
// vacation reply is decided on and built from (vacation.hpp). Checked: an address that
// reads back as SRS was one we signed (a forward of its original reads back to it); a
// stored mailbox name is printable ASCII within the length limit; a reply is whole lines.
//
// Input: one byte choosing the part, then the text (an address, a name, a header).
#include <cstdint>
#include <string>

#include "carteiro/delivery/mailbox_name.hpp"
#include "carteiro/delivery/srs.hpp"
#include "carteiro/delivery/vacation.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro;
using namespace carteiro::delivery;

constexpr std::int64_t kNow = 1'800'000'000;

void check_srs(std::string_view text) {
  static const Srs srs("the fuzzing secret, thirty-two bytes long");
  auto address = parse_address(text);
  if (!address) return;
  auto back = srs.reverse(*address, kNow);
  if (back.status == SrsStatus::ok) FUZZ_CHECK(!back.original.empty());
  auto forwarded = srs.forward(text, "forward.test", kNow);
  auto again = parse_address(forwarded);
  if (!again || !is_srs_local_part(again->local) || is_srs_local_part(address->local)) return;
  auto original = srs.reverse(*again, kNow);
  FUZZ_CHECK(original.status == SrsStatus::ok);
  FUZZ_CHECK(original.original == address->local + "@" + address->domain);
}

void check_mailbox_name(std::string_view text) {
  auto stored = stored_mailbox_name(text);
  if (!stored) return;
  FUZZ_CHECK(!stored->empty() && stored->size() <= kMaxMailboxName);
  for (char c : *stored) FUZZ_CHECK(c >= 0x20 && c < 0x7F);
}

void check_vacation(std::string_view text) {
  VacationCheck check{text, "alice@remote.test", {"bob@example.test"}};
  describe(vacation_verdict(check));
  VacationReplyInput in;
  in.from = "bob@example.test";
  in.to = "alice@remote.test";
  in.reason = std::string(text.substr(0, 200));
  in.original_header = text;
  in.message_id = "<v@example.test>";
  auto reply = make_vacation_reply(in);
  FUZZ_CHECK(reply.size() >= 2 && reply.ends_with("\r\n"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  auto part = input.byte() % 3;
  auto text = input.rest();
  if (part == 0) check_srs(text);
  if (part == 1) check_mailbox_name(text);
  if (part == 2) check_vacation(text);
  return 0;
}
