#pragma once
// The message as a run sees it: its header fields, which editheader (RFC 5293) may change
// and whose changes every later test sees (section 2), and its body, which no action
// changes. Values are read unfolded (RFC 5322 section 2.2.3); header tests compare them
// RFC 2047-decoded (RFC 5228 section 5.7).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::sieve {

class MessageView {
 public:
  explicit MessageView(std::string_view message);

  std::string_view message() const { return message_; }  // as received
  std::string_view body() const { return body_; }

  // The values of the fields named NAME (case-insensitive), in order.
  std::vector<std::string> raw_values(std::string_view name) const;
  std::vector<std::string> decoded_values(std::string_view name) const;
  bool has_field(std::string_view name) const;

  // RFC 5293 section 4 addheader: at the top, or after the last field with LAST. VALUE
  // is UTF-8; it is written as RFC 2047 encoded words when it is not ASCII, and folded.
  void add_field(std::string_view name, std::string_view value, bool last);
  // RFC 5293 section 5 deleteheader: removes the fields NAME for which DOOMED answers true,
  // given the occurrence's 1-based position among the fields NAME, their count and its
  // decoded value. Returns how many went.
  using Doomed = std::function<bool(std::size_t position, std::size_t count, const std::string& value)>;
  std::size_t delete_fields(std::string_view name, const Doomed& doomed);

  bool edited() const { return edited_; }
  // The header section as it now stands, ending in the empty line.
  std::string header_section() const;

 private:
  struct Field {
    std::string name;
    std::string value;  // unfolded, raw
    std::string lines;  // the whole field as written, with its final CRLF
  };
  std::string_view message_;
  std::string_view body_;
  std::vector<Field> fields_;
  bool edited_ = false;
};

// RFC 5322 section 3.6.8: a field name is 1 or more printable ASCII characters but ':'.
bool valid_field_name(std::string_view name);

}  // namespace carteiro::sieve
