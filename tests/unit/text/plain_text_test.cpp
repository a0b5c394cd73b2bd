// plain_text() and excerpt(): block structure, entities, hidden content, multibyte cuts.
#include <gtest/gtest.h>

#include "text/text.h"

namespace marquee::text {
namespace {

TEST(PlainText, Cases) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"just words", "just words"},
      {"<p>One</p><p>Two</p>", "One\nTwo"},
      {"<h2>Cast</h2><ul><li>Dakota Fanning</li><li>Kristen   Stewart</li></ul>",
       "Cast\nDakota Fanning\nKristen Stewart"},
      {"<p>Tom &amp; Jerry &lt;3 &quot;quoted&quot; caf&eacute; &#8212; &#x2019;</p>",
       "Tom & Jerry <3 \"quoted\" caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x99"},
      {"<p>  lots \n\t of   <em>white</em>space  </p>", "lots of whitespace"},
      {"<p>line<br>break</p>", "line\nbreak"},
      {"<p>before</p><script>var x = 1;</script><style>p{}</style><p>after</p>", "before\nafter"},
      {"<p>a<!-- hidden --> b</p>", "a b"},
      {"<table><tr><td>Film</td><td>Year</td></tr><tr><td>Eclipse</td><td>2010</td></tr></table>",
       "Film Year\nEclipse 2010"},
      {"<blockquote><p>Quoted</p></blockquote><p>Said</p>", "Quoted\nSaid"},
      {"no&nbsp;break&nbsp;&nbsp;spaces", "no break spaces"},
      {"<div><div><p>nested</p></div>tail</div>", "nested\ntail"},
      {"unclosed <b>bold <i>italic", "unclosed bold italic"},
  };
  for (const auto& [html, text] : cases) EXPECT_EQ(plain_text(html), text) << html;
}

TEST(PlainText, DeepNestingKeepsTheText) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<div>";
  html += "deep text";
  EXPECT_EQ(plain_text(html), "deep text");
}

struct ExcerptCase {
  const char* text;
  std::size_t max;
  const char* expected;
};

TEST(Excerpt, Cases) {
  const ExcerptCase cases[] = {
      {"Short enough", 100, "Short enough"},
      {"Exactly twelve", 14, "Exactly twelve"},
      {"Kristen Stewart stars as Joan Jett", 20, "Kristen Stewart\xE2\x80\xA6"},
      {"Kristen Stewart stars as Joan Jett", 18, "Kristen Stewart\xE2\x80\xA6"},
      {"One, two, three", 10, "One\xE2\x80\xA6"},  // no comma before the ellipsis
      {"Supercalifragilistic", 10, "Superca\xE2\x80\xA6"},
      {"abc def", 2, ""},
      {"abc def", 3, "\xE2\x80\xA6"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(excerpt(c.text, c.max), c.expected) << c.text << " " << c.max;
}

TEST(Excerpt, MultibyteTextIsNeverCutInsideASequence) {
  // Japanese has no spaces; Russian and emoji have multibyte letters with spaces between words.
  const std::string texts[] = {
      "\xE6\x98\xA0\xE7\x94\xBB\xE3\x81\xAE\xE8\xA9\xB1\xE9\xA1\x8C\xE3\x81\xA7\xE3\x81\x99",
      "\xD0\x9A\xD1\x80\xD0\xB8\xD1\x81\xD1\x82\xD0\xB5\xD0\xBD \xD0\xA1\xD1\x82\xD1\x8E\xD0\xB0"
      "\xD1\x80\xD1\x82 \xD0\xB2 \xD1\x84\xD0\xB8\xD0\xBB\xD1\x8C\xD0\xBC\xD0\xB5",
      "\xF0\x9F\x8E\xAC \xF0\x9F\x8E\xA4 \xF0\x9F\x8E\xB8 \xF0\x9F\x8E\xA7",
  };
  for (const auto& text : texts) {
    for (std::size_t max = 0; max < text.size() + 2; ++max) {
      const std::string cut = excerpt(text, max);
      EXPECT_LE(cut.size(), max) << text;
      EXPECT_TRUE(is_valid_utf8(cut)) << text << " at " << max;
    }
  }
  // Cyrillic words: cut on the space, not inside "Стюарт".
  EXPECT_EQ(excerpt(texts[1], 22),
            "\xD0\x9A\xD1\x80\xD0\xB8\xD1\x81\xD1\x82\xD0\xB5\xD0\xBD\xE2\x80\xA6");
}

}  // namespace
}  // namespace marquee::text
