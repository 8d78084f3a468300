#include "carteiro/delivery/content_meta.hpp"

#include "carteiro/mime/imap_format.hpp"

namespace carteiro::delivery {

store::ContentMeta content_meta(std::string_view message) {
  auto summary = mime::summarize(message);
  return store::ContentMeta{summary.header_size, std::move(summary.envelope), std::move(summary.bodystructure),
                            std::move(summary.body)};
}

store::ContentMeta with_prefix(store::ContentMeta meta, std::size_t prefix_size) {
  meta.header_size += static_cast<std::int64_t>(prefix_size);
  return meta;
}

}  // namespace carteiro::delivery
