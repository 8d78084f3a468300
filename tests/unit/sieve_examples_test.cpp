// The example scripts of RFC 5228 and of each supported extension's RFC compile.
#include <doctest/doctest.h>

#include "sieve_test_support.hpp"

using carteiro::test::sieve_error_of;

TEST_CASE("sieve examples: RFC 5228 section 9 extended example") {
  CHECK(sieve_error_of(R"sieve(#
# Example Sieve Filter
# Declare any optional features or extension used by the script
#
require ["fileinto"];

#
# Handle messages from known mailing lists
# Move messages from IETF filter discussion list to filter mailbox
#
if header :is "Sender" "owner-ietf-mta-filters@imc.org"
        {
        fileinto "filter";  # move to "filter" mailbox
        }
#
# Keep all messages to or from people in my company
#
elsif address :DOMAIN :is ["From", "To"] "example.com"
        {
        keep;               # keep in "In" mailbox
        }

#
# Try and catch unsolicited email.  If a message is not to me,
# or it contains a subject known to be spam, file it away.
#
elsif anyof (NOT address :all :contains
               ["To", "Cc", "Bcc"] "me@example.com",
             header :matches "subject"
               ["*make*money*fast*", "*university*dipl*mas*"])
        {
        fileinto "spam";   # move to "spam" mailbox
        }
else
        {
        # Move all other (non-company) mail to "personal"
        # mailbox.
        fileinto "personal";
        }
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5228 examples of commands and tests") {
  CHECK(sieve_error_of("require [\"fileinto\", \"reject\"];\r\n"
                       "if size :over 1M\r\n"
                       "    {\r\n"
                       "    reject text:\r\n"
                       "Please do not send me large attachments.\r\n"
                       "Put your file on a server and send me the URL.\r\n"
                       "Thank you.\r\n"
                       ".... Fred\r\n"
                       ".\r\n"
                       ";\r\n"
                       "    stop;\r\n"
                       "    }\r\n") == "");
  CHECK(sieve_error_of(R"sieve(if header :contains :comparator "i;octet" "Subject"
        "MAKE MONEY FAST" {
   discard;
}
if address :all :comparator "i;ascii-casemap" :is "from" "tjs@example.edu" { keep; }
if address :is :all "from" "tim@example.com" {
   discard;
}
if anyof (not exists ["From","Date"],
          header :contains "from" "fool@example.com") {
   discard;
}
if header :is ["X-Caffeine"] [""] { keep; }
if size :over 100K { discard; } elsif size :under 1k { stop; }
if allof (header :contains "From" "Boss", header :contains "Subject" "urgent") { keep; }
if not true { discard; } elsif false { discard; }
redirect "bart@example.com";
keep;
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "envelope";
if envelope :all :is "from" "tim@example.com" {
   discard;
}
if envelope :localpart :contains "to" "bob" { keep; }
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "fileinto";
if header :contains ["from"] ["coyote"] {
   fileinto "INBOX.harassment";
}
if header :contains "Subject" "$$" { discard; }
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5228 section 2.4.2.4 encoded characters") {
  CHECK(sieve_error_of(R"sieve(require "encoded-character";
if header :contains "Subject" "$${hex:24 24}" {
   discard;
}
if header :contains "Subject" ["${unicode:40}", "${ unicode:40}", "${Unicode:40}",
    "${Unicode:Cool}", "${hex:40", "${hex:400}", "${hex:4${hex:30}}"] { keep; }
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5229 variables examples") {
  CHECK(sieve_error_of(R"sieve(require ["fileinto", "variables"];

if header :matches "List-ID" "*<*@*" {
    fileinto "INBOX.lists.${2}"; stop;
}

# Imagine the header
# Subject: [acme-users] [fwd] version 1.0 is out
if header :matches "Subject" "[*] *" {
    # ${1} will hold "acme-users",
    # ${2} will hold "[fwd] version 1.0 is out"
    fileinto "INBOX.lists.${1}"; stop;
}

# Imagine the header
# To: coyote@ACME.Example.COM
if address :matches ["To", "Cc"] ["coyote@**.com",
        "wile@**.com"] {
    # ${0} is the matching address
    # ${1} is always the empty string
    # ${2} is part of the domain name ("ACME.Example")
    fileinto "INBOX.business.${2}"; stop;
} else {
    # Control wouldn't reach this block if any match was
    # successful, so no match variables are set at this
    # point.
}

if anyof (true, address :domain :matches "To" "*.com") {
    # The second test is never evaluated, so there are
    # still no match variables set.
    stop;
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["variables"];
set "honorific"  "Mr";
set "first_name" "Wile";
set "last_name"  "Coyote";
set "vacation" text:
Dear ${HONORIFIC} ${last_name},
I'm out, please leave a message after the meep.
.
;
set "a" "juMBlEd lETteRS";
set :length "b" "${a}";
set :lower "b" "${a}";
set :upperfirst "b" "${a}";
set :upperfirst :lower "b" "${a}";
set :quotewildcard "b" "Rock*";
set "state" "${state} pending";
if string :matches " ${state} " "* pending *" {
  # the above test always succeeds
  stop;
}
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5230 vacation examples") {
  CHECK(sieve_error_of(R"sieve(require "vacation";
if header :contains "subject" "cyrus" {
    vacation "I'm out -- send mail to cyrus-bugs";
} else {
    vacation "I'm out -- call me at +1 304 555 0123";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["vacation", "variables"];
if header :matches "subject" "*" {
    vacation :subject "Automatic response to: ${1}"
             "I'm away -- send mail to foo in my absence";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "vacation";
if header :contains "subject" "lunch" {
    vacation :handle "ran-away" "I'm out and can't meet for lunch";
} else {
    vacation :handle "ran-away" "I'm out";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "vacation";
vacation :mime text:
Content-Type: multipart/alternative; boundary=foo

--foo

I'm at the beach relaxing.  Mmmm, surf...

--foo
Content-Type: text/html; charset=us-ascii

<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"
 "http://www.w3.org/TR/REC-html40/strict.dtd">
<HTML><HEAD><TITLE>How to relax</TITLE>
<BASE HREF="http://home.example.com/pictures/"></HEAD>
<BODY><P>I'm at the <A HREF="beach.gif">beach</A> relaxing.
Mmmm, <A HREF="ocean.gif">surf</A>...
</BODY></HTML>

--foo--
.
;
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "vacation";
vacation :days 23 :addresses ["tjs@example.edu",
                              "ts4z@landru.example.edu"]
   "I'm away until October 19.
   If it's an emergency, call 911, I guess." ;
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "vacation";
if header :contains "from" "boss@example.edu" {
    redirect "pleeb@isp.example.org";
} else {
    vacation "Sorry, I'm away, I'll read your
message when I get around to it.";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require "vacation";
if header :contains ["accept-language", "content-language"] "en"
{
    vacation "I am away this week.";
} else {
    vacation "Estoy ausente esta semana.";
}
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 6131 vacation-seconds examples") {
  CHECK(sieve_error_of(R"sieve(require ["vacation-seconds"];
vacation :addresses ["tjs@example.edu", "ts4z@landru.example.edu"]
         :seconds 1800
         "I am in a meeting, and do not have access to email.";
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["vacation", "vacation-seconds", "variables"];
if header :matches "subject" "*" {
  vacation :handle "auto-resp" :seconds 0 "${1}";
}
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5231 relational examples") {
  CHECK(sieve_error_of(R"sieve(require ["relational", "comparator-i;ascii-numeric", "fileinto"];

if header :value "lt" :comparator "i;ascii-numeric"
          ["x-priority"] ["3"]
{
   fileinto "Priority";
}

elsif address :count "gt" :comparator "i;ascii-numeric"
           ["to"] ["5"]
{
   # everything with more than 5 recipients in the "to" field
   # is considered SPAM
   fileinto "SPAM";
}

elsif address :value "gt" :all :comparator "i;ascii-casemap"
           ["from"] ["M"]
{
   fileinto "From N-Z";
} else {
   fileinto "From A-M";
}

if allof ( address :count "eq" :comparator "i;ascii-numeric"
                   ["to", "cc"] ["1"] ,
           address :all :comparator "i;ascii-casemap"
                   ["to", "cc"] ["me@foo.example.com"] )
{
   fileinto "Only me";
}
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5232 imap4flags examples") {
  CHECK(sieve_error_of(R"sieve(require ["imap4flags", "fileinto", "variables"];
if size :over 500K {
    setflag "\\Deleted";
}
if header :contains "from" "boss@frobnitzm.example.edu" {
    setflag "flagvar" "\\Flagged";
    fileinto :flags "${flagvar}" "INBOX.From Boss";
}
if header :contains "subject" "[acme-users]" {
    addflag "\\Seen";
    removeflag "\\Seen";
    keep :flags ["\\Answered", "$MDNSent"];
}
if hasflag :contains "MyVar" "Junk" {
    discard;
}
if hasflag :count "ge" :comparator "i;ascii-numeric" "2" { keep; }
)sieve") != "");  // :count needs relational
  CHECK(sieve_error_of(R"sieve(require ["imap4flags", "fileinto", "variables", "relational",
         "comparator-i;ascii-numeric"];
if size :over 500K {
    setflag "\\Deleted";
}
if header :contains "from" "boss@frobnitzm.example.edu" {
    setflag "flagvar" "\\Flagged";
    fileinto :flags "${flagvar}" "INBOX.From Boss";
}
if hasflag :contains "MyVar" "Junk" {
    discard;
}
if hasflag :count "ge" :comparator "i;ascii-numeric" "2" { keep; }
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 3894 copy, RFC 5429 reject and ereject, RFC 5490 mailbox examples") {
  CHECK(sieve_error_of(R"sieve(require ["copy", "fileinto"];
redirect :copy "sent-mail@example.net";
fileinto :copy "incoming";
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["reject"];
if header :contains "from" "coyote@desert.example.org" {
   reject text:
I am not taking mail from you, and I don't
want your birdseed, either!
.
   ;
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["ereject"];
if address "from" "someone@example.com" {
    ereject "I no longer accept mail from this address";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["fileinto", "reject", "mailbox"];
if mailboxexists "Partners" {
   fileinto "Partners";
} else {
   reject "This message was not accepted by the Mailstore";
}
fileinto :create "INBOX.Sent";
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5173 body examples") {
  CHECK(sieve_error_of(R"sieve(require ["body", "fileinto"];

# Save any message with any text MIME part that contains the
# words "missile" or "coordinates" in the "secrets" folder.

if body :content "text" :contains ["missile", "coordinates"] {
        fileinto "secrets";
}

# Save any message with an audio/mp3 MIME part in
# the "jukebox" folder.

if body :content "audio/mp3" :contains "" {
        fileinto "jukebox";
}
if body :raw :contains "MAKE MONEY FAST" { discard; }
if body :text :contains "project schedule" { fileinto "project/schedule"; }
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5233 subaddress example") {
  CHECK(sieve_error_of(R"sieve(require ["envelope", "subaddress", "fileinto"];

# In this example the same user account receives mail for both
# "ken@example.com" and "postmaster@example.com"

# File all messages to postmaster into a single mailbox,
# ignoring the :detail part.
if envelope :user "to" "postmaster" {
    fileinto "inbox.postmaster";
    stop;
}

# File mailing list messages (subscribed as "ken+mta-filters").
if envelope :detail "to" "mta-filters" {
    fileinto "inbox.ietf-mta-filters";
}

# Redirect all mail sent to "ken+foo".
if envelope :detail "to" "foo" {
    redirect "ken@example.net";
}
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5260 date and index examples") {
  CHECK(sieve_error_of(R"sieve(require ["date", "relational", "fileinto"];
if allof(header :is "from" "boss@example.com",
         date :value "ge" :originalzone "date" "hour" "09",
         date :value "lt" :originalzone "date" "hour" "17")
{ fileinto "urgent"; }
if anyof(date :is "received" "weekday" "0",
         date :is "received" "weekday" "6")
{ fileinto "weekend"; }
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["date", "relational", "vacation"];
if allof(currentdate :value "ge" "date" "2007-06-30",
         currentdate :value "le" "date" "2007-07-07")
{ vacation :days 7  "I'm away during the first week in July."; }
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["date", "variables", "fileinto"];
if currentdate :matches "month" "*" { set "month" "${1}"; }
if currentdate :matches "year"  "*" { set "year" "${1}"; }
fileinto "${month}-${year}";
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["variables", "date", "editheader"];
if currentdate :matches "std11" "*"
  {addheader "Processing-date" "${0}";}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["date", "relational", "index"];
if date :value "gt" :index 2 :zone "-0500" "received"
        "iso8601" "2007-02-26T09:00:00-05:00"
{ redirect "aftercutoff@example.org"; }
if header :index 2 :last :contains "received" "example.net" { keep; }
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 5293 editheader examples") {
  CHECK(sieve_error_of(R"sieve(require ["editheader"];
/* Don't redirect if we already redirected */
if not header :contains "X-Sieve-Filtered"
        ["<kim@job.example.com>", "<kim@home.example.com>"]
{
        addheader "X-Sieve-Filtered" "<kim@job.example.com>";
        redirect "kim@home.example.com";
}
addheader :last "X-Hello" "World";
deleteheader :index 1 :last "X-Hello";
deleteheader :contains "Subject" ["[spam]"];
deleteheader "X-Spam-Flag";
)sieve") == "");
}

TEST_CASE("sieve examples: RFC 7352 duplicate examples") {
  CHECK(sieve_error_of(R"sieve(require ["duplicate", "fileinto", "mailbox"];

if duplicate {
  fileinto :create "Trash/Duplicate";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["duplicate", "variables", "imap4flags",
  "fileinto"];

if header :matches "subject" "ALERT: *" {
  if duplicate :seconds 60 :uniqueid "${1}" {
    setflag "\\seen";
  }
  fileinto "Alerts";
}
)sieve") == "");
  CHECK(sieve_error_of(R"sieve(require ["duplicate", "imap4flags"];

if duplicate :header "X-Event-ID" :handle "notifier" {
  discard;
}
if allof (
  duplicate :header "X-Ticket-ID" :handle "support",
  address "to" "support@example.com",
  header :contains "subject" "fileserver")
{
  setflag "\\seen";
}
)sieve") == "");
}
