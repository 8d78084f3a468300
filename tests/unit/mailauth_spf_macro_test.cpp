// SPF macro expansion (RFC 7208 section 7), on the examples of section 7.4.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/mailauth/spf_macro.hpp"

using namespace carteiro::mailauth;

namespace {

SpfMacroContext example_context(const char* ip = "192.0.2.3") {
  return SpfMacroContext{"strong-bad@email.example.com", "email.example.com", asio::ip::make_address(ip),
                         "mx.example.org", "mx.example.net", [] { return std::string("mx.example.org"); }};
}

std::string expand(std::string_view text, const SpfMacroContext& context = example_context(),
                   SpfMacroSyntax syntax = SpfMacroSyntax::domain_spec) {
  std::string error;
  auto pieces = parse_spf_macro_string(text, syntax, error);
  INFO(text, " -> ", error);
  REQUIRE(pieces);
  return expand_spf_macro_string(*pieces, context);
}

}  // namespace

TEST_CASE("spf macro: the section 7.4 letters and transformers") {
  CHECK(expand("%{s}") == "strong-bad@email.example.com");
  CHECK(expand("%{o}") == "email.example.com");
  CHECK(expand("%{d}") == "email.example.com");
  CHECK(expand("%{d4}") == "email.example.com");
  CHECK(expand("%{d3}") == "email.example.com");
  CHECK(expand("%{d2}") == "example.com");
  CHECK(expand("%{d1}") == "com");
  CHECK(expand("%{dr}") == "com.example.email");
  CHECK(expand("%{d2r}") == "example.email");
  CHECK(expand("%{l}") == "strong-bad");
  CHECK(expand("%{l-}") == "strong.bad");
  CHECK(expand("%{lr}") == "strong-bad");
  CHECK(expand("%{lr-}") == "bad.strong");
  CHECK(expand("%{l1r-}") == "strong");
  CHECK(expand("%{d999999999999999}") == "email.example.com");
}

TEST_CASE("spf macro: the section 7.4 macro-strings") {
  CHECK(expand("%{ir}.%{v}._spf.%{d2}") == "3.2.0.192.in-addr._spf.example.com");
  CHECK(expand("%{lr-}.lp._spf.%{d2}") == "bad.strong.lp._spf.example.com");
  CHECK(expand("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}") == "bad.strong.lp.3.2.0.192.in-addr._spf.example.com");
  CHECK(expand("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}") == "3.2.0.192.in-addr.strong.lp._spf.example.com");
  CHECK(expand("%{d2}.trusted-domains.example.net") == "example.com.trusted-domains.example.net");
  CHECK(expand("%{ir}.%{v}._spf.%{d2}", example_context("2001:db8::cb01")) ==
        "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
}

TEST_CASE("spf macro: IPv4-mapped client, h, p, v, escapes") {
  auto mapped = example_context("::ffff:192.0.2.3");
  CHECK(expand("%{i} %{v}", mapped, SpfMacroSyntax::explanation) == "192.0.2.3 in-addr");
  CHECK(expand("%{h}") == "mx.example.org");
  CHECK(expand("%{p}") == "mx.example.org");
  auto unknown = example_context();
  unknown.validated_name = nullptr;
  CHECK(expand("%{p}", unknown) == "unknown");
  CHECK(expand("a%%b%_c%-d") == "a%b c%20d");
}

TEST_CASE("spf macro: upper-case letters are URL-escaped") {
  auto context = example_context();
  context.sender = "a b/c~d@email.example.com";
  CHECK(expand("%{L}", context) == "a%20b%2Fc~d");
  CHECK(expand("%{S}", context) == "a%20b%2Fc~d%40email.example.com");
  CHECK(expand("%{L}.%{D}", context) == "a%20b%2Fc~d.email.example.com");
}

TEST_CASE("spf macro: explanation letters c r t") {
  auto text = expand("%{i} via %{c} at %{r}", example_context("2001:db8::cb01"), SpfMacroSyntax::explanation);
  CHECK(text.find(" via 2001:db8::cb01 at mx.example.net") != std::string::npos);
  CHECK_FALSE(expand("%{t}", example_context(), SpfMacroSyntax::explanation).empty());
  auto no_receiver = example_context();
  no_receiver.receiver.clear();
  CHECK(expand("%{r}", no_receiver, SpfMacroSyntax::explanation) == "unknown");
  std::string error;
  CHECK_FALSE(parse_spf_macro_string("%{c}", SpfMacroSyntax::domain_spec, error));
  CHECK_FALSE(parse_spf_macro_string("a b", SpfMacroSyntax::domain_spec, error));
}

TEST_CASE("spf macro: malformed macros") {
  for (const char* bad : {"%", "%{", "%{d", "%{d2", "%{dr.", "%{}", "%{z}", "%{d0}", "%{d2rr}", "%x", "%{d 2}",
                          "\x01", "a\x7f"}) {
    std::string error;
    INFO(bad);
    CHECK_FALSE(parse_spf_macro_string(bad, SpfMacroSyntax::explanation, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("spf macro: explosions are bounded and names are cut from the left") {
  auto context = example_context();
  context.sender = std::string(200, 'x') + "@" + std::string(60, 'a') + ".example.com";
  std::string many;
  for (int i = 0; i < 500; ++i) many += "%{s}.";
  many += "example.com";
  auto expanded = expand(many, context);
  CHECK(expanded.size() == kSpfMaxExpansion);
  auto name = spf_query_name(expand("%{l}.%{l}.%{o}.%{o}.example.com", context));
  CHECK(name.size() <= kSpfMaxDomainName);
  CHECK(name.ends_with(".example.com"));
  CHECK(name.front() != '.');
  // Labels are removed whole from the left (section 7.3).
  std::string labels;
  for (int i = 0; i < 30; ++i) labels += "label" + std::to_string(i) + ".";
  labels += "example.com.";
  auto cut = spf_query_name(labels);
  CHECK(cut.size() <= kSpfMaxDomainName);
  CHECK(cut.size() > kSpfMaxDomainName - 16);  // one "labelNN." too many at most
  CHECK(cut.starts_with("label"));
  CHECK(spf_query_name("example.com.") == "example.com");
}
