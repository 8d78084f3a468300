#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/content_parts.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/migrations.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

namespace {

using PartsDb = TestDb;

}  // namespace

TEST_CASE("store: a content written in parts reads back as their concatenation") {
  PartsDb f;
  std::string big(3 * 1024 * 1024 + 11, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) & 0xff);
  ContentMeta meta{42, "env", "bs", "b"};
  auto id = contents::insert_parts(*f.db, {"Return-Path: <a@b>\r\n", "", "Received: x\r\n", big}, meta);
  auto stored = contents::read(*f.db, id);
  CHECK(stored == "Return-Path: <a@b>\r\nReceived: x\r\n" + big);
  auto m = contents::meta(*f.db, id);
  REQUIRE(m);
  CHECK(m->header_size == 42);
  CHECK(m->envelope == "env");
  CHECK(contents::read_piece(*f.db, id, 0, 6) == "Return");
}

TEST_CASE("store: a content of no parts, or only empty ones, is an empty blob") {
  PartsDb f;
  auto none = contents::insert_parts(*f.db, {}, ContentMeta{});
  auto empty = contents::insert_parts(*f.db, {"", ""}, ContentMeta{});
  CHECK(contents::read(*f.db, none).empty());
  CHECK(contents::read(*f.db, empty).empty());
  CHECK(contents::count(*f.db) == 2);
}
