// IMAP's rendering of a whole message (what FETCH needs of it), made once at delivery.
#include "carteiro/mime/imap_format.hpp"

namespace carteiro::mime {

Summary summarize(std::string_view message) {
  Part root = parse_structure(message);
  Summary s;
  s.header_size = static_cast<std::int64_t>(root.header.size());
  s.envelope = envelope(root.header);
  s.bodystructure = bodystructure(root, true);
  s.body = bodystructure(root, false);
  return s;
}

}  // namespace carteiro::mime
