#include "carteiro/delivery/list_notices.hpp"

#include <fmt/format.h>

#include "carteiro/common/time.hpp"
#include "carteiro/delivery/headers.hpp"
#include "carteiro/delivery/resolve.hpp"

namespace carteiro::delivery {

namespace {

struct Text {
  std::string subject;
  std::string body;  // CRLF-ended lines
};

std::string confirm_body(const ListNoticeInput& in, std::string_view what, std::string_view request) {
  return fmt::format(
      "Someone, perhaps you, asked to {} <{}> {} the list <{}>.\r\n"
      "\r\n"
      "To confirm, reply to this message keeping its subject, or send a message to\r\n"
      "<{}> with this subject:\r\n"
      "\r\n"
      "    confirm {}\r\n"
      "\r\n"
      "If you did not ask for it, ignore this message: nothing changes without your\r\n"
      "reply. The request lapses on {}.\r\n",
      what, in.to, what == "subscribe" ? "to" : "from", in.list, request, in.token, rfc5322_date(in.expires_at));
}

std::string help_body(std::string_view request) {
  return fmt::format(
      "Send these commands to <{}>, in the subject or the first line of\r\n"
      "the message:\r\n"
      "\r\n"
      "    subscribe      join the list (when it is open to anyone)\r\n"
      "    unsubscribe    leave the list\r\n"
      "    help           this text\r\n"
      "\r\n"
      "Either is confirmed by a reply to the message you will receive.\r\n",
      request);
}

Text text_of(const ListNoticeInput& in, const std::string& request) {
  switch (in.kind) {
    case ListNotice::confirm_subscribe:
      return {"confirm " + in.token, confirm_body(in, "subscribe", request)};
    case ListNotice::confirm_unsubscribe:
      return {"confirm " + in.token, confirm_body(in, "unsubscribe", request)};
    case ListNotice::welcome:
      return {"Welcome to " + in.list,
              fmt::format("<{}> is now a member of the list <{}>.\r\n\r\n"
                          "Write to <{}> to post to every member. To leave, send\r\n"
                          "\"unsubscribe\" to <{}>.\r\n",
                          in.to, in.list, in.list, request)};
    case ListNotice::goodbye:
      return {"You have left " + in.list,
              fmt::format("<{}> is no longer a member of the list <{}>.\r\n", in.to, in.list)};
    case ListNotice::closed:
      return {"Your request to " + in.list,
              fmt::format("The list <{}> does not take subscriptions by mail. Please ask\r\n"
                          "its owner to add you.\r\n",
                          in.list)};
    case ListNotice::already_member:
      return {"Your request to " + in.list,
              fmt::format("<{}> is already a member of the list <{}>.\r\n", in.to, in.list)};
    case ListNotice::not_member:
      return {"Your request to " + in.list,
              fmt::format("<{}> is not a member of the list <{}>.\r\n", in.to, in.list)};
    case ListNotice::bad_token:
      return {"Your request to " + in.list,
              "That confirmation is unknown, was used already or has lapsed. Nothing\r\n"
              "was changed. Send your request again to get a new one.\r\n\r\n" +
                  help_body(request)};
    case ListNotice::help:
      return {"Commands for " + in.list, help_body(request)};
  }
  return {"Commands for " + in.list, help_body(request)};
}

// A Message-ID we may repeat in In-Reply-To: "<...>" without line breaks or blanks.
bool usable_message_id(std::string_view id) {
  if (id.size() < 3 || id.size() > 998 || id.front() != '<' || id.back() != '>') return false;
  for (char c : id)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  return true;
}

}  // namespace

std::string make_list_notice(const ListNoticeInput& in) {
  const std::string request = list_request_address(in.list);
  Text text = text_of(in, request);
  std::string out;
  out += fmt::format("Date: {}\r\n", rfc5322_date(in.date));
  out += fmt::format("From: <{}>\r\n", request);
  out += fmt::format("To: <{}>\r\n", in.to);
  out += fmt::format("Subject: {}\r\n", text.subject);
  out += fmt::format("Message-ID: {}\r\n", in.message_id);
  if (usable_message_id(in.in_reply_to)) {
    out += fmt::format("In-Reply-To: {}\r\n", in.in_reply_to);
    out += fmt::format("References: {}\r\n", in.in_reply_to);
  }
  out += "Auto-Submitted: auto-replied\r\n";
  out += fmt::format("List-Id: <{}>\r\n", list_id(in.list));
  out += "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=us-ascii\r\n"
         "Content-Transfer-Encoding: 7bit\r\n"
         "\r\n";
  out += text.body;
  return out;
}

}  // namespace carteiro::delivery
