// Sitemap writers: the index, URL sets, news and video extensions, robots.txt.
#include "feeds/sitemaps.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "core/site_time.h"

namespace marquee::feeds {
namespace {

Time at(const char* iso) {
  return *parse_iso(iso);
}

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  auto result = doc.load_string(xml.c_str());
  EXPECT_TRUE(result) << result.description() << "\n" << xml;
  return doc;
}

TEST(Sitemaps, IndexListsEachSitemapWithItsDate) {
  auto doc =
      parse(render_sitemap_index({{"https://x.test/sitemaps/stories-2010.xml", at("2010-12-31")},
                                  {"https://x.test/sitemaps/news.xml", std::nullopt}}));
  auto root = doc.child("sitemapindex");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.sitemaps.org/schemas/sitemap/0.9");
  auto first = root.child("sitemap");
  EXPECT_STREQ(first.child_value("loc"), "https://x.test/sitemaps/stories-2010.xml");
  EXPECT_STREQ(first.child_value("lastmod"), "2010-12-31T00:00:00Z");
  EXPECT_FALSE(first.next_sibling("sitemap").child("lastmod"));
}

TEST(Sitemaps, UrlSetEscapesLocations) {
  auto doc = parse(render_urlset({{"https://x.test/a?b=1&c=2", at("2010-07-21T18:39:00Z")}}));
  EXPECT_STREQ(doc.child("urlset").child("url").child_value("loc"), "https://x.test/a?b=1&c=2");
}

TEST(Sitemaps, UrlSetCarriesEachPagesPhotos) {
  auto doc =
      parse(render_urlset({{"https://x.test/a", std::nullopt, {"https://x.test/media/a-1200.jpg"}},
                           {"https://x.test/b", std::nullopt}}));
  auto root = doc.child("urlset");
  EXPECT_STREQ(root.attribute("xmlns:image").value(),
               "http://www.google.com/schemas/sitemap-image/1.1");
  auto first = root.child("url");
  EXPECT_STREQ(first.child("image:image").child_value("image:loc"),
               "https://x.test/media/a-1200.jpg");
  EXPECT_FALSE(first.next_sibling("url").child("image:image"));
}

TEST(Sitemaps, NewsCarriesPublicationAndTitle) {
  auto doc = parse(render_news_sitemap(
      {{"https://x.test/s", "Stewart & Fanning", at("2010-07-21T18:39:00Z")}}, "Marquee", "en"));
  auto news = doc.child("urlset").child("url").child("news:news");
  EXPECT_STREQ(news.child("news:publication").child_value("news:name"), "Marquee");
  EXPECT_STREQ(news.child("news:publication").child_value("news:language"), "en");
  EXPECT_STREQ(news.child_value("news:publication_date"), "2010-07-21T18:39:00Z");
  EXPECT_STREQ(news.child_value("news:title"), "Stewart & Fanning");
}

TEST(Sitemaps, VideoLimitsTitleDescriptionAndDuration) {
  struct Case {
    double duration;
    const char* want;  // empty: no element
  };
  const Case cases[] = {{95.4, "95"}, {0.2, "1"}, {40000, "28800"}, {0, ""}};
  for (const auto& c : cases) {
    VideoUrl v;
    v.page_loc = "https://x.test/s";
    v.thumbnail_loc = "https://x.test/p.jpg";
    v.title = std::string(150, 'x') + "\xc3\xa9";
    v.content_loc = "https://x.test/v.mp4";
    v.duration_seconds = c.duration;
    v.published = at("2010-07-21");
    auto doc = parse(render_video_sitemap({v}));
    auto video = doc.child("urlset").child("url").child("video:video");
    EXPECT_EQ(std::string(video.child_value("video:title")).size(), 100u);
    EXPECT_EQ(std::string(video.child_value("video:description")), v.title)
        << "an empty description falls back to the whole title";
    EXPECT_STREQ(video.child_value("video:duration"), c.want);
  }
}

TEST(Sitemaps, TitleCutNeverSplitsACharacter) {
  VideoUrl v;
  v.title = std::string(99, 'x') + "\xc3\xa9\xc3\xa9";
  auto doc = parse(render_video_sitemap({v}));
  EXPECT_EQ(
      std::string(doc.child("urlset").child("url").child("video:video").child_value("video:title")),
      std::string(99, 'x') + "\xc3\xa9");
}

TEST(Robots, PointsAtTheIndexAndKeepsOutTheNewsroom) {
  auto robots = render_robots("https://x.test/sitemap.xml");
  EXPECT_NE(robots.find("Sitemap: https://x.test/sitemap.xml\n"), std::string::npos);
  EXPECT_NE(robots.find("Disallow: /admin\n"), std::string::npos);
  EXPECT_EQ(robots.find("Disallow: /\n"), std::string::npos);
}

}  // namespace
}  // namespace marquee::feeds
