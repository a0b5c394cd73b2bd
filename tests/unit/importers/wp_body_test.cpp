// WordPress bodies to Markdown: each block of the block editor and each shortcode of classic
// posts, photos found and missing, and nothing of the text lost.
#include <gtest/gtest.h>

#include "importers/wordpress/wp_body.h"

namespace marquee::importers {
namespace {

// Photos the "library" has: any URL under /uploads/2025/ and attachment 77.
std::optional<WpImage> library(const WpImageRef& ref) {
  if (ref.attachment_id == 77)
    return WpImage{"/media/77-1024.jpg", 1024, 683, "Library alt", "Library caption"};
  if (ref.url.find("/uploads/2025/") != std::string::npos) {
    return WpImage{"/media/p-1024.jpg", 1024, 683, "", ""};
  }
  return std::nullopt;
}

struct Case {
  const char* name;
  const char* content;
  const char* markdown;
};

class Blocks : public ::testing::TestWithParam<Case> {};

TEST_P(Blocks, BecomeMarkdown) {
  const Case& c = GetParam();
  auto body = convert_wp_body(c.content, library, {"https://old.example"});
  EXPECT_EQ(body.markdown, c.markdown) << c.name;
}

const Case kCases[] = {
    {"paragraphs",
     "<!-- wp:paragraph -->\n<p>One <strong>bold</strong> and <em>soft</em>.</p>\n<!-- "
     "/wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two, with <a "
     "href=\"https://x.example/a\">a link</a>.</p>\n<!-- /wp:paragraph -->",
     "One **bold** and *soft*.\n\nTwo, with [a link](https://x.example/a).\n"},
    {"heading levels", "<h2>Cast</h2><h1>Top</h1><h4>Small</h4>",
     "## Cast\n\n## Top\n\n#### Small\n"},
    {"lists, nested",
     "<ul><li>One</li><li>Two<ul><li>Two and a half</li></ul></li></ul><ol start=\"3\"><li>Third</"
     "li><li>Fourth</li></ol>",
     "- One\n- Two\n  - Two and a half\n\n3. Third\n4. Fourth\n"},
    {"quote with its cite",
     "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>\"It was loud.\"</p><cite>Joan "
     "Jett</cite></blockquote>\n<!-- /wp:quote -->",
     "> \"It was loud.\"\n>\n> <cite>Joan Jett</cite>\n"},
    {"pullquote",
     "<figure class=\"wp-block-pullquote\"><blockquote><p>Big words</p></blockquote></figure>",
     "> Big words\n"},
    {"separator", "<p>Above</p><hr class=\"wp-block-separator\"/><p>Below</p>",
     "Above\n\n---\n\nBelow\n"},
    {"image block with caption",
     "<figure class=\"wp-block-image size-large\"><img "
     "src=\"https://old.example/wp-content/uploads/2025/11/a-1024x683.jpg\" alt=\"Stage\" "
     "class=\"wp-image-12\"/><figcaption>The band on stage (Photo: Ann Lee)</figcaption></figure>",
     "<figure><img src=\"/media/p-1024.jpg\" alt=\"Stage\" width=\"1024\" "
     "height=\"683\"><figcaption>The band on stage (Photo: Ann Lee)</figcaption></figure>\n"},
    {"image from the library by attachment id",
     "<figure class=\"wp-block-image\"><img src=\"https://cdn.example/x.jpg\" "
     "class=\"wp-image-77\"/></figure>",
     "<figure><img src=\"/media/77-1024.jpg\" alt=\"Library alt\" width=\"1024\" "
     "height=\"683\"><figcaption>Library caption</figcaption></figure>\n"},
    {"missing image kept as a link",
     "<figure class=\"wp-block-image\"><img "
     "src=\"https://old.example/wp-content/uploads/2019/a.jpg\" "
     "alt=\"Gone\"/><figcaption>Old caption</figcaption></figure>",
     "[Old caption](https://old.example/wp-content/uploads/2019/a.jpg)\n"},
    {"gallery block",
     "<figure class=\"wp-block-gallery has-nested-images\"><figure class=\"wp-block-image\"><img "
     "src=\"https://old.example/wp-content/uploads/2025/1.jpg\" alt=\"One\"/><figcaption>First</"
     "figcaption></figure><figure class=\"wp-block-image\"><img "
     "src=\"https://old.example/wp-content/uploads/2025/2.jpg\" alt=\"Two\"/></figure><figcaption "
     "class=\"blocks-gallery-caption\">The premiere</figcaption></figure>",
     "<figure><img src=\"/media/p-1024.jpg\" alt=\"One\" width=\"1024\" "
     "height=\"683\"><figcaption>First</figcaption></figure>\n\n<figure><img "
     "src=\"/media/p-1024.jpg\" alt=\"Two\" width=\"1024\" height=\"683\"></figure>\n\n*The "
     "premiere*\n"},
    {"embed block",
     "<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=abc\"} -->\n<figure "
     "class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube\"><div "
     "class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=abc\n</"
     "div><figcaption>The "
     "trailer</figcaption></figure>",
     "https://www.youtube.com/watch?v=abc\n\n*The trailer*\n"},
    {"video block",
     "<figure class=\"wp-block-video\"><video controls "
     "src=\"https://old.example/wp-content/uploads/2025/clip.mp4\"></video></figure>",
     "https://old.example/wp-content/uploads/2025/clip.mp4\n"},
    {"classic paragraphs by blank lines",
     "First paragraph\nstill first.\n\nSecond <b>one</b>.\n\n\nThird.",
     "First paragraph still first.\n\nSecond **one**.\n\nThird.\n"},
    {"caption shortcode",
     "Intro.\n\n[caption id=\"attachment_12\" align=\"alignnone\" width=\"300\"]<img "
     "src=\"https://old.example/wp-content/uploads/2025/b.jpg\" alt=\"Red carpet\" /> Arrivals at "
     "the "
     "premiere[/caption]\n\nAfter.",
     "Intro.\n\n<figure><img src=\"/media/p-1024.jpg\" alt=\"Red carpet\" width=\"1024\" "
     "height=\"683\"><figcaption>Arrivals at the premiere</figcaption></figure>\n\nAfter.\n"},
    {"gallery shortcode by ids", "[gallery ids=\"77,78\"]",
     "<figure><img src=\"/media/77-1024.jpg\" alt=\"Library alt\" width=\"1024\" "
     "height=\"683\"><figcaption>Library caption</figcaption></figure>\n\nPhoto\n"},
    {"embed shortcode", "Watch:\n\n[embed]https://vimeo.com/123[/embed]",
     "Watch:\n\nhttps://vimeo.com/123\n"},
    {"video shortcode", "[video width=\"640\" mp4=\"https://old.example/v.mp4\"][/video]",
     "https://old.example/v.mp4\n"},
    {"iframe player", "<p><iframe src=\"https://www.youtube.com/embed/xyz?rel=0\"></iframe></p>",
     "https://www.youtube.com/watch?v=xyz\n"},
    {"markdown characters are text",
     "<p>5 * 3 = 15 and a_b [sic] #1 &lt;tag&gt; &amp; more</p><p>1. Not a list</p><p>- nor "
     "this</p>",
     "5 \\* 3 = 15 and a\\_b \\[sic\\] \\#1 \\<tag\\> &amp; more\n\n1\\. Not a list\n\n\\- nor "
     "this\n"},
    {"links into the old site become paths",
     "<p>See <a href=\"https://old.example/2024/01/02/older-story/\">the older story</a>.</p>",
     "See [the older story](/2024/01/02/older-story/).\n"},
    {"scripts are dropped", "<p>Kept</p><script>alert(1)</script>", "Kept\n"},
    {"line break", "<p>One<br>Two</p>", "One\\\nTwo\n"},
};

INSTANTIATE_TEST_SUITE_P(Wordpress, Blocks, ::testing::ValuesIn(kCases));

TEST(WpBody, UnknownShortcodesAreReportedAndTheirTextKept) {
  auto body = convert_wp_body(
      "<p>Before [pullout style=\"big\"]kept words[/pullout] after. He said [laughs] twice.</p>"
      "[contact-form-7 id=\"9\"]",
      library);
  EXPECT_EQ(body.markdown, "Before kept words after. He said \\[laughs\\] twice.\n");
  ASSERT_EQ(body.notes.size(), 2u);
  EXPECT_NE(body.notes[0].find("[pullout]"), std::string::npos);
  EXPECT_NE(body.notes[1].find("[contact-form-7]"), std::string::npos);
}

TEST(WpBody, EscapedShortcodeIsText) {
  auto body = convert_wp_body("<p>Type [[gallery]] to show photos.</p>", library);
  EXPECT_EQ(body.markdown, "Type \\[gallery\\] to show photos.\n");
  EXPECT_TRUE(body.notes.empty());
}

TEST(WpBody, PhotosAreListedAndTheMissingOnesNamed) {
  auto body = convert_wp_body(
      "<p><img src=\"https://old.example/wp-content/uploads/2025/a.jpg\"></p>"
      "<p><img src=\"https://old.example/wp-content/uploads/2011/b.jpg\" alt=\"Old\"></p>",
      library);
  ASSERT_EQ(body.images.size(), 2u);
  ASSERT_EQ(body.missing_images.size(), 1u);
  EXPECT_EQ(body.missing_images[0].url, "https://old.example/wp-content/uploads/2011/b.jpg");
  EXPECT_EQ(body.markdown.find("<img src=\"https://old.example"), std::string::npos);
}

TEST(WpBody, BrokenHtmlIsReadAsABrowserWould) {
  auto body = convert_wp_body("<p>Open <b>bold <i>both</p><p>Next", library);
  EXPECT_EQ(body.markdown, "Open **bold *both***\n\nNext\n");
}

TEST(WpBody, EmptyBodyIsEmpty) {
  EXPECT_EQ(convert_wp_body("", library).markdown, "");
  EXPECT_EQ(convert_wp_body("  \n ", library).markdown, "");
}

TEST(EmbedPageUrl, PlayersBecomeTheirPages) {
  EXPECT_EQ(embed_page_url("//www.youtube.com/embed/abc"), "https://www.youtube.com/watch?v=abc");
  EXPECT_EQ(embed_page_url("https://player.vimeo.com/video/42?h=1"), "https://vimeo.com/42");
  EXPECT_EQ(embed_page_url("https://example.com/x"), "https://example.com/x");
}

}  // namespace
}  // namespace marquee::importers
