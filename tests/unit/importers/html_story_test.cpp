// Tests for the saved-HTML story reader: fixture pages with their noise, the Markdown written
// for each kind of markup, where headlines, dates and bylines are found, and bad pages refused
// with a line and a reason, never a crash.
#include "importers/html_story.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>

#include "scrape_test_support.h"

namespace marquee {
namespace {

using namespace scrape_test;

struct PageCase {
  const char* file;
  const char* headline;
  const char* dek;
  std::optional<Time> published;
  std::optional<Time> updated;
  std::vector<std::string> bylines;
  std::vector<std::string> captions;
  std::vector<std::string> tags;
  const char* related_heading;
  std::vector<std::string> related_links;
  std::vector<std::string> body_has;
  std::vector<std::string> body_lacks;
  const char* note;
};

std::vector<PageCase> page_cases() {
  return {
      {"runaways-review.html",
       "Review: The Runaways Turns Up the Volume",
       "Stewart and Fanning find the nerve, and the noise, of a band that never asked permission.",
       utc(2010, 3, 19, 13, 0),
       utc(2010, 3, 20, 15, 30),
       // rel=author links win over the page's author metadata.
       {"Maya Okafor", "Dev Lindqvist"},
       {"Dakota Fanning as Cherie Currie and Kristen Stewart as Joan Jett (Apparition)"},
       {"The Runaways", "Music biopics"},
       "Read on for more Dakota Fanning & Kristen Stewart",
       {"Dakota Fanning on Finding Cherie Currie's Voice",
        "Kristen Stewart Talks Eclipse Press Tour"},
       {"*The Runaways* is not a tidy film",
        "like a [band](https://marquee.example/topics/the-runaways-band) rehearsal",
        "> \"I didn't want to play Joan. I wanted to stand where she stood,\" Stewart said.",
        "- **Cherry Bomb**, the single everyone remembers\n- Queens of Noise\n- Dead End Justice, "
        "staged as a bruising set piece",
        "Read the full interview with him.",
        "Fans of [Twilight](https://marquee.example/topics/twilight) will find"},
       {"Advertisement", "Tweet", "loadWidget", "analytics", "Most popular", "Copyright", "cookies",
        "Loud, cramped and a little dangerous.", "javascript", "/interviews/shannon", "Marquee",
        "Read on", "Finding Cherie", "Tags", "Movies", "Apparition"},
       ""},
      {"eclipse-box-office.html",
       "Eclipse Breaks Midnight Box Office Record",
       "The third Twilight film took in more at midnight screenings than any film before it.",
       utc(2010, 7, 1, 12, 15),
       std::nullopt,
       {"Dev Lindqvist"},
       {},
       {},
       "",
       {},
       {"The Twilight Saga: Eclipse opened at midnight on Wednesday",
        "directed by David Slade.\n\nAnalysts said the record",
        "[The Runaways](https://marquee.example/topics/the-runaways) [The Twilight Saga: "
        "Eclipse](https://marquee.example/topics/eclipse) may be the bigger hit",
        "holiday weekend & to keep going."},
       {"Short teaser", "First!", "Home"},
       ""},
      {"currie-interview-windows-1252.html",
       "Cherie Currie: \xE2\x80\x9CI Was Never Ready\xE2\x80\x9D",
       "",
       utc(2010, 7, 21, 16, 0),
       std::nullopt,
       {"Maya Okafor"},
       {},
       {},
       "",
       {},
       {"\xE2\x80\x9CI was never ready for any of it,\xE2\x80\x9D Currie said.",
        "every week \xE2\x80\x94 mostly about the songs."},
       {"By Maya Okafor"},
       "the page is in windows-1252; it was converted to UTF-8"},
  };
}

TEST(HtmlStory, ReadsEachFixture) {
  for (const auto& c : page_cases()) {
    SCOPED_TRACE(c.file);
    const ScrapedStory s =
        story_or_fail(parse_html_story(read_fixture(c.file), eastern(), known_names()), c.file);
    const Article& a = s.story.article;
    EXPECT_EQ(a.headline, c.headline);
    EXPECT_FALSE(a.slug.empty());
    EXPECT_EQ(a.dek, c.dek);
    EXPECT_EQ(a.section, "");
    EXPECT_EQ(a.publish_at, c.published);
    EXPECT_EQ(a.status, ArticleStatus::published);
    EXPECT_EQ(a.updated_at, c.updated.value_or(*c.published));
    EXPECT_EQ(s.byline_names, c.bylines);
    EXPECT_EQ(s.captions, c.captions);
    EXPECT_EQ(a.tags, c.tags);
    EXPECT_EQ(s.related_heading, c.related_heading);
    EXPECT_EQ(s.related_links, c.related_links);
    for (const auto& piece : c.body_has)
      EXPECT_TRUE(contains(a.body, piece)) << piece << "\n" << a.body;
    for (const auto& piece : c.body_lacks)
      EXPECT_FALSE(contains(a.body, piece)) << piece << "\n" << a.body;
    if (*c.note) {
      EXPECT_NE(std::find(s.notes.begin(), s.notes.end(), c.note), s.notes.end()) << c.note;
    }
    EXPECT_GT(s.story.body_line, 1);
  }
}

// A page around an <article> holding the snippet; the page's date is in a <time> element.
std::string page_with(std::string_view article_html) {
  return "<!DOCTYPE html><html><head><title>Stewart Story | Marquee</title></head><body>\n"
         "<h1>Stewart Story</h1><time datetime=\"2010-07-21T14:39:00-04:00\"></time>\n"
         "<article>" +
         std::string(article_html) + "</article></body></html>";
}

TEST(HtmlStory, WritesMarkupAsMarkdown) {
  const std::pair<const char*, const char*> cases[] = {
      {"<p>Plain <em>emphasis</em> and <strong>strong</strong>.</p>",
       "Plain *emphasis* and **strong**.\n"},
      {"<p><i> spaced </i>words and <b></b>empty</p>", "*spaced* words and empty\n"},
      {"<p>A <a href=\"https://example.com/a b(c)\">link</a>, a <a href=\"/local\">local</a> one "
       "and <a href=\"javascript:alert(1)\">script</a>.</p>",
       "A [link](https://example.com/a%20b%28c%29), a local one and script.\n"},
      {"<p>See<a href=\"https://x.example/\"> the clip </a>now.</p>",
       "See [the clip](https://x.example/) now.\n"},
      {"<p><a href=\"https://x.example/\"><em>The Runaways</em></a> opens.</p>",
       "[*The Runaways*](https://x.example/) opens.\n"},
      {"<blockquote><p>One.</p><p>Two.</p></blockquote>", "> One.\n>\n> Two.\n"},
      {"<ol><li>First</li><li>Second</li></ol><ul><li>Dot</li></ul>",
       "1. First\n2. Second\n\n- Dot\n"},
      {"<p>Line one<br><br>Line two<br>continues</p>", "Line one\n\nLine two continues\n"},
      {"<div>Loose text in a div</div><p>Then a paragraph.</p>",
       "Loose text in a div\n\nThen a paragraph.\n"},
      {"<h2>The Casting</h2><p>Text.</p><h3>Small</h3>", "## The Casting\n\nText.\n\n### Small\n"},
      {"<p>*NSYNC &amp; friends &lt;3 [sic]</p>", "\\*NSYNC & friends \\<3 \\[sic\\]\n"},
      {"<p># not a heading</p>", "\\# not a heading\n"},
      {"<p>The <a href=\"https://x.example/r\">Runaways</a>The Twilight Saga</p>",
       "The [Runaways](https://x.example/r) The Twilight Saga\n"},
      {"<p>Fans of <a href=\"https://x.example/t\">Twilight</a>'s star</p>",
       "Fans of [Twilight](https://x.example/t)'s star\n"},
      {"<p>Noise <script>bad()</script><span class=\"share-tools\">Share</span>gone</p>",
       "Noise gone\n"},
      {"<table><tr><td>Box office</td></tr></table><p>After.</p><hr><p>More.</p>",
       "After.\n\nMore.\n"},
      {"<p>Kept</p><div style=\"display: none\">hidden</div><p hidden>also hidden</p>", "Kept\n"},
      {"<p>Glued in one text: The RunawaysThe Twilight Saga: Eclipsemay be</p>",
       "Glued in one text: The Runaways The Twilight Saga: Eclipse may be\n"},
      {"<p>   </p><p>\xC2\xA0Real\xC2\xA0\xC2\xA0text  here </p>", "Real text here\n"},
  };
  for (const auto& [html, markdown] : cases) {
    const ScrapedStory s =
        story_or_fail(parse_html_story(page_with(html), eastern(), known_names()), html);
    EXPECT_EQ(s.story.article.body, markdown) << html;
  }
}

TEST(HtmlStory, ReadOnBlockInsideTheBodyEndsIt) {
  const ScrapedStory s = story_or_fail(
      parse_html_story(page_with("<p>Body text.</p><p>Read on for more Kristen Stewart</p>"
                                 "<ul><li><a href=\"/a\">Stewart on Jett</a></li>"
                                 "<li><a href=\"/b\">Stewart on Eclipse</a></li></ul>"
                                 "<p>Sponsored words after the block.</p>"),
                       eastern(), known_names()),
      "read on");
  EXPECT_EQ(s.story.article.body, "Body text.\n");
  EXPECT_EQ(s.related_heading, "Read on for more Kristen Stewart");
  EXPECT_EQ(s.related_links, (std::vector<std::string>{"Stewart on Jett", "Stewart on Eclipse"}));
}

TEST(HtmlStory, FiguresGiveCaptionsNotBody) {
  const ScrapedStory s = story_or_fail(
      parse_html_story(page_with("<figure><img src=\"a.jpg\"><figcaption>Stewart on stage "
                                 "<cite>(Apparition)</cite></figcaption></figure><p>Body.</p>"
                                 "<div class=\"wp-caption-text\">Fanning at the premiere</div>"),
                       eastern(), known_names()),
      "figure");
  EXPECT_EQ(s.story.article.body, "Body.\n");
  EXPECT_EQ(s.captions,
            (std::vector<std::string>{"Stewart on stage (Apparition)", "Fanning at the premiere"}));
}

struct HeadlineCase {
  const char* head;
  const char* body;
  const char* headline;
};

TEST(HtmlStory, HeadlineFallsBackFromH1ToOgTitleToTitle) {
  const HeadlineCase cases[] = {
      {"<title>Title | Marquee</title><meta property=\"og:title\" content=\"Og Title\">",
       "<h1>The H1</h1>", "The H1"},
      {"<title>Title | Marquee</title><meta property=\"og:title\" content=\"Og Title\">", "",
       "Og Title"},
      {"<title>Stewart Joins Cast | Marquee Movies</title>", "", "Stewart Joins Cast"},
      {"<title>Stewart Joins Cast - Marquee</title>", "", "Stewart Joins Cast"},
      // A logo in the page header is not the story's headline.
      {"<title>Real Headline | Marquee</title>",
       "<header><h1 class=\"logo\">Marquee</h1></header><h1>Real Headline</h1>", "Real Headline"},
  };
  for (const auto& c : cases) {
    const std::string html = std::string("<html><head>") + c.head + "</head><body>" + c.body +
                             "<p>Jett said the film was loud.</p></body></html>";
    const ScrapedStory s = story_or_fail(parse_html_story(html, eastern(), known_names()), html);
    EXPECT_EQ(s.story.article.headline, c.headline) << html;
  }
}

struct DateCase {
  const char* name;
  std::string html;
  std::optional<Time> published;
};

TEST(HtmlStory, FindsTheDateWhereverThePageKeepsIt) {
  const Time reference = utc(2010, 7, 21, 18, 39);
  const auto page = [](std::string_view head, std::string_view body) {
    return "<html><head><title>Jett Story</title>" + std::string(head) + "</head><body>" +
           std::string(body) + "<p>Joan Jett played the song twice.</p></body></html>";
  };
  const DateCase cases[] = {
      {"time in UTC", page("", "<time datetime=\"2010-07-21T18:39:00Z\">Wed</time>"), reference},
      {"time with offset", page("", "<time datetime=\"2010-07-21T14:39:00-04:00\"></time>"),
       reference},
      {"time without offset is the site's wall clock",
       page("", "<time datetime=\"2010-07-21T14:39\"></time>"), reference},
      {"time without datetime", page("", "<time>Jul 21, 2010 at 2:39 p.m. ET</time>"), reference},
      {"unreadable datetime, readable text",
       page("", "<time datetime=\"soon\">Jul 21, 2010 at 2:39 p.m. ET</time>"), reference},
      {"published_time meta with fraction",
       page("<meta property=\"article:published_time\" content=\"2010-07-21T18:39:00.000+0000\">",
            ""),
       reference},
      {"itemprop meta",
       page("<meta itemprop=\"datePublished\" content=\"2010-07-21T18:39:00Z\">", ""), reference},
      {"dateline class", page("", "<span class=\"post-date\">Jul 21, 2010 at 2:39 p.m. ET</span>"),
       reference},
      {"dateline paragraph", page("", "<p>By Maya Okafor | July 21, 2010 at 2:39 PM ET</p>"),
       reference},
      {"no date at all", page("", ""), std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const ScrapedStory s =
        story_or_fail(parse_html_story(c.html, eastern(), known_names()), c.name);
    EXPECT_EQ(s.story.article.publish_at, c.published);
    EXPECT_EQ(s.story.article.status,
              c.published ? ArticleStatus::published : ArticleStatus::draft);
    EXPECT_EQ(s.story.article.body, "Joan Jett played the song twice.\n");
    if (!c.published) {
      EXPECT_NE(std::find(s.notes.begin(), s.notes.end(),
                          "the page gives no publication date; the story is imported as a draft"),
                s.notes.end());
    }
  }
}

TEST(HtmlStory, TheArticlesOwnDateAndBylineWin) {
  const std::string html =
      "<html><head><title>Currie Story</title></head><body>"
      "<div class=\"latest\"><a href=\"/x\">Older story</a> <time "
      "datetime=\"2009-01-01T00:00:00Z\">"
      "</time> <span class=\"byline\">By Jordan Pike</span></div>"
      "<article><h1>Currie Story</h1><span class=\"byline\">By Maya Okafor</span>"
      "<time datetime=\"2010-07-21T18:39:00Z\"></time><p>Cherie Currie sang.</p></article>"
      "</body></html>";
  const ScrapedStory s =
      story_or_fail(parse_html_story(html, eastern(), known_names()), "two dates");
  EXPECT_EQ(s.story.article.publish_at, utc(2010, 7, 21, 18, 39));
  EXPECT_EQ(s.byline_names, std::vector<std::string>{"Maya Okafor"});
}

TEST(HtmlStory, FindsBylinesInTheirUsualPlaces) {
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"<a rel=\"author\" href=\"/a/maya\">Maya Okafor</a>", {"Maya Okafor"}},
      {"<span itemprop=\"author\">Dev Lindqvist</span>", {"Dev Lindqvist"}},
      {"<div class=\"byline\">By Maya Okafor and Dev Lindqvist</div>",
       {"Maya Okafor", "Dev Lindqvist"}},
      {"<meta name=\"author\" content=\"Jordan Pike\">", {"Jordan Pike"}},
      {"<meta name=\"author\" content=\"https://social.example/marquee\">", {}},
  };
  for (const auto& [markup, names] : cases) {
    const std::string html = std::string("<html><head><title>Fanning Story</title></head><body>") +
                             markup + "<p>Dakota Fanning sang.</p></body></html>";
    const ScrapedStory s = story_or_fail(parse_html_story(html, eastern(), known_names()), markup);
    EXPECT_EQ(s.byline_names, names) << markup;
  }
}

struct BadPage {
  const char* name;
  std::string html;
  int line;
  const char* reason;
};

TEST(HtmlStory, RefusesBadPagesWithLineAndReason) {
  const BadPage cases[] = {
      {"empty", "", 1, "the file is empty"},
      {"white space", " \n\t\n", 1, "the file is empty"},
      {"NUL bytes", std::string("<html>\n<p>a\0b</p>", 17), 2, "binary data (byte 0x00"},
      {"invalid UTF-8 without a charset", "<html>\n<title>T</title>\n<p>Caf\xE9</p>", 3,
       "not valid UTF-8 (byte 0xE9"},
      {"invalid UTF-8 in a page that says UTF-8",
       "<meta charset=\"utf-8\">\n<title>T</title><p>Caf\xE9</p>", 2, "not valid UTF-8"},
      {"plain text, not a page", "Just words.\n\nMore words.", 1, "no headline"},
      {"markup without text", "<html><body><div><img src=a.png></div></body></html>", 1,
       "no headline"},
      {"headline but no body",
       "<html><body>\n<h1>Stewart Story</h1>\n<nav><p>Home</p></nav></body></html>", 1, "no body"},
      {"date that cannot be read",
       "<html><body><h1>Stewart Story</h1>\n\n<time datetime=\"soon\">whenever</time>"
       "<p>Text.</p></body></html>",
       3, "<time> element's datetime 'soon' cannot be read"},
      {"dateline that cannot be read",
       "<html><body><h1>Stewart Story</h1>\n<div class=\"dateline\">Jul 41, 2010 at 2:39 p.m. "
       "ET</div><p>Text.</p></body></html>",
       2, "'Jul 41, 2010 at 2:39 p.m. ET' is not a date and time"},
      {"nesting built to stall the parser",
       "<title>Deep</title>\n<h1>Deep</h1>" +
           [] {
             std::string s;
             for (int i = 0; i < 5000; ++i) s += "<div>";
             return s;
           }(),
       2, "nests more than 1000 elements deep"},
      {"unclosed formatting elements",
       "<title>Deep</title>\n\n<h1>Deep</h1>" +
           [] {
             std::string s;
             for (int i = 0; i < 20000; ++i) s += "<em>";
             return s + "text";
           }(),
       3, "nests more than 1000 elements deep"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const StoryFileError e =
        error_or_fail(parse_html_story(c.html, eastern(), known_names()), c.name);
    EXPECT_EQ(e.line, c.line) << e.message;
    EXPECT_TRUE(contains(e.message, c.reason)) << e.message;
  }
}

TEST(HtmlStory, SurvivesHostilePages) {
  // Deep but allowed nesting, script text full of '<', every prefix of a fixture, and random
  // splices: each page is read or refused, never a crash.
  std::vector<std::string> pages;
  std::string deep = "<title>Deep</title><h1>Deep</h1>";
  for (int i = 0; i < 900; ++i) deep += "<div>";
  pages.push_back(deep + "<p>Deep text.</p>");
  pages.push_back(
      "<title>Script</title><script>if (a<b && c<d) { x = '<div>'; }</script><p>Ok.</p>");
  pages.push_back("<title>T</title><p>" + std::string(200000, 'x') + "</p>");
  const std::string review = read_fixture("runaways-review.html");
  for (std::size_t cut = 0; cut < review.size(); cut += 41) pages.push_back(review.substr(0, cut));
  std::mt19937 random(20100319);
  for (int round = 0; round < 200; ++round) {
    std::string page;
    for (int p = 0; p < 30; ++p) page += review.substr(random() % review.size(), random() % 200);
    pages.push_back(std::move(page));
  }
  for (const auto& html : pages) {
    auto result = parse_html_story(html, eastern(), known_names());
    if (auto* e = std::get_if<StoryFileError>(&result)) {
      EXPECT_FALSE(e->message.empty());
      EXPECT_GE(e->line, 0);
    } else {
      const auto& a = std::get<ScrapedStory>(result).story.article;
      EXPECT_FALSE(a.headline.empty());
      EXPECT_FALSE(a.body.empty());
    }
  }
  // 900 levels is allowed through but deeper than the reader goes: a clear refusal.
  const StoryFileError deep_error =
      error_or_fail(parse_html_story(pages.front(), eastern(), known_names()), "deep");
  EXPECT_TRUE(contains(deep_error.message, "no body")) << deep_error.message;
}

}  // namespace
}  // namespace marquee
