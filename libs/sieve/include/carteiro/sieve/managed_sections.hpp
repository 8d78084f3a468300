#pragma once
// Rules the server writes into an account's Sieve script for the admin (`carteiro account
// forward`, `carteiro account vacation`), so that there is one mechanism only and the user
// sees and may edit them in ManageSieve. Each rule is a section between marker lines:
//
//   # BEGIN carteiro require
//   require ["copy"]; # forward
//   # END carteiro require
//   require ["fileinto"];           <- the user's own require commands
//   # BEGIN carteiro forward
//   redirect :copy "bob@elsewhere.example";
//   # END carteiro forward
//   if header :contains "subject" "x" { fileinto "X"; }   <- the user's rules
//
// The extensions the sections need are in one require section at the top, one line per
// section (RFC 5228 section 3.2: require comes before any other command). The sections
// themselves follow the script's require commands, so they run before the user's rules
// (a `stop` there does not skip them). Setting a section replaces only its own lines;
// everything else in the script is kept byte for byte. Pure text editing: no I/O.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::sieve {

// RFC 5228 section 2.4.2 quoted-string: "..." with '\' and '"' escaped.
std::string quoted_string(std::string_view text);
// RFC 5228 section 2.4.2 multi-line string: "text:" CRLF, the lines (CRLF line ends, a
// line starting with '.' stuffed with another '.'), then "." CRLF.
std::string multiline_string(std::string_view text);

// A generated rule: the marker word, the extensions its commands need, and the commands
// (CRLF lines).
struct ManagedSection {
  std::string name;
  std::vector<std::string> extensions;
  std::string commands;
};

// What a section cannot hold (a line break in a subject, a bad date), or a script whose
// markers do not pair up.
class ManagedSectionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// `redirect "TARGET";`, or with KEEP `redirect :copy "TARGET";` (RFC 3894).
ManagedSection forward_section(std::string_view target, bool keep);

struct VacationSettings {
  std::string subject;
  std::string body;
  unsigned days = 7;           // RFC 5230 section 4.1: at least 1
  std::string until;           // "YYYY-MM-DD", the last day it answers; empty: no end
};
// `vacation :days N :subject "S" text: ...` (RFC 5230), inside `if currentdate :value "le"
// "date" "UNTIL" { ... }` (RFC 5260, RFC 5231) when it ends.
ManagedSection vacation_section(const VacationSettings& settings);

// SCRIPT with SECTION in place of the section of the same name (added when absent) and
// the require section updated. Throws ManagedSectionError on unpaired markers.
std::string set_section(std::string_view script, const ManagedSection& section);
// SCRIPT without section NAME (and its require line); unchanged when it has none.
std::string remove_section(std::string_view script, std::string_view name);
// The commands of section NAME, without the markers; nullopt when absent.
std::optional<std::string> section_commands(std::string_view script, std::string_view name);

}  // namespace carteiro::sieve
