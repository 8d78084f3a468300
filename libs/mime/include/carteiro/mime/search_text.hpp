#pragma once
// Text that IMAP SEARCH compares against (RFC 3501 section 6.4.4).
#include <string>
#include <string_view>

namespace carteiro::mime {

// Decoded text of every text/* part (transfer encoding undone, charset converted to UTF-8
// where known), parts joined by "\n". Encapsulated messages are included.
std::string body_text(std::string_view message);

// Substring test that ignores ASCII case and the case of Latin-1 and basic Cyrillic letters
// in UTF-8. An empty needle is always found. Linear in haystack + needle whatever they
// hold (SEARCH runs it on client-chosen needles over whole messages).
bool contains_ci(std::string_view haystack, std::string_view needle);

// Lower-cases ASCII and the letters contains_ci() folds, keeping the length.
std::string fold_case(std::string_view text);

}  // namespace carteiro::mime
