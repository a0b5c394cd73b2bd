#include "core/ascii.h"

#include <gtest/gtest.h>

namespace marquee {
namespace {

TEST(Ascii, LowerChangesOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lower("Content-TYPE: 1A"), "content-type: 1a");
  EXPECT_EQ(ascii_lower("BEYONCÉ"), "beyoncÉ");  // multibyte UTF-8 passes through
  EXPECT_EQ(ascii_lower('['), '[');
  EXPECT_EQ(ascii_lower('@'), '@');
}

TEST(Ascii, CaseInsensitiveComparisons) {
  const std::tuple<const char*, const char*, bool> cases[] = {
      {"Keep-Alive", "keep-alive", true},
      {"", "", true},
      {"Sept", "sept", true},
      {"gzip", "gzi", false},
      {"É", "é", false},
      {"a", "A", true},
      {"[", "{", false},
      {"noon", "NOON", true},
  };
  for (const auto& [a, b, equal] : cases) EXPECT_EQ(iequals(a, b), equal) << a << " / " << b;
  EXPECT_TRUE(istarts_with("Read More: x", "read more"));
  EXPECT_FALSE(istarts_with("Read", "read more"));
  EXPECT_TRUE(istarts_with("anything", ""));
}

}  // namespace
}  // namespace marquee
