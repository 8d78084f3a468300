#include "carteiro/delivery/content_meta.hpp"

namespace carteiro::delivery {

store::ContentMeta content_meta(std::string_view message) {
  (void)message;  // filled from mime::summarize once libs/mime offers it
  return {};
}

store::ContentMeta with_prefix(store::ContentMeta meta, std::size_t prefix_size) {
  if (meta.header_size > 0) meta.header_size += static_cast<std::int64_t>(prefix_size);
  return meta;
}

}  // namespace carteiro::delivery
