// link_first_mentions(): first mention only, whole words, longest first, skipped contexts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/text.h"

namespace marquee::text {
namespace {

const MentionLink kStewart{
    {"Kristen Stewart", "Stewart"}, "/people/kristen-stewart", "Kristen Stewart"};
const MentionLink kFanning{{"Dakota Fanning"}, "/people/dakota-fanning", "Dakota Fanning"};
const MentionLink kFilm{{"The Runaways"}, "/movies/the-runaways", "The Runaways (2010 film)"};
const MentionLink kBand{{"Runaways"}, "/music/the-runaways", "The Runaways (band)"};

std::string anchor(const MentionLink& link, const std::string& text) {
  return "<a href=\"" + link.href + "\" class=\"entity\" title=\"" + html_escape(link.title) +
         "\">" + text + "</a>";
}

struct MentionCase {
  const char* name;
  std::string html;
  std::vector<MentionLink> links;
  std::string expected;
};

TEST(Mentions, Cases) {
  const MentionCase cases[] = {
      {"no links", "<p>Kristen Stewart</p>", {}, "<p>Kristen Stewart</p>"},
      {"first mention only",
       "<p>Kristen Stewart stars. Kristen Stewart sings.</p>",
       {kStewart},
       "<p>" + anchor(kStewart, "Kristen Stewart") + " stars. Kristen Stewart sings.</p>"},
      {"first across paragraphs",
       "<p>Nothing here.</p><p>Then Dakota Fanning.</p><p>Dakota Fanning again.</p>",
       {kFanning},
       "<p>Nothing here.</p><p>Then " + anchor(kFanning, "Dakota Fanning") +
           ".</p><p>Dakota Fanning again.</p>"},
      {"short form when it comes first",
       "<p>Stewart, then Kristen Stewart.</p>",
       {kStewart},
       "<p>" + anchor(kStewart, "Stewart") + ", then Kristen Stewart.</p>"},
      {"longest surface at the same place",
       "<p>Kristen Stewart and Stewart.</p>",
       {kStewart},
       "<p>" + anchor(kStewart, "Kristen Stewart") + " and Stewart.</p>"},
      {"possessive left outside",
       "<p>Kristen Stewart's role</p>",
       {kStewart},
       "<p>" + anchor(kStewart, "Kristen Stewart") + "&#39;s role</p>"},
      {"curly possessive left outside",
       "<p>Stewart\xE2\x80\x99s role</p>",
       {kStewart},
       "<p>" + anchor(kStewart, "Stewart") + "\xE2\x80\x99s role</p>"},
      {"whole words only",
       "<p>Stewarts and Stewartville, then Stewart.</p>",
       {kStewart},
       "<p>Stewarts and Stewartville, then " + anchor(kStewart, "Stewart") + ".</p>"},
      {"case-sensitive", "<p>kristen stewart</p>", {kStewart}, "<p>kristen stewart</p>"},
      {"overlap: the film is the longer match",
       "<p>The Runaways opens Friday; the Runaways reunite.</p>",
       {kBand, kFilm},
       "<p>" + anchor(kFilm, "The Runaways") + " opens Friday; the " + anchor(kBand, "Runaways") +
           " reunite.</p>"},
      {"overlap: band alone",
       "<p>Fans of the Runaways</p>",
       {kFilm, kBand},
       "<p>Fans of the " + anchor(kBand, "Runaways") + "</p>"},
      {"inside an existing link skipped",
       "<p><a href=\"/elsewhere\">Kristen Stewart</a> and Kristen Stewart</p>",
       {kStewart},
       "<p><a href=\"/elsewhere\">Kristen Stewart</a> and " + anchor(kStewart, "Kristen Stewart") +
           "</p>"},
      {"headings, code, pre and captions skipped",
       "<h2>Dakota Fanning</h2><p><code>Dakota Fanning</code></p><pre>Dakota Fanning</pre>"
       "<figure><figcaption>Dakota Fanning</figcaption></figure><p>Dakota Fanning</p>",
       {kFanning},
       "<h2>Dakota Fanning</h2><p><code>Dakota Fanning</code></p><pre>Dakota Fanning</pre>"
       "<figure><figcaption>Dakota Fanning</figcaption></figure><p>" +
           anchor(kFanning, "Dakota Fanning") + "</p>"},
      {"inside emphasis is fine",
       "<p><em>Dakota Fanning</em></p>",
       {kFanning},
       "<p><em>" + anchor(kFanning, "Dakota Fanning") + "</em></p>"},
      {"entities decoded for matching and re-escaped",
       "<p>Tom &amp; Jerry &amp; Dakota&#32;Fanning</p>",
       {kFanning},
       "<p>Tom &amp; Jerry &amp; " + anchor(kFanning, "Dakota Fanning") + "</p>"},
      {"several links in one text",
       "<p>Dakota Fanning and Kristen Stewart in The Runaways.</p>",
       {kStewart, kFanning, kFilm},
       "<p>" + anchor(kFanning, "Dakota Fanning") + " and " + anchor(kStewart, "Kristen Stewart") +
           " in " + anchor(kFilm, "The Runaways") + ".</p>"},
      {"multibyte neighbours are letters",
       "<p>\xC3\x89Stewart and Stewart\xC3\xA9 and \xC2\xABStewart\xC2\xBB</p>",
       {kStewart},
       "<p>\xC3\x89Stewart and Stewart\xC3\xA9 and \xC2\xAB" + anchor(kStewart, "Stewart") +
           "\xC2\xBB</p>"},
  };
  for (const auto& c : cases) EXPECT_EQ(link_first_mentions(c.html, c.links), c.expected) << c.name;
}

TEST(Mentions, HostileLinkValuesAreEscapedOrRefused) {
  const MentionLink quoted{{"Joan Jett"}, "/people/joan-jett?a=1&b=\"2\"", "Joan \"Jett\" <3"};
  EXPECT_EQ(link_first_mentions("<p>Joan Jett</p>", {quoted}),
            "<p><a href=\"/people/joan-jett?a=1&amp;b=&quot;2&quot;\" class=\"entity\" "
            "title=\"Joan &quot;Jett&quot; &lt;3\">Joan Jett</a></p>");
  const MentionLink script{{"Joan Jett"}, "javascript:alert(1)", "x"};
  EXPECT_EQ(link_first_mentions("<p>Joan Jett</p>", {script}), "<p>Joan Jett</p>");
  const MentionLink empty_surface{{""}, "/x", "x"};
  EXPECT_EQ(link_first_mentions("<p>text</p>", {empty_surface}), "<p>text</p>");
}

TEST(Mentions, UnsanitisedInputIsSanitisedAnyway) {
  EXPECT_EQ(link_first_mentions("<script>x</script><p onclick=x>Dakota Fanning</p>", {kFanning}),
            "<p>" + anchor(kFanning, "Dakota Fanning") + "</p>");
}

TEST(Mentions, OutputSurvivesSanitising) {
  const std::string html =
      link_first_mentions("<p>Kristen Stewart and Dakota Fanning</p>", {kStewart, kFanning});
  EXPECT_EQ(sanitize_html(html), html);
}

// A story's body in one pass gives what rendering, sanitising and then linking gives, for
// Markdown with raw HTML, code, headings, tables, embeds and hostile markup in it.
TEST(Mentions, LinkedMarkdownInOnePassIsTheTwoPassesResult) {
  const std::vector<std::string> bodies = {
      "Kristen Stewart plays Joan Jett in *The Runaways*.\n\nStewart said: \"Loud.\"\n",
      "## Kristen Stewart\n\nNot in the heading: Kristen Stewart, and `Dakota Fanning` in code,"
      " then Dakota Fanning.\n",
      "<div onclick=\"x\">Dakota Fanning</div>\n\n<script>Kristen Stewart</script>\n\n"
      "Kristen Stewart &amp; *Dakota* Fanning\n",
      "| who | film |\n| --- | --- |\n| Kristen Stewart | The Runaways |\n\n"
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\ngallery: red-carpet\n",
      "> Dakota Fanning, quoted\n\n1. The Runaways\n2. Runaways\n\n```\nKristen Stewart\n```\n",
      "[Kristen Stewart](https://example.com/ks) and Kristen Stewart\xC3\xA9 and Stewart.\n",
  };
  const std::vector<MentionLink> links = {kStewart, kFanning, kFilm, kBand};
  for (const auto& body : bodies) {
    const std::string one_pass = markdown_to_linked_html(body, links);
    EXPECT_EQ(one_pass, link_first_mentions(markdown_to_html(body), links)) << body;
    EXPECT_NE(one_pass.find("class=\"entity\""), std::string::npos) << one_pass;
    EXPECT_EQ(sanitize_html(one_pass), one_pass) << body;
    EXPECT_EQ(markdown_to_linked_html(body, {}), markdown_to_html(body)) << body;
  }
}

}  // namespace
}  // namespace marquee::text
