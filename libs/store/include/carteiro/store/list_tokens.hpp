#pragma once
// Pending requests made by mail to a list's LIST-request address, each waiting for the
// reply that carries its token (the confirmation is mailed to the address, so only the
// address's owner can confirm). A token is used once and lapses at its expiry.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

enum class ListAction { subscribe, unsubscribe };

struct ListToken {
  std::string token;
  std::int64_t list_id = 0;
  std::string list;     // the list's address (read back by take())
  std::string address;  // who asked
  ListAction action = ListAction::subscribe;
  std::int64_t expires_at = 0;
};

namespace list_tokens {
// Stores TOKEN (made by the caller, unique) for ADDRESS's ACTION on list LIST_ID; drops
// the tokens expired at NOW on the way, so the table does not grow.
void add(Db& db, const ListToken& token, std::int64_t now);
// The request TOKEN stands for, removed (a token is good once); nullopt when unknown or
// expired at NOW.
std::optional<ListToken> take(Db& db, std::string_view token, std::int64_t now);
}  // namespace list_tokens

}  // namespace carteiro::store
