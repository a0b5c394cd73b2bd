// markdown_to_html(): GFM features, smart punctuation, and raw HTML passing through the sanitiser.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "text/text.h"

namespace marquee::text {
namespace {

struct MarkdownCase {
  const char* name;
  const char* markdown;
  const char* html;
};

TEST(Markdown, Cases) {
  const MarkdownCase cases[] = {
      {"empty", "", ""},
      {"paragraphs", "First paragraph.\n\nSecond one.",
       "<p>First paragraph.</p>\n<p>Second one.</p>\n"},
      {"soft break", "line one\nline two", "<p>line one\nline two</p>\n"},
      {"emphasis", "*em* and **strong** and ***both***",
       "<p><em>em</em> and <strong>strong</strong> and <em><strong>both</strong></em></p>\n"},
      {"strikethrough", "~~gone~~", "<p><del>gone</del></p>\n"},
      {"inline link", "[Eclipse](/movies/eclipse \"The film\")",
       "<p><a href=\"/movies/eclipse\" title=\"The film\">Eclipse</a></p>\n"},
      {"external link", "[site](https://example.com/)",
       "<p><a href=\"https://example.com/\" rel=\"noopener\">site</a></p>\n"},
      {"autolink", "See https://example.com/runaways now",
       "<p>See <a href=\"https://example.com/runaways\" rel=\"noopener\">"
       "https://example.com/runaways</a> now</p>\n"},
      {"javascript link", "[click](javascript:alert(1))", "<p>click</p>\n"},
      {"encoded javascript link", "[click](&#106;avascript:alert(1))", "<p>click</p>\n"},
      {"javascript autolink", "<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"},
      {"image", "![Joan Jett on stage](/media/jett.jpg)",
       "<p><img src=\"/media/jett.jpg\" alt=\"Joan Jett on stage\"></p>\n"},
      {"data image", "![x](data:image/png;base64,AAAA)", "<p></p>\n"},
      {"bullet list", "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
      {"ordered list from 3", "3. three\n4. four",
       "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n"},
      {"heading one becomes two", "# Big\n\n## Smaller", "<h2>Big</h2>\n<h2>Smaller</h2>\n"},
      {"blockquote", "> Quoted line", "<blockquote>\n<p>Quoted line</p>\n</blockquote>\n"},
      {"code span", "use `a < b`", "<p>use <code>a &lt; b</code></p>\n"},
      {"fenced code", "```cpp\nint x;\n```", "<pre><code>int x;\n</code></pre>\n"},
      {"table", "| Film | Year |\n| :--- | ---: |\n| Eclipse | 2010 |",
       "<table>\n<thead>\n<tr>\n<th align=\"left\">Film</th>\n<th align=\"right\">Year</th>\n"
       "</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">Eclipse</td>\n"
       "<td align=\"right\">2010</td>\n</tr>\n</tbody>\n</table>\n"},
      {"smart quotes", "\"Cherry Bomb\" isn't 'over'",
       "<p>\xE2\x80\x9C"
       "Cherry Bomb\xE2\x80\x9D isn\xE2\x80\x99t \xE2\x80\x98over\xE2\x80\x99</p>\n"},
      {"smart dashes and ellipsis", "2009--2010 --- then...",
       "<p>2009\xE2\x80\x93"
       "2010 \xE2\x80\x94 then\xE2\x80\xA6</p>\n"},
      {"raw inline html kept", "A <mark>highlight</mark> and <abbr title=\"Los Angeles\">LA</abbr>",
       "<p>A <mark>highlight</mark> and <abbr title=\"Los Angeles\">LA</abbr></p>\n"},
      {"raw block html sanitised", "<div onclick=\"x()\">\n\n*inside*\n\n</div>",
       "\n<p><em>inside</em></p>\n\n"},
      // The tag filter shows these tags as text instead of passing them to the sanitiser.
      {"raw script filtered", "<script>alert(1)</script>",
       "&lt;script&gt;alert(1)&lt;/script&gt;\n"},
      {"raw event handler", "<img src=x onerror=alert(1)>", "<img src=\"x\">\n"},
      {"raw iframe", "before <iframe src=\"https://evil.example/\"></iframe> after",
       "<p>before &lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt; after</p>\n"},
      {"invalid utf-8", "caf\xE9", "<p>caf\xEF\xBF\xBD</p>\n"},
  };
  for (const auto& c : cases) EXPECT_EQ(markdown_to_html(c.markdown), c.html) << c.name;
}

TEST(Markdown, OutputIsAFixedPointOfTheSanitiser) {
  const std::string source =
      "# The Runaways\n\n**Kristen Stewart** plays [Joan Jett](/people/joan-jett).\n\n"
      "> \"It was loud,\" she said.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<b onclick=x>raw</b>\n";
  const std::string html = markdown_to_html(source);
  EXPECT_EQ(sanitize_html(html), html);
}

// The server renders on several threads at once; extension registration must not race.
TEST(Markdown, RendersConcurrently) {
  const std::string source = "| a | b |\n|---|---|\n| *1* | ~~2~~ |\n\nSee https://example.com/";
  const std::string expected = markdown_to_html(source);
  std::vector<std::string> results(4);
  {
    std::vector<std::jthread> threads;
    for (auto& result : results) {
      threads.emplace_back([&source, &result] {
        for (int i = 0; i < 50; ++i) result = markdown_to_html(source);
      });
    }
  }
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

TEST(Markdown, LargeInputRendersCompletely) {
  std::string source;
  for (int i = 0; i < 2000; ++i)
    source += "Paragraph " + std::to_string(i) + " with *emphasis*.\n\n";
  const std::string html = markdown_to_html(source);
  EXPECT_NE(html.find("<p>Paragraph 1999 with <em>emphasis</em>.</p>"), std::string::npos);
}

}  // namespace
}  // namespace marquee::text
