#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>

#include "carteiro/common/spool.hpp"

using carteiro::Spool;
using carteiro::SpoolError;

namespace {

struct SpoolDir {
  std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("carteiro-spool-" + std::to_string(std::random_device{}()));
  std::filesystem::path dir = root / "tmp";  // not there yet: the spool makes it
  ~SpoolDir() { std::filesystem::remove_all(root); }

  // A directory that cannot be made: a plain file stands where its parent should be.
  std::filesystem::path blocked() const {
    std::filesystem::create_directories(root);
    std::filesystem::path file = root / "file";
    std::FILE* f = std::fopen(file.c_str(), "w");
    REQUIRE(f);
    std::fclose(f);
    return file / "tmp";
  }

  std::size_t entries() const {
    if (!std::filesystem::exists(dir)) return 0;
    std::size_t n = 0;
    for (auto it = std::filesystem::directory_iterator(dir); it != std::filesystem::directory_iterator(); ++it) ++n;
    return n;
  }
};

// Every byte value, so nothing in the path treats the content as text.
std::string binary(std::size_t size, unsigned seed) {
  std::string out(size, '\0');
  std::mt19937 gen(seed);
  for (auto& c : out) c = static_cast<char>(gen() & 0xff);
  return out;
}

}  // namespace

TEST_CASE("spool: below and at the threshold stays in memory") {
  SpoolDir d;
  Spool below(d.dir, 100);
  below.append("hello");
  CHECK_FALSE(below.in_file());
  CHECK(below.finish() == "hello");
  Spool at(d.dir, 100);
  auto content = binary(100, 1);
  at.append(content);
  CHECK_FALSE(at.in_file());
  CHECK(at.size() == 100);
  CHECK(at.finish() == content);
  CHECK_FALSE(std::filesystem::exists(d.dir));  // never needed
}

TEST_CASE("spool: empty") {
  SpoolDir d;
  Spool s(d.dir, 10);
  s.append("");
  CHECK(s.size() == 0);
  CHECK(s.finish().empty());
  CHECK(s.finish().empty());  // finishing twice is the same view
}

TEST_CASE("spool: above the threshold moves to an unnamed file") {
  SpoolDir d;
  auto content = binary(3 * 1024 * 1024 + 7, 2);
  Spool s(d.dir, 64 * 1024);
  s.append(std::string_view(content).substr(0, 1000));
  CHECK_FALSE(s.in_file());
  s.append(std::string_view(content).substr(1000));
  CHECK(s.in_file());
  CHECK(std::filesystem::is_directory(d.dir));
  CHECK(d.entries() == 0);  // the file has no name
  auto view = s.finish();
  CHECK(view.size() == content.size());
  CHECK(view == content);
  CHECK(s.finish().data() == view.data());
  CHECK(d.entries() == 0);
}

TEST_CASE("spool: many small appends, as DATA hands over lines") {
  SpoolDir d;
  std::string expected;
  Spool s(d.dir, 4096);
  for (unsigned i = 0; i < 20000; ++i) {
    auto line = binary(i % 97, i) + "\r\n";
    expected += line;
    s.append(line);
  }
  // A few pieces larger than the write buffer go straight to the file.
  auto big = binary(200 * 1024, 99);
  s.append(big);
  expected += big;
  s.append("end\r\n");
  expected += "end\r\n";
  CHECK(s.in_file());
  CHECK(s.size() == expected.size());
  CHECK(s.finish() == expected);
  CHECK(d.entries() == 0);
}

TEST_CASE("spool: moved spools keep their content, the source is empty") {
  SpoolDir d;
  auto content = binary(10000, 3);
  Spool a(d.dir, 100);
  a.append(content);
  Spool b(std::move(a));
  CHECK(b.in_file());
  CHECK(b.finish() == content);
  Spool c(d.dir, 100);
  c = std::move(b);
  CHECK(c.finish() == content);
}

TEST_CASE("spool: append after finish is a programming error") {
  SpoolDir d;
  Spool s(d.dir, 100);
  s.finish();
  CHECK_THROWS_AS(s.append("x"), std::logic_error);
}

TEST_CASE("spool: a directory that cannot be made is a clear error") {
  SpoolDir d;
  Spool s(d.blocked(), 4);
  s.append("abc");
  try {
    s.append("defgh");
    FAIL("expected SpoolError");
  } catch (const SpoolError& e) {
    CHECK(std::string(e.what()).find("spool:") == 0);
  }
}

TEST_CASE("spool: a directory it cannot write in is a clear error") {
  if (::geteuid() == 0) return;  // root writes anywhere
  SpoolDir d;
  std::filesystem::create_directories(d.dir);
  std::filesystem::permissions(d.dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  Spool s(d.dir, 4);
  CHECK_THROWS_AS(s.append("more than four"), SpoolError);
  std::filesystem::permissions(d.dir, std::filesystem::perms::owner_all);
}

TEST_CASE("spool: a write that fails (disk full) is a clear error") {
  // A file size limit makes write(2) fail the way a full disk does, without a full disk.
  SpoolDir d;
  auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit previous{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &previous) == 0);
  rlimit small = previous;
  small.rlim_cur = 128 * 1024;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  Spool s(d.dir, 1024);
  std::string error;
  try {
    s.append(binary(1024 * 1024, 5));
  } catch (const SpoolError& e) {
    error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &previous);
  std::signal(SIGXFSZ, previous_handler);
  CHECK(error.find("cannot write a temporary file in") != std::string::npos);
  CHECK(d.entries() == 0);
}

TEST_CASE("spool: append_or_record keeps the first error and appends nothing after it") {
  SpoolDir d;
  std::optional<std::string> error;
  Spool fine(d.dir, 4);
  carteiro::append_or_record(fine, "more than four", error);
  CHECK_FALSE(error);
  CHECK(fine.finish() == "more than four");
  Spool broken(d.blocked(), 4);
  carteiro::append_or_record(broken, "abc", error);
  CHECK_FALSE(error);
  carteiro::append_or_record(broken, "defgh", error);  // the spill fails: no directory
  REQUIRE(error);
  auto first = *error;
  carteiro::append_or_record(broken, "ijk", error);
  CHECK(*error == first);
  CHECK(broken.size() == 8);  // "ijk" was not even tried
}

TEST_CASE("spool: leftovers of a crash are removed at start-up, other files are not") {
  SpoolDir d;
  CHECK(carteiro::remove_leftover_spools(d.dir) == 0);  // no directory yet
  std::filesystem::create_directories(d.dir);
  for (const char* name : {"spool-abc123", "spool-XyZ999", "keep.txt"}) std::ofstream(d.dir / name) << "x";
  CHECK(carteiro::remove_leftover_spools(d.dir) == 2);
  CHECK(std::filesystem::exists(d.dir / "keep.txt"));
  CHECK_FALSE(std::filesystem::exists(d.dir / "spool-abc123"));
}
