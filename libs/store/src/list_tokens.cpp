#include "carteiro/store/list_tokens.hpp"

namespace carteiro::store::list_tokens {

namespace {
const char* action_name(ListAction a) { return a == ListAction::subscribe ? "subscribe" : "unsubscribe"; }
}  // namespace

void add(Db& db, const ListToken& token, std::int64_t now) {
  db.run("DELETE FROM list_tokens WHERE expires_at <= ?", now);
  db.run("INSERT INTO list_tokens(token, list_id, address, action, expires_at) VALUES(?, ?, ?, ?, ?)", token.token,
         token.list_id, token.address, action_name(token.action), token.expires_at);
}

std::optional<ListToken> take(Db& db, std::string_view token, std::int64_t now) {
  auto& st = db.query(
      "SELECT t.list_id, l.address, t.address, t.action, t.expires_at FROM list_tokens t "
      "JOIN lists l ON l.id = t.list_id WHERE t.token = ?",
      token);
  std::optional<ListToken> out;
  if (st.step()) {
    out = ListToken{std::string(token), st.integer(0), st.text(1), st.text(2),
                    st.text(3) == "subscribe" ? ListAction::subscribe : ListAction::unsubscribe, st.integer(4)};
  }
  st.reset();
  if (!out) return out;
  db.run("DELETE FROM list_tokens WHERE token = ?", token);
  if (out->expires_at <= now) return std::nullopt;
  return out;
}

}  // namespace carteiro::store::list_tokens
