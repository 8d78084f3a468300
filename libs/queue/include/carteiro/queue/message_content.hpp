#pragma once
// Where the outbound client gets a message's bytes while it sends DATA: piece by piece, so
// a large message is never in memory whole (the queue reads each piece from the store).
#include <asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace carteiro::queue {

class MessageContent {
 public:
  virtual ~MessageContent() = default;
  // Octets as stored, for SIZE= (RFC 1870) and the server's limit.
  virtual std::int64_t size() const = 0;
  // Any octet above 127: MAIL FROM says BODY=8BITMIME (RFC 6152 section 3).
  virtual bool eight_bit() const = 0;
  // Up to MAX octets from OFFSET, at least one unless the message has ended ("" then);
  // nullopt when the message can no longer be read (deleted from the queue meanwhile).
  virtual asio::awaitable<std::optional<std::string>> read(std::int64_t offset, std::size_t max) const = 0;
};

// A message already in memory (tests, and anything small built on the spot).
std::shared_ptr<const MessageContent> in_memory(std::string data);

}  // namespace carteiro::queue
