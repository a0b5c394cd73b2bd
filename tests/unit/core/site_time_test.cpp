#include "core/site_time.h"

#include <date/date.h>
#include <gtest/gtest.h>

namespace marquee {
namespace {

Time utc(int y, unsigned m, unsigned d, int h, int min) {
  return date::sys_days{date::year{y} / m / d} + std::chrono::hours(h) + std::chrono::minutes(min);
}

TEST(SiteTime, UnknownZoneIsRefused) {
  EXPECT_FALSE(SiteTime::load("Mars/Olympus_Mons"));
}

struct ApCase {
  const char* zone;
  Time when;
  const char* expected;
};

TEST(SiteTime, ApStyleAcrossDstNoonAndMidnight) {
  const ApCase cases[] = {
      // The reference story: 18:39 UTC in July is 2:39 p.m. EDT.
      {"America/New_York", utc(2010, 7, 21, 18, 39), "Jul 21, 2010 at 2:39 p.m. ET"},
      // Winter: 18:39 UTC is 1:39 p.m. EST, the same label.
      {"America/New_York", utc(2010, 1, 21, 18, 39), "Jan 21, 2010 at 1:39 p.m. ET"},
      {"America/New_York", utc(2010, 7, 21, 16, 0), "Jul 21, 2010 at noon ET"},
      {"America/New_York", utc(2010, 7, 22, 4, 0), "Jul 22, 2010 at midnight ET"},
      {"America/New_York", utc(2010, 7, 22, 4, 5), "Jul 22, 2010 at 12:05 a.m. ET"},
      {"America/New_York", utc(2010, 7, 21, 19, 0), "Jul 21, 2010 at 3 p.m. ET"},
      {"America/New_York", utc(2010, 7, 21, 13, 7), "Jul 21, 2010 at 9:07 a.m. ET"},
      // Local date differs from the UTC date late in the evening.
      {"America/New_York", utc(2010, 7, 22, 2, 30), "Jul 21, 2010 at 10:30 p.m. ET"},
      // The DST switch: 2010-03-14 at 2 a.m. EST became 3 a.m. EDT (07:00 UTC).
      {"America/New_York", utc(2010, 3, 14, 6, 59), "Mar 14, 2010 at 1:59 a.m. ET"},
      {"America/New_York", utc(2010, 3, 14, 7, 0), "Mar 14, 2010 at 3 a.m. ET"},
      {"America/Los_Angeles", utc(2010, 7, 21, 18, 39), "Jul 21, 2010 at 11:39 a.m. PT"},
      {"Europe/London", utc(2010, 7, 21, 18, 39), "Jul 21, 2010 at 7:39 p.m. BST"},
      {"Europe/London", utc(2010, 12, 21, 18, 39), "Dec 21, 2010 at 6:39 p.m. GMT"},
  };
  for (const auto& c : cases) {
    auto site = SiteTime::load(c.zone);
    ASSERT_TRUE(site) << c.zone;
    EXPECT_EQ(site->ap_datetime(c.when), c.expected) << c.zone;
  }
}

TEST(SiteTime, ConfiguredLabelWins) {
  auto site = SiteTime::load("America/New_York", "Eastern");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->ap_datetime(utc(2010, 7, 21, 18, 39)), "Jul 21, 2010 at 2:39 p.m. Eastern");
}

TEST(SiteTime, LocalDateAndIso) {
  auto site = SiteTime::load("America/New_York");
  ASSERT_TRUE(site);
  auto d = site->local_date(utc(2010, 7, 22, 2, 30));
  EXPECT_EQ(d.year, 2010);
  EXPECT_EQ(d.month, 7u);
  EXPECT_EQ(d.day, 21u);
  EXPECT_EQ(site->iso_local(utc(2010, 7, 21, 18, 39)), "2010-07-21T14:39:00-04:00");
  EXPECT_EQ(iso_utc(utc(2010, 7, 21, 18, 39)), "2010-07-21T18:39:00Z");
  EXPECT_EQ(http_date(utc(2010, 7, 21, 18, 39)), "Wed, 21 Jul 2010 18:39:00 GMT");
}

TEST(SiteTime, ParseLocalHandlesDstGaps) {
  auto site = SiteTime::load("America/New_York");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->parse_local("2010-07-21 14:39"), utc(2010, 7, 21, 18, 39));
  EXPECT_EQ(site->parse_local("2010-07-21T14:39"), utc(2010, 7, 21, 18, 39));
  // 2:30 a.m. did not exist on 2010-03-14; read as 3:30 EDT.
  EXPECT_EQ(site->parse_local("2010-03-14 02:30"), utc(2010, 3, 14, 7, 30));
  // 1:30 a.m. happened twice on 2010-11-07; the first (EDT) is taken.
  EXPECT_EQ(site->parse_local("2010-11-07 01:30"), utc(2010, 11, 7, 5, 30));
  EXPECT_FALSE(site->parse_local("yesterday"));
  EXPECT_FALSE(site->parse_local("2010-07-21 14:39 junk"));
}

TEST(SiteTime, ParseIso) {
  EXPECT_EQ(parse_iso("2010-07-21T18:39:00Z"), utc(2010, 7, 21, 18, 39));
  EXPECT_EQ(parse_iso("2010-07-21T14:39:00-04:00"), utc(2010, 7, 21, 18, 39));
  EXPECT_EQ(parse_iso("2010-07-21"), utc(2010, 7, 21, 0, 0));
  EXPECT_FALSE(parse_iso("21/07/2010"));
  EXPECT_FALSE(parse_iso(""));
}

// Found by fuzzing (tests/fuzz/corpus/fuzz_scraped_story/nan-seconds): date::parse reads seconds
// as a floating-point number and converts NaN or infinity to an integer, which is undefined
// (UBSan stops there: make test-sanitize, and the fuzz run over the corpus in make test).
TEST(SiteTime, TextThatIsNoNumericTimeIsRefusedBeforeParsing) {
  const auto site = SiteTime::load("America/New_York", "ET");
  ASSERT_TRUE(site);
  for (const char* text :
       {"2010-03-19T09:00:nan", "2010-03-19T09:00:NAN", "2010-03-19T09:00:inf",
        "2010-03-19T09:00:-nan", "2010-03-19T09:00:0x1p3", "2010-03-19T09:00:e5",
        "2010-03-19T09:00:     </ul>", "2010-03-19T09:00:", "2010-03-19T09:00:.",
        "2010-03-19T09:00:-.", "2010-03-19T09:00: .5", "2010-03-19T09:00:00.Z"}) {
    EXPECT_FALSE(parse_iso(text)) << text;
    EXPECT_FALSE(site->parse_local(text)) << text;
  }
}

}  // namespace
}  // namespace marquee
