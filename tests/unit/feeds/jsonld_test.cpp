// schema.org JSON-LD builders and the script element that carries them.
#include "feeds/jsonld.h"

#include <gtest/gtest.h>

#include "core/site_time.h"

namespace marquee::feeds {
namespace {

using nlohmann::json;

LdArticle article() {
  LdArticle a;
  a.url = "https://x.test/movies/2010/07/21/clip";
  a.headline = "The Runaways clip";
  a.description = "Stewart and Fanning";
  a.section = "Movies";
  a.published = *parse_iso("2010-07-21T18:39:00Z");
  a.modified = *parse_iso("2010-07-21T18:00:00Z");  // before publishing: reported as published
  a.authors = {{"Maya Okafor", "https://x.test/authors/maya-okafor"}};
  a.publisher_name = "Marquee";
  a.publisher_url = "https://x.test";
  a.about = {{EntityKind::person, "Kristen Stewart", "https://x.test/people/kristen-stewart"}};
  a.mentions = {{EntityKind::band, "The Runaways", "https://x.test/bands/the-runaways"}};
  return a;
}

TEST(JsonLd, NewsArticleHasTheRequiredFields) {
  auto ld = news_article_ld(article());
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "NewsArticle");
  EXPECT_EQ(ld["headline"], "The Runaways clip");
  EXPECT_EQ(ld["datePublished"], "2010-07-21T18:39:00Z");
  EXPECT_EQ(ld["dateModified"], "2010-07-21T18:39:00Z");
  EXPECT_EQ(ld["author"][0]["@type"], "Person");
  EXPECT_EQ(ld["author"][0]["url"], "https://x.test/authors/maya-okafor");
  EXPECT_EQ(ld["publisher"]["name"], "Marquee");
  EXPECT_EQ(ld["about"][0]["@type"], "Person");
  EXPECT_EQ(ld["mentions"][0]["@type"], "MusicGroup");
  EXPECT_FALSE(ld.contains("video"));
  EXPECT_FALSE(ld.contains("image"));
}

TEST(JsonLd, NoBylineCreditsThePublisher) {
  auto a = article();
  a.authors.clear();
  EXPECT_EQ(news_article_ld(a)["author"][0]["@type"], "Organization");
}

TEST(JsonLd, ClipBecomesAVideoObjectAndAnImage) {
  auto a = article();
  a.video = LdVideo{"Clip",
                    "",
                    {"https://x.test/p-1024.jpg", "https://x.test/p-640.jpg"},
                    "https://x.test/v.mp4",
                    "https://x.test/clips/7",
                    95,
                    a.published};
  auto ld = news_article_ld(a);
  EXPECT_EQ(ld["video"]["@type"], "VideoObject");
  EXPECT_EQ(ld["video"]["embedUrl"], "https://x.test/clips/7");
  EXPECT_EQ(ld["video"]["contentUrl"], "https://x.test/v.mp4");
  EXPECT_EQ(ld["video"]["thumbnailUrl"],
            nlohmann::json::array({"https://x.test/p-1024.jpg", "https://x.test/p-640.jpg"}));
  EXPECT_EQ(ld["video"]["duration"], "PT1M35S");
  EXPECT_EQ(ld["video"]["description"], "Clip");
  EXPECT_EQ(ld["video"]["uploadDate"], "2010-07-21T18:39:00Z");
  EXPECT_EQ(ld["image"][0], "https://x.test/p-1024.jpg");
}

TEST(JsonLd, DurationsInIso8601) {
  const std::pair<double, const char*> cases[] = {
      {0, "PT0S"}, {59.6, "PT1M"}, {95, "PT1M35S"}, {3600, "PT1H"}, {3725, "PT1H2M5S"}};
  for (const auto& [seconds, want] : cases) {
    LdVideo v;
    v.duration_seconds = seconds;
    auto ld = video_object_ld(v);
    if (seconds > 0) {
      EXPECT_EQ(ld["duration"], want) << seconds;
    } else {
      EXPECT_FALSE(ld.contains("duration"));
    }
  }
}

TEST(JsonLd, TopicTypesAndDates) {
  const std::tuple<EntityKind, const char*, const char*> cases[] = {
      {EntityKind::person, "Person", "birthDate"},
      {EntityKind::film, "Movie", "datePublished"},
      {EntityKind::band, "MusicGroup", "foundingDate"},
      {EntityKind::show, "TVSeries", "datePublished"},
      {EntityKind::event, "Event", "startDate"},
  };
  for (const auto& [kind, type, date_property] : cases) {
    LdTopic topic;
    topic.entity.kind = kind;
    topic.entity.name = "Name";
    topic.entity.start_date = "1990-04-09";
    topic.url = "https://x.test/t";
    auto ld = topic_ld(topic);
    EXPECT_EQ(ld["@type"], type);
    EXPECT_EQ(ld[date_property], "1990-04-09") << type;
  }
}

TEST(JsonLd, RelationPropertiesFromThePagesSide) {
  EXPECT_EQ(ld_property("acted_in", false, EntityKind::film), "actor");
  EXPECT_EQ(ld_property("member_of", false, EntityKind::band), "member");
  EXPECT_EQ(ld_property("member_of", true, EntityKind::person), "memberOf");
  EXPECT_EQ(ld_property("acted_in", true, EntityKind::person), "");
  EXPECT_EQ(ld_property("no_such", false, EntityKind::film), "");
}

TEST(JsonLd, ScriptCannotBeClosedFromInside) {
  json data = {{"headline", "</script><script>alert(1)</script> & more"}, {"bad", "\xff"}};
  auto script = ld_script(data);
  EXPECT_EQ(script.find("</script>"), script.size() - 9);
  EXPECT_EQ(script.find('&'), std::string::npos);
  auto body = script.substr(35, script.size() - 35 - 9);
  EXPECT_EQ(json::parse(body)["headline"], data["headline"]);
}

}  // namespace
}  // namespace marquee::feeds

namespace marquee::feeds {
namespace {

// Google asks for an article's image in 16:9, 4:3 and 1:1: each is an ImageObject, in order.
TEST(JsonLd, ArticleImagesAreListedInOrder) {
  LdArticle article;
  article.url = "https://x.test/s";
  article.headline = "H";
  article.images = {{"https://x.test/a-16x9.jpg", 1600, 900, "Caption"},
                    {"https://x.test/a-4x3.jpg", 1200, 900, "Caption"},
                    {"https://x.test/a-1x1.jpg", 640, 640, "Caption"}};
  auto ld = news_article_ld(article);
  ASSERT_EQ(ld["image"].size(), 3u);
  EXPECT_EQ(ld["image"][0]["url"], "https://x.test/a-16x9.jpg");
  EXPECT_EQ(ld["image"][1]["width"], 1200);
  EXPECT_EQ(ld["image"][2]["height"], 640);
  EXPECT_EQ(ld["image"][2]["@type"], "ImageObject");
  LdTopic topic;
  topic.entity.name = "N";
  topic.url = "https://x.test/t";
  topic.image = LdImage{"https://x.test/p.jpg", 800, 1000, ""};
  EXPECT_EQ(topic_ld(topic)["image"]["url"], "https://x.test/p.jpg");
}

}  // namespace
}  // namespace marquee::feeds
