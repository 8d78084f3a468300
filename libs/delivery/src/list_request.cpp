#include "carteiro/delivery/list_request.hpp"

#include "carteiro/common/address.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::delivery {

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// The first word of TEXT, and TEXT after it with the blanks between.
std::string_view first_word(std::string_view& text) {
  std::size_t end = 0;
  while (end < text.size() && !blank(text[end])) ++end;
  auto word = text.substr(0, end);
  text.remove_prefix(end);
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  return word;
}

// "Re: Fwd: confirm x" -> "confirm x".
std::string_view without_reply_prefixes(std::string_view line) {
  for (;;) {
    line = trim(line);
    bool stripped = false;
    for (std::string_view prefix : {"re:", "fwd:", "fw:"}) {
      if (istarts_with(line, prefix)) {
        line.remove_prefix(prefix.size());
        stripped = true;
      }
    }
    if (!stripped) return line;
  }
}

bool token_text(std::string_view word) {
  if (word.empty() || word.size() > kMaxTokenLength) return false;
  for (char c : word) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) return false;
  }
  return true;
}

// The body's first line with something on it (a short look: a command is on top).
std::optional<std::string_view> first_body_line(std::string_view message) {
  auto body = message.substr(mime::header_block(message).size());
  constexpr std::size_t kLook = 4096;
  body = body.substr(0, kLook);
  while (!body.empty()) {
    auto lf = body.find('\n');
    auto line = body.substr(0, lf);
    body = lf == std::string_view::npos ? std::string_view() : body.substr(lf + 1);
    if (!trim(line).empty()) return line;
  }
  return std::nullopt;
}

// RFC 3834 section 2 and 3.1.8: fields that mark mail no robot answers.
std::optional<std::string> why_unanswerable(const Envelope& envelope, std::string_view message) {
  if (envelope.sender.empty()) return "the null sender";
  auto sender = parse_address(envelope.sender);
  if (!sender) return "a malformed sender";
  if (iequals(sender->local, "mailer-daemon")) return "a mailer-daemon";
  auto auto_submitted = mime::first_header(message, "Auto-Submitted");
  if (auto_submitted && !iequals(trim(*auto_submitted), "no")) return "Auto-Submitted mail";
  auto precedence = mime::first_header(message, "Precedence");
  if (precedence) {
    auto p = trim(*precedence);
    if (iequals(p, "bulk") || iequals(p, "junk") || iequals(p, "list")) return "Precedence: " + std::string(p);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ParsedListCommand> parse_list_command(std::string_view line) {
  auto rest = without_reply_prefixes(line);
  while (!rest.empty() && (rest.back() == '\r' || blank(rest.back()))) rest.remove_suffix(1);
  auto verb = first_word(rest);
  ParsedListCommand out;
  if (iequals(verb, "subscribe") || iequals(verb, "join")) out.command = ListCommand::subscribe;
  else if (iequals(verb, "unsubscribe") || iequals(verb, "leave")) out.command = ListCommand::unsubscribe;
  else if (iequals(verb, "help")) out.command = ListCommand::help;
  else if (iequals(verb, "confirm")) {
    out.command = ListCommand::confirm;
    auto token = first_word(rest);
    if (token_text(token)) out.token = to_lower(token);
  } else {
    return std::nullopt;
  }
  return out;
}

ParsedListCommand find_list_command(std::string_view message) {
  if (auto subject = mime::first_header(message, "Subject"))
    if (auto command = parse_list_command(*subject)) return *command;
  if (auto line = first_body_line(message))
    if (auto command = parse_list_command(*line)) return *command;
  return ParsedListCommand{};
}

std::optional<ListRequest> plan_list_request(std::string_view list, const Envelope& envelope,
                                             std::string_view message) {
  if (auto why = why_unanswerable(envelope, message)) {
    log::info("{}: request to {} not answered: {}", envelope.id, list, *why);
    return std::nullopt;
  }
  ListRequest out;
  out.list = std::string(list);
  out.requester = envelope.sender;
  out.command = find_list_command(message);
  out.message_id = std::string(trim(mime::first_header(message, "Message-ID").value_or("")));
  return out;
}

}  // namespace carteiro::delivery
