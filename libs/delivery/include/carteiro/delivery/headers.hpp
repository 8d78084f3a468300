#pragma once
// Header fields added at delivery. Each returns complete CRLF-ended fields.
#include <string>
#include <string_view>

namespace carteiro::delivery {

// RFC 5321 section 4.4: the envelope sender, added by the final delivery ("" is <>).
std::string return_path_field(std::string_view sender);
// A list post's fields: List-Id (RFC 2919), List-Post, List-Unsubscribe and List-Help
// (RFC 2369; the last two name the list's robot, list_request.hpp),
// Precedence: list, which auto-responders check before answering, and X-Loop naming the
// list, by which the list knows its own post when it comes back (list_loop.hpp).
std::string list_fields(std::string_view list);
// The list's RFC 2919 identifier without the angle brackets: "team.example.test".
std::string list_id(std::string_view list);
// "Name: value" with a long value folded at spaces (RFC 5322 section 2.2.3; RFC 3464
// section 2.1 gives DSN fields the same syntax).
std::string folded_field(std::string_view name, std::string_view value);

}  // namespace carteiro::delivery
