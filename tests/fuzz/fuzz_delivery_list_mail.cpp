// What delivery reads in a message's header and first body line: a command to a list's
// robot (list_request.hpp), the priority a mail client asked for (priority.hpp) and the
// fields by which a list knows its own post (list_loop.hpp). Checked: a token is short
// lower-case letters and digits; a priority is one of the MIXER levels; a header that
// names the list in X-Loop, put on top, is always recognised.
#include <cstdint>
#include <string>

#include "carteiro/delivery/list_loop.hpp"
#include "carteiro/delivery/list_request.hpp"
#include "carteiro/delivery/priority.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::delivery;
  std::string_view message = carteiro::fuzz::as_text(data, size);

  auto command = find_list_command(message);
  FUZZ_CHECK(command.token.size() <= kMaxTokenLength);
  FUZZ_CHECK(command.command == ListCommand::confirm || command.token.empty());
  for (char c : command.token) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
  if (auto line = parse_list_command(message)) FUZZ_CHECK(line->token.size() <= kMaxTokenLength);

  if (auto priority = header_priority(message))
    FUZZ_CHECK(*priority == kUrgentPriority || *priority == kNormalPriority || *priority == kNonUrgentPriority);

  came_through_list(message, "team@example.test");
  // (Unless the message starts with a blank: then its first line continues the field.)
  std::string looped = "X-Loop: team@example.test\r\n" + std::string(message);
  bool continues = !message.empty() && (message.front() == ' ' || message.front() == '\t');
  FUZZ_CHECK(continues || came_through_list(looped, "team@example.test"));
  return 0;
}
