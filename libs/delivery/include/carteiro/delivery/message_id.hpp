#pragma once
#include <string>

namespace carteiro::delivery {

// A short id for one accepted message, unique within this host: named in the SMTP 250
// reply, the Received: field and the logs ("queued as 0J5Q8K2M9X1A3F7B").
std::string make_message_id();

}  // namespace carteiro::delivery
