#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <sys/stat.h>

#include "carteiro/delivery/srs.hpp"
#include "carteiro/delivery/srs_secret.hpp"

using namespace carteiro;
using namespace carteiro::delivery;

namespace {
constexpr std::int64_t kNow = 1'800'000'000;  // 2027-01-15
constexpr std::int64_t kDay = 86400;
const Srs srs("a secret of thirty-two bytes or more, for tests");

Address at(const std::string& text) { return *parse_address(text); }
}  // namespace

TEST_CASE("delivery srs: SRS0 form and its way back") {
  auto forwarded = srs.forward("alice@origin.test", "forward.test", kNow);
  CHECK(forwarded.starts_with("SRS0="));
  CHECK(forwarded.ends_with("=origin.test=alice@forward.test"));
  CHECK(forwarded.size() == std::string("SRS0=HHHH=TT=origin.test=alice@forward.test").size());
  auto back = srs.reverse(at(forwarded), kNow);
  CHECK(back.status == SrsStatus::ok);
  CHECK(back.original == "alice@origin.test");
  // A relay that lower-cased the local part does not break it.
  auto lowered = at(forwarded);
  for (auto& c : lowered.local) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(srs.reverse(lowered, kNow).status == SrsStatus::ok);
  // A local part holding the separator survives.
  auto odd = srs.forward("a=b@origin.test", "forward.test", kNow);
  CHECK(srs.reverse(at(odd), kNow).original == "a=b@origin.test");
}

TEST_CASE("delivery srs: what is not rewritten") {
  CHECK(srs.forward("", "forward.test", kNow).empty());  // the null sender stays null
  CHECK(srs.forward("bob@forward.test", "forward.test", kNow) == "bob@forward.test");
  CHECK(srs.reverse(at("bob@forward.test"), kNow).status == SrsStatus::not_srs);
  CHECK(srs.reverse(at("srs0x@forward.test"), kNow).status == SrsStatus::not_srs);
  CHECK(srs.reverse(at("SRS2=abcd@forward.test"), kNow).status == SrsStatus::not_srs);
}

TEST_CASE("delivery srs: forged, malformed and expired addresses") {
  auto good = at(srs.forward("alice@origin.test", "forward.test", kNow));
  auto tampered = good;
  tampered.local.replace(tampered.local.find("alice"), 5, "mallory");
  CHECK(srs.reverse(tampered, kNow).status == SrsStatus::forged);
  Srs other("another secret, also thirty-two bytes long");
  CHECK(other.reverse(good, kNow).status == SrsStatus::forged);
  for (const char* bad : {"SRS0=@x.test", "SRS0==AA=origin.test=alice@x.test", "SRS0=abcd=AA=origin.test@x.test",
                          "SRS0=abcd=AA@x.test", "SRS0=abcd@x.test", "SRS1=abcd=host@x.test", "SRS1=abcd=host=x@x.test",
                          "SRS0=abcd=A!=origin.test=alice@x.test"})
    CHECK_MESSAGE(srs.reverse(at(bad), kNow).status == SrsStatus::forged, bad);
  // Not older than the maximum age: 21 days passes, 22 does not.
  CHECK(srs.reverse(good, kNow + 21 * kDay).status == SrsStatus::ok);
  CHECK(srs.reverse(good, kNow + 22 * kDay).status == SrsStatus::expired);
  CHECK(Srs("a secret of thirty-two bytes or more, for tests", 3).reverse(good, kNow + 4 * kDay).status ==
        SrsStatus::expired);
  // A stamp from the future (a clock turned back) counts as very old.
  CHECK(srs.reverse(good, kNow - kDay).status == SrsStatus::expired);
}

TEST_CASE("delivery srs: SRS1 when an SRS0 address is forwarded again") {
  Srs first("the first forwarder's secret, thirty-two bytes");
  auto srs0 = first.forward("alice@origin.test", "first.test", kNow);
  auto srs1 = srs.forward(srs0, "second.test", kNow);
  CHECK(srs1.starts_with("SRS1="));
  CHECK(srs1.find("=first.test==") != std::string::npos);
  CHECK(srs1.ends_with("@second.test"));
  // A bounce to SRS1 goes straight back to the first forwarder's SRS0 address...
  auto back = srs.reverse(at(srs1), kNow);
  REQUIRE(back.status == SrsStatus::ok);
  CHECK(back.original == srs0);
  // ...which the first forwarder reads back to the original sender.
  CHECK(first.reverse(at(back.original), kNow).original == "alice@origin.test");
  // Forwarded a third time: still SRS1 to the first forwarder, re-signed by the third.
  Srs third("a third secret, thirty-two bytes long as well");
  auto again = third.forward(srs1, "third.test", kNow);
  CHECK(again.starts_with("SRS1="));
  CHECK(again.find("=first.test==") != std::string::npos);
  CHECK(third.reverse(at(again), kNow).original == srs0);
  CHECK(srs.reverse(at(again), kNow).status == SrsStatus::forged);
}

TEST_CASE("delivery srs: the secret is made once, private") {
  auto dir = std::filesystem::temp_directory_path() / ("carteiro-srs-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  auto secret = load_srs_secret(dir);
  CHECK(secret.size() >= 32);
  CHECK(load_srs_secret(dir) == secret);
  struct stat st {};
  REQUIRE(::stat((dir / kSrsSecretFile).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::filesystem::resize_file(dir / kSrsSecretFile, 3);
  CHECK_THROWS_AS(load_srs_secret(dir), std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("delivery srs: truncated, binary and oversized local parts are refused, never trusted") {
  auto good = at(srs.forward("alice@origin.test", "forward.test", kNow));
  for (std::size_t n = 0; n < good.local.size(); ++n) {
    Address cut{good.local.substr(0, n), good.domain};
    auto status = srs.reverse(cut, kNow).status;
    CHECK_MESSAGE((status == SrsStatus::forged || status == SrsStatus::not_srs), cut.local);
  }
  CHECK(srs.reverse(Address{std::string("SRS0=\xff\xfe\x00=AA=\x01=\x80", 14), "x.test"}, kNow).status ==
        SrsStatus::forged);
  CHECK(srs.reverse(Address{"SRS1=" + std::string(100000, '='), "x.test"}, kNow).status == SrsStatus::forged);
  CHECK(srs.reverse(Address{"SRS0=abcd=AA=" + std::string(100000, 'x') + "=a", "x.test"}, kNow).status ==
        SrsStatus::forged);
}
