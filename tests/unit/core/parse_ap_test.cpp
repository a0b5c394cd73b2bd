// SiteTime::parse_ap: the site's AP-style display times read back into UTC instants, in the
// forms scraped pages use, and everything else refused.
#include <date/date.h>
#include <gtest/gtest.h>

#include "core/site_time.h"

namespace marquee {
namespace {

Time utc(int y, unsigned m, unsigned d, int h, int min) {
  return date::sys_days{date::year{y} / m / d} + std::chrono::hours(h) + std::chrono::minutes(min);
}

struct ReadCase {
  const char* text;
  Time expected;
};

TEST(ParseAp, ReadsTheDisplayForms) {
  auto site = SiteTime::load("America/New_York");
  ASSERT_TRUE(site);
  const ReadCase cases[] = {
      {"Jul 21, 2010 at 2:39 p.m. ET", utc(2010, 7, 21, 18, 39)},
      {"July 21, 2010 at 2:39 PM ET", utc(2010, 7, 21, 18, 39)},
      {"Jul. 21, 2010 at 2:39 pm", utc(2010, 7, 21, 18, 39)},
      {"Jul 21, 2010 2:39 PM ET", utc(2010, 7, 21, 18, 39)},
      {"Jul 21, 2010 at 2:39pm ET", utc(2010, 7, 21, 18, 39)},
      {"jul 21 2010 at 2:39 P.M. et", utc(2010, 7, 21, 18, 39)},
      {"  Jul 21, 2010 at 2:39 p.m. ET  ", utc(2010, 7, 21, 18, 39)},
      {"Jul 21, 2010 at 2:39 p.m. EDT", utc(2010, 7, 21, 18, 39)},
      {"Jul 21, 2010 at 14:39", utc(2010, 7, 21, 18, 39)},
      {"Jul 21, 2010 at noon ET", utc(2010, 7, 21, 16, 0)},
      {"Jul 21, 2010 at Noon", utc(2010, 7, 21, 16, 0)},
      {"Jul 22, 2010 at midnight ET", utc(2010, 7, 22, 4, 0)},
      {"Jul 22, 2010 at 12:05 a.m. ET", utc(2010, 7, 22, 4, 5)},
      {"Jul 21, 2010 at 12:30 p.m. ET", utc(2010, 7, 21, 16, 30)},
      {"Sept. 3, 2010 at 11 a.m. ET", utc(2010, 9, 3, 15, 0)},
      {"Sep 3, 2010 at 11 a.m.", utc(2010, 9, 3, 15, 0)},
      {"September 3, 2010 at 11 AM", utc(2010, 9, 3, 15, 0)},
      // Winter: EST, five hours behind UTC, under the same label.
      {"Jan 21, 2010 at 1:39 p.m. ET", utc(2010, 1, 21, 18, 39)},
      {"Jan 21, 2010 at 1:39 p.m. EST", utc(2010, 1, 21, 18, 39)},
      {"Feb 29, 2008 at 9 a.m.", utc(2008, 2, 29, 14, 0)},
      // Spring forward: 2:30 a.m. did not exist on 2010-03-14 and reads as 3:30 EDT.
      {"Mar 14, 2010 at 2:30 a.m. ET", utc(2010, 3, 14, 7, 30)},
      // Fall back: 1:30 a.m. happened twice on 2010-11-07; the first (EDT) is taken.
      {"Nov 7, 2010 at 1:30 a.m. ET", utc(2010, 11, 7, 5, 30)},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(site->parse_ap(c.text), std::optional<Time>(c.expected)) << c.text;
  }
}

TEST(ParseAp, RoundTripsWhatTheSiteWrites) {
  for (const char* zone : {"America/New_York", "America/Los_Angeles", "Europe/London"}) {
    auto site = SiteTime::load(zone);
    ASSERT_TRUE(site);
    // Every 97 minutes over a year, so noon, midnight and both DST switches come up.
    for (Time t = utc(2010, 1, 1, 0, 0); t < utc(2011, 1, 1, 0, 0); t += std::chrono::minutes(97)) {
      const std::string shown = site->ap_datetime(t);
      const auto back = site->parse_ap(shown);
      ASSERT_TRUE(back) << zone << ": " << shown;
      // The one hour that happens twice in autumn reads back as its first occurrence.
      if (*back != t) {
        EXPECT_EQ(*back + std::chrono::hours(1), t) << zone << ": " << shown;
      }
    }
  }
}

TEST(ParseAp, ConfiguredLabelIsAccepted) {
  auto site = SiteTime::load("America/New_York", "Eastern");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->parse_ap("Jul 21, 2010 at 2:39 p.m. Eastern"), utc(2010, 7, 21, 18, 39));
  EXPECT_EQ(site->parse_ap("Jul 21, 2010 at 2:39 p.m. ET"), utc(2010, 7, 21, 18, 39));
}

TEST(ParseAp, RefusesWhatItCannotRead) {
  auto site = SiteTime::load("America/New_York");
  ASSERT_TRUE(site);
  const char* bad[] = {
      "",
      "   ",
      "yesterday",
      "Jul 21, 2010",                        // no clock
      "Jul 21 at 2:39 p.m. ET",              // no year
      "Jul 41, 2010 at 2:39 p.m. ET",        // no such day
      "Feb 29, 2010 at 9 a.m.",              // not a leap year
      "Jux 21, 2010 at 2:39 p.m. ET",        // no such month
      "Ju 21, 2010 at 2:39 p.m. ET",         // too short to be a month
      "Jul 21, 2010 at 13:39 p.m. ET",       // 13 p.m.
      "Jul 21, 2010 at 0:39 a.m. ET",        // 0 a.m.
      "Jul 21, 2010 at 2:75 p.m. ET",        // minute 75
      "Jul 21, 2010 at 24:00",               // hour 24
      "Jul 21, 2010 at 3 ET",                // bare hour without a.m./p.m.
      "Jul 21, 2010 at 2:39 p.m. PT",        // another zone's label
      "Jul 21, 2010 at 2:39 p.m. ET extra",  // trailing words
      "Jul 21, 2010 at 2:39 p.m. ET!",       // trailing punctuation
      "Jul 21, 20100 at 2:39 p.m. ET",       // five-digit year
      "Jul 210, 2010 at 2:39 p.m. ET",       // three-digit day
      "2010-07-21 14:39",                    // ISO belongs to parse_local
      "Jul 21, 2010 at 2:39 x.m. ET",
  };
  for (const char* text : bad) EXPECT_FALSE(site->parse_ap(text)) << '"' << text << '"';
}

TEST(ParseAp, SurvivesHostileBytes) {
  auto site = SiteTime::load("America/New_York");
  ASSERT_TRUE(site);
  const std::string inputs[] = {
      std::string("Jul\0 21, 2010 at 2:39 p.m.", 26),
      std::string(10000, '9'),
      "Jul " + std::string(5000, '1') + ", 2010",
      "\xFF\xFE\xC3\x28 at noon",
      "Jul 21, 2010 at",
      "Jul 21, 2010 at 2:",
      "Jul 21,",
  };
  for (const auto& text : inputs) EXPECT_FALSE(site->parse_ap(text));
}

}  // namespace
}  // namespace marquee
