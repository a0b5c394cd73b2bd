// UTF-8 validation, repair and truncation, including every class of malformed sequence.
#include <gtest/gtest.h>

#include <string>

#include "text/text.h"

namespace marquee::text {
namespace {

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
  std::string repaired;
};

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(Utf8, ValidationAndRepair) {
  const Utf8Case cases[] = {
      {"empty", "", true, ""},
      {"ascii", "Eclipse", true, "Eclipse"},
      {"two byte", "Beyonc\xC3\xA9", true, "Beyonc\xC3\xA9"},
      {"three byte", "\xE2\x80\x9CHi\xE2\x80\x9D", true, "\xE2\x80\x9CHi\xE2\x80\x9D"},
      {"four byte", "\xF0\x9F\x8E\xAC", true, "\xF0\x9F\x8E\xAC"},
      {"largest code point", "\xF4\x8F\xBF\xBF", true, "\xF4\x8F\xBF\xBF"},
      {"lone continuation",
       "a\x80"
       "b",
       false, "a" + kReplacement + "b"},
      {"invalid lead C0", "\xC0\xAF", false, kReplacement + kReplacement},
      {"overlong three byte", "\xE0\x80\xAF", false, kReplacement + kReplacement + kReplacement},
      {"surrogate", "\xED\xA0\x80", false, kReplacement + kReplacement + kReplacement},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false,
       kReplacement + kReplacement + kReplacement + kReplacement},
      {"truncated three byte at end", "x\xE2\x80", false, "x" + kReplacement},
      {"truncated four byte then ascii",
       "\xF0\x9F\x8E"
       "a",
       false, kReplacement + "a"},
      {"FF byte", "\xFF", false, kReplacement},
      {"latin-1 text", "caf\xE9 au lait", false, "caf" + kReplacement + " au lait"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_valid_utf8(c.bytes), c.valid) << c.name;
    EXPECT_EQ(repair_utf8(c.bytes), c.repaired) << c.name;
    EXPECT_TRUE(is_valid_utf8(repair_utf8(c.bytes))) << c.name;
  }
}

TEST(Utf8, SingleLineDropsControlCharacters) {
  const std::pair<std::string, std::string> cases[] = {
      {"Plain headline", "Plain headline"},
      {"Bell\x07 and escape\x1b[31m red", "Bell and escape [31m red"},
      {"Two\nlines\r\nhere\tand a tab", "Two lines here and a tab"},
      {"  padded   out  ", "padded out"},
      {std::string("NUL\0inside", 10), "NUL inside"},
      {"C1 \xC2\x85next line and \xC2\x9B"
       "csi",
       "C1 next line and csi"},
      {"DEL\x7Fgone", "DEL gone"},
      {"Caf\xC3\xA9 \xE2\x80\x94 kept", "Caf\xC3\xA9 \xE2\x80\x94 kept"},
      {"\x01\x02", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(text::single_line(in), out) << in;
}

TEST(Utf8, TruncateNeverSplitsASequence) {
  const std::string text = "K\xC3\xB6nig \xE2\x80\x94 \xF0\x9F\x8E\xAC!";  // König — 🎬!
  for (std::size_t max = 0; max <= text.size() + 2; ++max) {
    const std::string cut = truncate_utf8(text, max);
    EXPECT_LE(cut.size(), max);
    EXPECT_TRUE(is_valid_utf8(cut)) << "max " << max;
    EXPECT_EQ(text.compare(0, cut.size(), cut), 0);
    // Nothing is lost that would still have fit: the cut is at most one sequence short.
    EXPECT_GE(cut.size() + 3, std::min(max, text.size())) << "max " << max;
  }
  EXPECT_EQ(truncate_utf8(text, 2), "K");
  EXPECT_EQ(truncate_utf8(text, 3), "K\xC3\xB6");
  EXPECT_EQ(truncate_utf8("short", 100), "short");
}

}  // namespace
}  // namespace marquee::text
