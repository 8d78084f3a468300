#pragma once
// A queued message read from the store piece by piece while it is sent: one Store::read
// per piece, nothing held open across the network writes.
#include <memory>

#include "carteiro/queue/message_content.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::queue {

// Looks at the entry's message once (its size and whether it has 8-bit octets, scanned in
// pieces on a store reader); nullptr when the entry no longer holds it.
asio::awaitable<std::shared_ptr<const MessageContent>> open_stored(store::Store& store,
                                                                   store::queue::QueuedContent queued);

}  // namespace carteiro::queue
