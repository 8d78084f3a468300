#include <doctest/doctest.h>

#include "carteiro/mime/date.hpp"

using namespace carteiro::mime;

TEST_CASE("RFC 5322 date-time") {
  CHECK(parse_date("Tue, 15 Jan 2008 10:20:30 +0100") == 1200388830);
  CHECK(parse_date("15 Jan 2008 09:20:30 +0000") == 1200388830);
  CHECK(parse_date("Tue, 15 Jan 2008 04:20:30 -0500 (EST)") == 1200388830);
  CHECK(parse_date("Thu, 01 Jan 1970 00:00:00 +0000") == 0);
  CHECK(parse_date("Fri, 21 Nov 1997 09:55:06 -0600") == 880127706);
  CHECK(parse_date("Sat, 29 Feb 2020 23:59:60 +0000") == 1583020800);  // leap second
}

TEST_CASE("the zone a date was written in and its calendar day there") {
  auto east = parse_date_time("Tue, 15 Jan 2008 00:30:00 +0100");
  REQUIRE(east);
  CHECK(east->zone_minutes == 60);
  CHECK(east->unix_seconds == 1200353400);  // 14 Jan 23:30 UTC
  CHECK(east->local_day() == 13893);        // 15 Jan 2008
  auto west = parse_date_time("Tue, 15 Jan 2008 23:20:30 -0500");
  REQUIRE(west);
  CHECK(west->zone_minutes == -300);
  CHECK(west->local_day() == 13893);
  CHECK(parse_date_time("Wed, 31 Dec 1969 23:59:59 -0000")->local_day() == -1);
  CHECK(parse_date_time("Tue, 15 Jan 2008 04:20:30 EST")->zone_minutes == -300);
}

TEST_CASE("obsolete date forms (RFC 5322 section 4.3)") {
  CHECK(parse_date("15 Jan 08 09:20:30 GMT") == 1200388830);
  CHECK(parse_date("15 Jan 108 09:20:30 UT") == 1200388830);
  CHECK(parse_date("Tue, 15 Jan 2008 04:20:30 EST") == 1200388830);
  CHECK(parse_date("Tue , 15 Jan 2008 09:20 +0000") == 1200388800);  // no seconds
  CHECK(parse_date("15 January 2008 09:20:30") == 1200388830);       // no zone
  CHECK(parse_date("15-Jan-2008 09:20:30 +0000") == 1200388830);
  CHECK(parse_date("Tue, 15 Jan 2008 09:20:30 A") == 1200388830);  // military zone = -0000
  CHECK(parse_date("1 Jan 99 00:00:00 +0000") == 915148800);
}

TEST_CASE("unparseable dates") {
  CHECK_FALSE(parse_date(""));
  CHECK_FALSE(parse_date("yesterday"));
  CHECK_FALSE(parse_date("Tue, 15 Foo 2008 09:20:30 +0000"));
  CHECK_FALSE(parse_date("32 Jan 2008 09:20:30 +0000"));
  CHECK_FALSE(parse_date("15 Jan 2008 25:20:30 +0000"));
  CHECK_FALSE(parse_date("15 Jan 2008 09:20:30 +01"));
  CHECK_FALSE(parse_date("15 Jan 2008"));
  CHECK_FALSE(parse_date(std::string_view("\xFF\xFE\0", 3)));
}
