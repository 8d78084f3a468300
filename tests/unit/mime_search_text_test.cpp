#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <random>
#include <string>

#include "carteiro/mime/search_text.hpp"

using namespace carteiro::mime;

TEST_CASE("contains_ci folds ASCII, Latin-1, Greek and Cyrillic letters") {
  CHECK(contains_ci("Hello World", "WORLD"));
  CHECK(contains_ci("Hello World", ""));
  CHECK_FALSE(contains_ci("Hello", "Hello World"));
  CHECK(contains_ci("Caf\xC3\x89 noir", "caf\xC3\xA9"));             // É / é
  CHECK(contains_ci("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xD0\xBC\xD0\xbe\xD1\x81"));  // Москва / мос
  CHECK(contains_ci("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", "\xCF\x83\xCE\xBF\xCF\x86"));  // ΣΟΦΙΑ / σοφ
  CHECK_FALSE(contains_ci("\xC3\x97", "\xC3\xB7"));  // × is not the capital of ÷
  CHECK_FALSE(contains_ci("abc", "abd"));
  CHECK(contains_ci("\xFF\xC3", "\xC3"));  // broken UTF-8 does not throw anything off
}

TEST_CASE("body_text decodes transfer encodings and charsets of text parts only") {
  std::string m =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Ol=E1 mundo\r\n"
      "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "c2VjcmV0\r\n"
      "--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "PGI+b2k8L2I+\r\n"
      "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n"
      "--b--\r\n";
  CHECK(body_text(m) == "Ol\xC3\xA1 mundo\n<b>oi</b>\ninner body");
}

TEST_CASE("body_text of a message without MIME is its body") {
  CHECK(body_text("Subject: x\r\n\r\nplain =41 body\r\n") == "plain =41 body\r\n");
  CHECK(body_text("") == "");
}

namespace {

// The search contains_ci() must agree with: fold both sides, then a plain byte search.
bool reference_contains(std::string_view haystack, std::string_view needle) {
  return fold_case(haystack).find(fold_case(needle)) != std::string::npos;
}

template <typename F>
double seconds(F f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("contains_ci agrees with a plain search of the folded text on repetitive inputs") {
  // Small alphabets make many partial matches, which is where a fall-back goes wrong.
  std::mt19937 random(20261202);
  const std::string alphabet[] = {"a", "A", "b", "\xC3\x89", "\xC3\xA9", "\xD0\x9C"};
  auto text = [&](std::size_t pieces) {
    std::string out;
    for (std::size_t i = 0; i < pieces; ++i) out += alphabet[random() % std::size(alphabet)];
    return out;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string haystack = text(random() % 40);
    std::string needle = round % 3 == 0 && haystack.size() > 2 ? haystack.substr(random() % (haystack.size() / 2), 1 + random() % 6)
                                                                : text(1 + random() % 5);
    INFO("haystack: ", haystack, " needle: ", needle);
    CHECK(contains_ci(haystack, needle) == reference_contains(haystack, needle));
  }
  CHECK(contains_ci("aabaabaaab", "aabaaab"));
  CHECK_FALSE(contains_ci("aabaabaab", "aabaaab"));
  CHECK(contains_ci("abcABCabd", "CABD"));
}

TEST_CASE("contains_ci is linear: a long needle that almost matches everywhere costs a scan") {
  // Every position of the text matches the needle's first 64 KiB and fails on its last
  // byte: a search that restarts at each position does text * needle work (seconds here),
  // a linear one about what finding a single absent byte costs. The bound is relative to
  // that, measured now, so a loaded machine or a sanitizer build slows both alike.
  const std::string haystack(2 * 1024 * 1024, 'a');
  const std::string needle = std::string(64 * 1024, 'A') + "b";
  double scan = 1e9;
  for (int i = 0; i < 3; ++i) scan = std::min(scan, seconds([&] { CHECK_FALSE(contains_ci(haystack, "b")); }));
  double search = 1e9;
  for (int i = 0; i < 3 && search > 20 * scan; ++i)
    search = std::min(search, seconds([&] { CHECK_FALSE(contains_ci(haystack, needle)); }));
  INFO("scan ", scan, " s, search ", search, " s");
  CHECK(search < 20 * scan + 0.05);
  CHECK(contains_ci(haystack + "B", needle.substr(needle.size() - 1000)));
}
