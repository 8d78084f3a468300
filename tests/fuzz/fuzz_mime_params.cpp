// libs/mime structured field values: Content-Type and Content-Disposition with RFC 2231
// parameters (content_type.hpp), address lists in ENVELOPE's shape (address_list.hpp),
// and IMAP strings (imap_format.hpp). Checked: a parsed type has a type and subtype, group
// markers in an address list pair up, and append_string / append_nstring always write one
// well-formed IMAP value.
#include <cstdint>
#include <string>

#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/content_type.hpp"
#include "carteiro/mime/imap_format.hpp"
#include "fuzz_support.hpp"
#include "imap_syntax.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = carteiro::fuzz::as_text(data, size);
  using namespace carteiro::mime;

  if (auto type = parse_content_type(text)) {
    FUZZ_CHECK(!type->type.empty() && !type->subtype.empty());
    for (const Parameter& p : type->params) FUZZ_CHECK(!p.name.empty());
    type->is_multipart();
    type->param("charset");
  }
  if (auto disposition = parse_disposition(text)) FUZZ_CHECK(!disposition->type.empty());
  parse_parameters(text);

  int open_groups = 0;
  for (const EnvelopeAddress& a : parse_address_list(text)) {
    if (a.group_start()) ++open_groups;
    if (a.group_end()) --open_groups;
    FUZZ_CHECK(open_groups == 0 || open_groups == 1);
  }

  std::string out;
  append_string(out, text);
  FUZZ_CHECK(carteiro::fuzz::ImapSyntax(out).one_value());
  out.clear();
  append_nstring(out, text);
  FUZZ_CHECK(carteiro::fuzz::ImapSyntax(out).one_value());
  return 0;
}
