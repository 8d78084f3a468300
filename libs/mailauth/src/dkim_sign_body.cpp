// RFC 6376 section 3.4.4 (relaxed body canonicalization) as a stream: the signer hashes a
// body of any size chunk by chunk, never holding it whole. Equal to canonical_body over
// with_crlf of the same bytes (the unit tests compare the two).
#include <stdexcept>

#include "carteiro/mailauth/dkim_sign.hpp"

namespace carteiro::mailauth::dkim {

namespace {
constexpr std::size_t kHashBatch = 64 * 1024;
}  // namespace

RelaxedBodyHash::RelaxedBodyHash() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("cannot start a SHA-256 digest");
}

void RelaxedBodyHash::flush() {
  if (!out_.empty()) EVP_DigestUpdate(ctx_.get(), out_.data(), out_.size());
  out_.clear();
}

void RelaxedBodyHash::put(char c) {
  out_.push_back(c);
  if (out_.size() >= kHashBatch) flush();
}

// A character that is not WSP: the empty lines held back and a pending SP come first.
void RelaxedBodyHash::content(char c) {
  if (line_empty_) {
    for (; empty_lines_ > 0; --empty_lines_) {
      put('\r');
      put('\n');
    }
    line_empty_ = false;
  }
  if (space_) put(' ');
  space_ = false;
  put(c);
}

// WSP at the end of a line goes; an empty line waits to see whether content follows.
void RelaxedBodyHash::end_line() {
  if (line_empty_) {
    ++empty_lines_;
  } else {
    put('\r');
    put('\n');
  }
  line_empty_ = true;
  space_ = false;
  cr_ = false;
}

void RelaxedBodyHash::update(std::string_view chunk) {
  for (char c : chunk) {
    if (c == '\n') {
      end_line();  // CRLF, or a bare LF read as CRLF
      continue;
    }
    if (cr_) content('\r');  // a CR not followed by LF is content
    cr_ = c == '\r';
    if (cr_) continue;
    if (c == ' ' || c == '\t')
      space_ = true;
    else
      content(c);
  }
}

std::string RelaxedBodyHash::finish() {
  if (cr_) content('\r');
  cr_ = false;
  if (!line_empty_) end_line();  // the last line gets its CRLF; held-back empty lines are dropped
  flush();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), digest, &size) != 1) throw std::runtime_error("cannot finish a SHA-256 digest");
  return std::string(reinterpret_cast<char*>(digest), size);
}

}  // namespace carteiro::mailauth::dkim
