// The reader's words as tsquery text and the snippet marker: pure functions, so every hostile
// input can be tried without a server.
#include <gtest/gtest.h>

#include "store/postgres/search_words.h"

namespace marquee::postgres {
namespace {

TEST(TsqueryText, ReadersWordsBecomeQuotedLexemesOnly) {
  struct Case {
    const char* name;
    std::string text;
    std::string want;
  };
  const Case cases[] = {
      {"two words, last a prefix", "Kristen Stew", "'Kristen' & 'Stew':*"},
      {"finished word", "eclipse ", "'eclipse'"},
      {"short last word", "ec", "'ec'"},
      {"operators are separators", "a & b | !c <-> d:*", "'a' & 'b' & 'c' & 'd'"},
      {"quotes and backslashes", "o'neil \\x \"q\"", "'o' & 'neil' & 'x' & 'q'"},
      {"accents stay in the word", "Beyoncé", "'Beyoncé':*"},
      {"no-break spaces separate",
       "\xc2\xa0"
       "eclipse\xc2\xa0",
       "'eclipse'"},
      {"invalid bytes separate",
       "ecl\xff"
       "ipse",
       "'ecl' & 'ipse':*"},
      {"overlong slash is no word", "\xc0\xaf", ""},
      {"lone surrogate is no word", "\xed\xa0\x80", ""},
      {"truncated sequence", "eclipse \xe2\x82", "'eclipse':*"},  // not a space
      {"NUL separates", std::string("eclipse\0near", 12), "'eclipse' & 'near':*"},
      {"nothing but punctuation", "\"'()*:&|!", ""},
      {"empty", "", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(tsquery_text(c.text), c.want) << c.name;
}

TEST(TsqueryText, AtMostThirtyTwoWords) {
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text += 'w';
    text += std::to_string(i) + " ";
  }
  std::string query = tsquery_text(text);
  EXPECT_NE(query.find("'w31'"), std::string::npos);
  EXPECT_EQ(query.find("'w32'"), std::string::npos);
}

TEST(TsqueryText, AnyWordJoinsWithOr) {
  EXPECT_EQ(any_word_tsquery_text("Kristen Stew"), "'Kristen' | 'Stew':*");
  EXPECT_EQ(headline_tsquery_text("Kristen Stew"), "'Kristen':A & 'Stew':*A");
  EXPECT_EQ(headline_tsquery_text("Kristen Stew "), "'Kristen':A & 'Stew':A");
  EXPECT_EQ(any_word_tsquery_text("!!"), "");
}

std::vector<ParsedToken> words(std::initializer_list<std::pair<const char*, bool>> list) {
  std::vector<ParsedToken> tokens;
  for (auto [text, match] : list) tokens.push_back({text, true, match});
  return tokens;
}

TEST(MarkedSnippet, MarksMatchesAndKeepsEverythingBetween) {
  std::string text = "Fans chanted <b>loud</b> as \"Pattinson\" arrived.";
  auto tokens = words({{"Fans", false},
                       {"chanted", false},
                       {"b", false},
                       {"loud", false},
                       {"b", false},
                       {"as", false},
                       {"Pattinson", true},
                       {"arrived", false}});
  EXPECT_EQ(marked_snippet(text, tokens, "[", "]", 32),
            "Fans chanted <b>loud</b> as \"[Pattinson]\" arrived.");
}

TEST(MarkedSnippet, LongTextIsCutAroundTheFirstMatchWithEllipses) {
  std::string text;
  std::vector<ParsedToken> tokens;
  for (int i = 0; i < 100; ++i) {
    std::string w = i == 60 ? "Fanning" : 'w' + std::to_string(i);
    text += w + (i == 59 ? " \"" : i == 60 ? "\", " : " ");
    tokens.push_back({w, true, i == 60});
  }
  std::string snippet = marked_snippet(text, tokens, "[", "]", 10);
  EXPECT_EQ(snippet, "…w58 w59 \"[Fanning]\", w61 w62 w63 w64 w65 w66 w67…");
}

TEST(MarkedSnippet, NoMatchGivesTheOpening) {
  auto tokens = words({{"one", false}, {"two", false}, {"three", false}});
  EXPECT_EQ(marked_snippet("one two three", tokens, "[", "]", 2), "one two…");
  EXPECT_EQ(marked_snippet("one two three", tokens, "[", "]", 3), "one two three");
}

TEST(MarkedSnippet, TokensNotInTheTextAreSkipped) {
  auto tokens = words({{"one", false}, {"ghost", true}, {"two", true}});
  EXPECT_EQ(marked_snippet("one two", tokens, "[", "]", 32), "one [two]");
  EXPECT_EQ(marked_snippet("", tokens, "[", "]", 32), "");
}

}  // namespace
}  // namespace marquee::postgres
