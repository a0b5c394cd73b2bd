// The private tokenizer of enrich/: folding, possessives, sentence and paragraph starts, and
// the Markdown ranges that are not prose.
#include "enrich/tokenize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace marquee::enrich_detail {
namespace {

std::vector<std::string> folded(std::string_view text, const Skips& skips = {}) {
  Tokens t = tokenize(text, skips);
  std::vector<std::string> out;
  for (const auto& tok : t.list) out.emplace_back(t.fold(tok));
  return out;
}

using V = std::vector<std::string>;

struct FoldCase {
  const char* text;
  V tokens;
};

TEST(Tokenize, FoldsCaseAndTypography) {
  const FoldCase cases[] = {
      {"Kristen STEWART", {"kristen", "stewart"}},
      {"Jett\xE2\x80\x99s guitar", {"jett", "guitar"}},
      {"O'Neal's role", {"o'neal", "role"}},
      {"Guns N' Roses", {"guns", "n", "'", "roses"}},
      {"\xE2\x80\x9CHi,\xE2\x80\x9D she said", {"\"", "hi", ",", "\"", "she", "said"}},
      {"K-Stew\xE2\x80\x94"
       "again",
       {"k", "-", "stew", "-", "again"}},
      {"\xC3\x89mile \xC3\xA9t\xC3\xA9", {"\xC3\xA9mile", "\xC3\xA9t\xC3\xA9"}},
      {"a\xC2\xA0"
       "b",
       {"a", "b"}},
      {"The Twilight Saga: Eclipse", {"the", "twilight", "saga", ":", "eclipse"}},
      {"", {}},
      {"\xff\xfe", {"\xff\xfe"}},
  };
  for (const auto& c : cases) EXPECT_EQ(folded(c.text), c.tokens) << c.text;
}

TEST(Tokenize, OffsetsAndFlags) {
  std::string text = "Mr. Stewart's band. Then ECLIPSE!\n\nNew para";
  Tokens t = tokenize(text);
  ASSERT_EQ(t.list.size(), 10u);
  const auto& stewart = t.list[2];
  EXPECT_EQ(text.substr(stewart.begin, stewart.end - stewart.begin), "Stewart");
  EXPECT_TRUE(stewart.has(kPossessive));
  EXPECT_TRUE(stewart.has(kCapitalized));
  EXPECT_FALSE(stewart.has(kSentenceStart));  // "Mr." does not end a sentence
  EXPECT_TRUE(t.list[0].has(kSentenceStart));
  EXPECT_TRUE(t.list[5].has(kSentenceStart));   // Then
  EXPECT_TRUE(t.list[6].has(kAllCaps));         // ECLIPSE
  EXPECT_TRUE(t.list[8].has(kParagraphStart));  // New
  EXPECT_EQ(t.list[8].paragraph, 1u);
  EXPECT_EQ(t.list[0].paragraph, 0u);
  EXPECT_GT(t.list[8].sentence, t.list[5].sentence);
}

struct SkipCase {
  const char* markdown;
  V tokens;  // what is left to read
};

TEST(Tokenize, MarkdownRangesThatAreNotProse) {
  const SkipCase cases[] = {
      {"See [Kristen Stewart](https://x.test/Kristen_Stewart \"Title Here\") now",
       {"see", "[", "kristen", "stewart", "]", "now"}},
      {"Code `Kristen Stewart` here", {"code", "here"}},
      {"Tag <a href=\"Kristen\">Stewart</a> end", {"tag", "stewart", "end"}},
      {"Link <https://Kristen.test> end", {"link", "end"}},
      {"Bare https://x.test/Kristen end", {"bare", "end"}},
      {"Before\n```\nKristen Stewart\n```\nAfter", {"before", "after"}},
      {"Open `tick and Kristen\n\nnext", {"open", "`", "tick", "and", "kristen", "next"}},
      {"![Poster](/media/Kristen.jpg) caption", {"!", "[", "poster", "]", "caption"}},
      {"Unclosed [link](no end", {"unclosed", "[", "link", "]", "(", "no", "end"}},
  };
  for (const auto& c : cases)
    EXPECT_EQ(folded(c.markdown, markdown_skips(c.markdown)), c.tokens) << c.markdown;
}

}  // namespace
}  // namespace marquee::enrich_detail
