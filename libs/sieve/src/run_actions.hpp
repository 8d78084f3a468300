#pragma once
// The actions a run collects, with the rules that govern them together: the implicit keep
// (RFC 5228 section 2.10.2) that fileinto, redirect, discard and reject cancel and :copy
// does not (RFC 3894), the same action twice done once (section 2.10.3: keep and fileinto
// "INBOX" store one message), reject refusing company (RFC 5429 section 2.1), one
// vacation (RFC 5230 section 4.7), and the redirect and action budgets of Limits. A rule
// broken throws RuntimeError.
#include <cstddef>
#include <string>
#include <vector>

#include "carteiro/sieve/run.hpp"

namespace carteiro::sieve {

class ActionList {
 public:
  explicit ActionList(const Limits& limits) : limits_(limits) {}

  void keep(std::vector<std::string> flags);
  void fileinto(FileInto action);
  void redirect(Redirect action);
  void discard();
  void reject(Reject action);
  void vacation(Vacation action);

  // The actions to carry out, the implicit keep (with IMPLICIT_FLAGS, RFC 5232 section 3)
  // added when it still stands.
  std::vector<Action> finish(const std::vector<std::string>& implicit_flags) const;

 private:
  void count();
  void refuse_after_reject(const char* action) const;
  Keep* find_keep();

  const Limits& limits_;
  std::vector<Action> actions_;
  std::size_t count_ = 0;
  std::size_t redirects_ = 0;
  bool implicit_keep_ = true;
  bool discarded_ = false;
  bool rejected_ = false;
  bool delivered_ = false;  // a keep, fileinto or redirect was done
  bool vacation_ = false;
};

// Adds the flags of FROM to INTO, skipping those already there (IMAP flags compare
// case-insensitively, RFC 3501 section 2.3.2).
void merge_flags(std::vector<std::string>& into, const std::vector<std::string>& from);

}  // namespace carteiro::sieve
