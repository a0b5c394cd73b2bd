#include "importers/ascii_text.h"

#include <gtest/gtest.h>

namespace marquee::importers_detail {
namespace {

TEST(PageText, CollapseSpaces) {
  const std::pair<const char*, const char*> cases[] = {
      {"  a  b  ", "a b"},
      {"a\t\r\n b", "a b"},
      {"a\xC2\xA0\xC2\xA0"
       "b",
       "a b"},
      {"\xC2\xA0", ""},
      {"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(collapse_spaces(in), out) << in;
}

TEST(PageText, EndsSentence) {
  const std::pair<const char*, bool> cases[] = {
      {"It opens Friday.", true},
      {"Really?", true},
      {"Read more:", true},
      {"one; two;", true},
      {"and then\xE2\x80\xA6", true},
      {"\"Go.\")", true},
      {"[He left.]", true},
      {"\xE2\x80\x9CYes.\xE2\x80\x9D", true},
      {"Related stories", false},
      {"  ", false},
      {"\"\"", false},
  };
  for (const auto& [in, ends] : cases) EXPECT_EQ(ends_sentence(in), ends) << in;
}

TEST(PageText, StartsRelatedBlock) {
  const std::pair<std::string, bool> cases[] = {
      {"Read on for more Kristen Stewart", true},
      {"READ MORE", true},
      {"More on Twilight", true},
      {"Related: Eclipse", true},
      {"Related stories", true},
      {"Related articles", true},
      {"Read more about it here.", false},  // a sentence, not a label
      {"Moreover", false},
      {"Read more " + std::string(300, 'x'), false},  // too long for a label
  };
  for (const auto& [in, starts] : cases) EXPECT_EQ(starts_related_block(in), starts) << in;
}

}  // namespace
}  // namespace marquee::importers_detail
