// libs/mailauth DKIM tag lists (dkim_tags.hpp): any bytes are refused or parsed within the
// limits; a parsed list written back as "name=value;" parses to the same tags; the
// signature and key record parsers never accept what the tag list refuses.
#include <cstdint>
#include <string>
#include <variant>

#include "carteiro/mailauth/dkim_tags.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::mailauth::dkim;
  auto text = carteiro::fuzz::as_text(data, size);
  auto parsed = parse_tag_list(text);
  auto signature = parse_signature(text);
  auto key = parse_key_record(text);
  if (std::holds_alternative<ParseError>(parsed)) {
    FUZZ_CHECK(std::holds_alternative<ParseError>(signature));
    FUZZ_CHECK(std::holds_alternative<ParseError>(key));
    FUZZ_CHECK(!std::get<ParseError>(parsed).reason.empty());
    return 0;
  }
  const auto& list = std::get<TagList>(parsed);
  FUZZ_CHECK(!list.tags.empty() && list.tags.size() <= kMaxTags);
  std::string written;
  for (const auto& tag : list.tags) written += tag.name + "=" + tag.value + ";";
  if (written.size() > kMaxTagListBytes) return 0;  // the added separators may pass the limit
  auto again = parse_tag_list(written);
  FUZZ_CHECK(std::holds_alternative<TagList>(again));
  const auto& second = std::get<TagList>(again);
  FUZZ_CHECK(second.tags.size() == list.tags.size());
  for (std::size_t i = 0; i < list.tags.size(); ++i)
    FUZZ_CHECK(second.tags[i].name == list.tags[i].name && second.tags[i].value == list.tags[i].value);
  if (auto* sig = std::get_if<Signature>(&signature)) {
    FUZZ_CHECK(!sig->domain.empty() && !sig->selector.empty() && !sig->signed_headers.empty());
    FUZZ_CHECK(!sig->signature.empty() && !sig->body_hash.empty());
  }
  return 0;
}
