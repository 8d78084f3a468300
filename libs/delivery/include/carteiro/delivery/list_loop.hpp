#pragma once
// A list's own post coming back to it: a member that is another list holding this one, a
// remote member who forwards everything to the list, an auto-forward somewhere on the way.
// Exploded again, it would go round for ever (each round a copy to every member).
#include <string_view>

namespace carteiro::delivery {

// Whether HEADER (a message's header section) shows that the message already went
// through LIST: it carries the list's own List-Id (RFC 2919), or the X-Loop: LIST field
// every post gets (headers.hpp list_fields). A reply written by a member carries neither
// (mail clients do not copy them), so it is posted as usual.
bool came_through_list(std::string_view header, std::string_view list);

}  // namespace carteiro::delivery
