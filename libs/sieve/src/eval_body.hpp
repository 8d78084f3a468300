#pragma once
// RFC 5173 body test: the strings a body test compares, one per MIME part.
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mime/structure.hpp"
#include "script.hpp"

namespace carteiro::sieve {

// :raw: the body as it is written, undecoded (section 5.1). :content: the parts whose
// Content-Type matches one of TYPES ("" any, "text" any text/*, "text/html" exactly;
// case-insensitive) (section 5.2). :text: the text/* parts (section 5.3). The parts are
// decoded: transfer encoding undone, text converted to UTF-8 from its charset.
// ROOT is the message's part tree (parsed once per run, however many body tests there are).
std::vector<std::string> body_values(const mime::Part& root, BodyTransform transform,
                                     const std::vector<std::string>& types = {});

}  // namespace carteiro::sieve
