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

}  // namespace carteiro::queue
