// Range and If-Range parsing for serving clips: every form, bad syntax, unsatisfiable ranges,
// numbers past 64 bits, and the If-Range comparisons of RFC 9110.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "media/media.h"

namespace marquee::media {
namespace {

using Kind = RangeAnswer::Kind;

struct RangeCase {
  const char* header;
  std::uint64_t size;
  Kind kind;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

TEST(Range, Table) {
  const RangeCase cases[] = {
      // The three forms.
      {"bytes=0-99", 1000, Kind::partial, 0, 99},
      {"bytes=100-199", 1000, Kind::partial, 100, 199},
      {"bytes=500-", 1000, Kind::partial, 500, 999},
      {"bytes=-100", 1000, Kind::partial, 900, 999},
      {"bytes=0-0", 1000, Kind::partial, 0, 0},
      {"bytes=999-999", 1000, Kind::partial, 999, 999},
      {"bytes=0-", 1000, Kind::partial, 0, 999},
      // Clamped to the file.
      {"bytes=900-5000", 1000, Kind::partial, 900, 999},
      {"bytes=-5000", 1000, Kind::partial, 0, 999},
      // Case of the unit and whitespace around the range (list syntax).
      {"Bytes=0-9", 1000, Kind::partial, 0, 9},
      {"BYTES=0-9", 1000, Kind::partial, 0, 9},
      {"bytes= 0-9 ", 1000, Kind::partial, 0, 9},
      {"  bytes=0-9", 1000, Kind::partial, 0, 9},
      {"bytes=0-9,", 1000, Kind::partial, 0, 9},  // empty list elements do not count
      {"bytes=,0-9", 1000, Kind::partial, 0, 9},
      // Unsatisfiable: 416.
      {"bytes=1000-", 1000, Kind::unsatisfiable},
      {"bytes=1000-2000", 1000, Kind::unsatisfiable},
      {"bytes=5000-6000", 1000, Kind::unsatisfiable},
      {"bytes=-0", 1000, Kind::unsatisfiable},
      {"bytes=0-", 0, Kind::unsatisfiable},
      {"bytes=-10", 0, Kind::unsatisfiable},
      {"bytes=9-5", 1000, Kind::unsatisfiable},  // last before first: invalid
      // Overflow: values saturate at 2^64 - 1.
      {"bytes=0-99999999999999999999999999", 1000, Kind::partial, 0, 999},
      {"bytes=-99999999999999999999999999", 1000, Kind::partial, 0, 999},
      {"bytes=99999999999999999999999999-", 1000, Kind::unsatisfiable},
      {"bytes=18446744073709551615-18446744073709551615", 1000, Kind::unsatisfiable},
      {"bytes=18446744073709551614-", 18446744073709551615ull, Kind::partial,
       18446744073709551614ull, 18446744073709551614ull},
      // Ignored: whole file with 200.
      {"", 1000, Kind::whole},
      {"bytes", 1000, Kind::whole},
      {"bytes=", 1000, Kind::whole},
      {"bytes=-", 1000, Kind::whole},
      {"bytes=abc", 1000, Kind::whole},
      {"bytes=1-2-3", 1000, Kind::whole},
      {"bytes=+1-2", 1000, Kind::whole},
      {"bytes=0x10-0x20", 1000, Kind::whole},
      {"bytes=1 -2", 1000, Kind::whole},
      {"bytes=-1-", 1000, Kind::whole},
      {"bytes=--1", 1000, Kind::whole},
      {"bytes=1-a", 1000, Kind::whole},
      {"bytes 0-99", 1000, Kind::whole},
      {"bytes:0-99", 1000, Kind::whole},
      {"bits=0-99", 1000, Kind::whole},
      {"items=0-9", 1000, Kind::whole},
      {"=0-99", 1000, Kind::whole},
      // Several ranges that overlap or nearly touch: merged into one.
      {"bytes=0-0,5-5", 1000, Kind::partial, 0, 5},
      {"bytes=0-9,20-29", 1000, Kind::partial, 0, 29},
      {"bytes=0-,0-,0-", 1000, Kind::partial, 0, 999},
      {"bytes=500-599,0-99,50-549", 1000, Kind::partial, 0, 599},
      {"bytes=0-9, -5", 50, Kind::partial, 0, 49},
      // Unsatisfiable ones among satisfiable ones are dropped.
      {"bytes=5000-6000,10-19", 1000, Kind::partial, 10, 19},
      {"bytes=5000-6000,7000-8000", 1000, Kind::unsatisfiable},
      // One malformed element: the header is ignored.
      {"bytes=0-9,x-y", 1000, Kind::whole},
  };
  for (const auto& c : cases) {
    const RangeAnswer answer = parse_range(c.header, c.size);
    EXPECT_EQ(answer.kind, c.kind) << c.header;
    EXPECT_EQ(answer.size, c.size) << c.header;
    if (c.kind == Kind::partial) {
      EXPECT_EQ(answer.first, c.first) << c.header;
      EXPECT_EQ(answer.last, c.last) << c.header;
    }
  }
}

TEST(Range, DistantRangesAreMultipart) {
  const RangeAnswer answer = parse_range("bytes=900-999,0-9,400-409", 1000);
  EXPECT_EQ(answer.kind, Kind::multipart);
  EXPECT_EQ(answer.status(), 206);
  EXPECT_EQ(answer.parts, (std::vector<ByteRange>{{0, 9}, {400, 409}, {900, 999}}));  // ascending
  EXPECT_EQ(answer.length(), 120u);
  EXPECT_EQ(answer.content_range(), "");  // each part carries its own
}

TEST(Range, ManyRangesAreAnsweredAsTheOneThatCoversThem) {
  std::string header = "bytes=";
  for (int i = 0; i < 40; ++i)
    header += std::to_string(i * 200) + "-" + std::to_string(i * 200) + ",";
  const RangeAnswer answer = parse_range(header, 100000);
  EXPECT_EQ(answer.kind, Kind::partial);
  EXPECT_EQ(answer.first, 0u);
  EXPECT_EQ(answer.last, 7800u);
}

TEST(Range, OverlongHeaderIsIgnored) {
  std::string header = "bytes=0-" + std::string(2000, '9');
  EXPECT_EQ(parse_range(header, 1000).kind, Kind::whole);
}

TEST(Range, StatusLengthAndContentRange) {
  const RangeAnswer partial = parse_range("bytes=100-199", 1000);
  EXPECT_EQ(partial.status(), 206);
  EXPECT_EQ(partial.length(), 100u);
  EXPECT_EQ(partial.content_range(), "bytes 100-199/1000");

  const RangeAnswer suffix = parse_range("bytes=-1", 1000);
  EXPECT_EQ(suffix.length(), 1u);
  EXPECT_EQ(suffix.content_range(), "bytes 999-999/1000");

  const RangeAnswer unsatisfiable = parse_range("bytes=2000-", 1000);
  EXPECT_EQ(unsatisfiable.status(), 416);
  EXPECT_EQ(unsatisfiable.length(), 0u);
  EXPECT_EQ(unsatisfiable.content_range(), "bytes */1000");

  const RangeAnswer whole = parse_range("", 1000);
  EXPECT_EQ(whole.status(), 200);
  EXPECT_EQ(whole.length(), 1000u);
  EXPECT_EQ(whole.content_range(), "");
}

TEST(IfRange, Table) {
  using namespace std::chrono;
  // Sun, 06 Nov 1994 08:49:37 GMT
  const Time modified = sys_days(year_month_day(year(1994), month(11), day(6))) + hours(8) +
                        minutes(49) + seconds(37);
  const std::string etag = "\"clip-v1\"";
  const struct {
    const char* if_range;
    std::string_view etag;
    std::optional<Time> last_modified;
    bool matches;
  } cases[] = {
      {"", etag, modified, true},  // no condition
      {"\"clip-v1\"", etag, modified, true},
      {" \"clip-v1\" ", etag, modified, true},
      {"\"clip-v2\"", etag, modified, false},
      {"W/\"clip-v1\"", etag, modified, false},           // weak never matches
      {"\"clip-v1\"", "W/\"clip-v1\"", modified, false},  // nor does a weak current tag
      {"\"clip-v1\"", "", modified, false},               // no ETag to compare with
      {"\"clip-v1", etag, modified, false},               // unterminated
      {"\"clip\"v1\"", "\"clip\"v1\"", modified, false},  // quote inside: not a tag
      {"\"\"", "\"\"", modified, true},                   // the empty tag is a tag
      {"Sun, 06 Nov 1994 08:49:37 GMT", etag, modified, true},
      {"Sunday, 06-Nov-94 08:49:37 GMT", etag, modified, true},
      {"Sun Nov  6 08:49:37 1994", etag, modified, true},
      {"Sun, 06 Nov 1994 08:49:38 GMT", etag, modified, false},  // a second later
      {"Sun, 06 Nov 1994 08:49:36 GMT", etag, modified, false},  // earlier is not equal
      {"Sun, 06 Nov 1994 08:49:37 GMT", etag, std::nullopt, false},
      {"Sun, 06 Nov 1994 08:49:37", etag, modified, false},  // no zone
      {"Sun, 06 Nov 1994 08:49:37 GMT junk", etag, modified, false},
      {"06 Nov 1994", etag, modified, false},
      {"yesterday", etag, modified, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(if_range_matches(c.if_range, c.etag, c.last_modified), c.matches) << c.if_range;
  }
}

}  // namespace
}  // namespace marquee::media
