// The body test's strings (RFC 5173), from libs/mime's part tree.
#include "eval_body.hpp"

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/structure.hpp"

namespace carteiro::sieve {

namespace {

bool type_matches(const mime::ContentType& type, const std::vector<std::string>& types) {
  for (const std::string& wanted : types) {
    if (wanted.empty()) return true;
    std::size_t slash = wanted.find('/');
    if (slash == std::string::npos) {
      if (iequals(type.type, wanted)) return true;
    } else if (type.is(std::string_view(wanted).substr(0, slash), std::string_view(wanted).substr(slash + 1))) {
      return true;
    }
  }
  return false;
}

std::string decoded(const mime::Part& part) {
  std::string encoding = part.fields.transfer_encoding.data() ? mime::unfold(part.fields.transfer_encoding) : "";
  std::string text = mime::decode_transfer(part.body, encoding);
  if (!part.type.is_text()) return text;
  auto charset = part.type.param("charset");
  return charset ? mime::to_utf8(text, *charset) : text;
}

// Leaves in document order; a multipart or an encapsulated message is entered (RFC 5173
// section 5.2: the parts of a matching multipart are tested on their own types).
void collect(const mime::Part& part, const std::vector<std::string>& types, std::vector<std::string>& out) {
  if (part.is_multipart()) {
    for (const mime::Part& child : part.children) collect(child, types, out);
    return;
  }
  if (part.is_message()) {
    if (type_matches(part.type, types)) out.push_back(std::string(part.message->header));
    collect(*part.message, types, out);
    return;
  }
  if (type_matches(part.type, types)) out.push_back(decoded(part));
}

}  // namespace

std::vector<std::string> body_values(const mime::Part& root, BodyTransform transform,
                                     const std::vector<std::string>& types) {
  if (transform == BodyTransform::raw) return {std::string(root.body)};
  std::vector<std::string> out;
  collect(root, transform == BodyTransform::text ? std::vector<std::string>{"text"} : types, out);
  return out;
}

}  // namespace carteiro::sieve
