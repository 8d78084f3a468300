#include "carteiro/queue/message_data.hpp"

#include "carteiro/common/dot_stuffing.hpp"

namespace carteiro::queue {

std::string dot_stuff(std::string_view message) {
  DotStuffer stuffer(DotStuffer::BareCr::ends_line);
  std::string out;
  stuffer.write(message, out);
  stuffer.finish(out);
  return out;
}

bool has_eight_bit(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c > 127) return true;
  return false;
}

}  // namespace carteiro::queue
