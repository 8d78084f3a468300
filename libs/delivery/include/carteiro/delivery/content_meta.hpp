#pragma once
// What IMAP needs often about a message (header size, ENVELOPE, BODYSTRUCTURE), parsed
// once when it is delivered. The one place that asks libs/mime for it.
#include <cstddef>
#include <string_view>

#include "carteiro/store/messages.hpp"

namespace carteiro::delivery {

store::ContentMeta content_meta(std::string_view message);
// The same message with PREFIX_SIZE octets of header fields put before it (Return-Path,
// List-*): only the header size changes, ENVELOPE and BODYSTRUCTURE do not.
store::ContentMeta with_prefix(store::ContentMeta meta, std::size_t prefix_size);

}  // namespace carteiro::delivery
