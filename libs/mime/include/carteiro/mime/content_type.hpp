#pragma once
// Content-Type (RFC 2045 section 5.1) and Content-Disposition (RFC 2183) values with their
// parameters; RFC 2231 continuations are joined and charset''percent values decoded.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::mime {

struct Parameter {
  std::string name;   // as written, without RFC 2231 "*n*" decorations
  std::string value;  // unquoted; RFC 2231 values decoded to UTF-8
};
using Parameters = std::vector<Parameter>;

struct ContentType {
  std::string type = "text";
  std::string subtype = "plain";
  Parameters params;

  bool is(std::string_view t, std::string_view s) const;  // case-insensitive
  bool is_multipart() const;
  bool is_text() const;
  bool is_message_rfc822() const;
  std::optional<std::string_view> param(std::string_view name) const;
};

// "type/subtype; name=value ..." -> nullopt when there is no valid type/subtype.
std::optional<ContentType> parse_content_type(std::string_view value);

struct Disposition {
  std::string type;  // "inline", "attachment", ...
  Parameters params;
};
// "attachment; filename=..." -> nullopt when there is no disposition type.
std::optional<Disposition> parse_disposition(std::string_view value);

// The parameter list that follows a value: "; a=b; c*0=d; c*1=e".
Parameters parse_parameters(std::string_view text);

}  // namespace carteiro::mime
