// Feed writers: each format parses back, carries what a reader needs, and survives hostile text.
#include "feeds/feeds.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "core/site_time.h"

namespace marquee::feeds {
namespace {

Time at(const char* iso) {
  return *parse_iso(iso);
}

FeedChannel channel() {
  FeedChannel c;
  c.title = "Marquee: Movies";
  c.description = "The latest movie news";
  c.site_url = "https://news.example.com/movies";
  c.feed_url = "https://news.example.com/movies/rss.xml";
  c.updated = at("2010-07-21T18:39:00Z");
  return c;
}

FeedItem item() {
  FeedItem i;
  i.id = i.url = "https://news.example.com/movies/2010/07/21/runaways-clip";
  i.title = "Exclusive: \"The Runaways\" clip & more <b>";
  i.summary = "Kristen Stewart and Dakota Fanning rock out.";
  i.content_html =
      "<p>Kristen <a href=\"/people/kristen-stewart\">Stewart</a> plays Joan Jett.</p>";
  i.published = at("2010-07-21T18:39:00Z");
  i.updated = at("2010-07-22T10:00:00Z");
  i.authors = {{"Maya Okafor", "https://news.example.com/authors/maya-okafor"}};
  i.categories = {"Movies", "The Runaways"};
  i.enclosure = Enclosure{"https://news.example.com/media/clip.mp4", "video/mp4", 123456, 95.4};
  return i;
}

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  auto result = doc.load_string(xml.c_str());
  EXPECT_TRUE(result) << result.description() << "\n" << xml;
  return doc;
}

TEST(Rss, CarriesContentAuthorsCategoriesAndTheClip) {
  auto doc = parse(render_rss(channel(), {item()}));
  auto ch = doc.child("rss").child("channel");
  EXPECT_STREQ(doc.child("rss").attribute("version").value(), "2.0");
  EXPECT_STREQ(ch.child_value("title"), "Marquee: Movies");
  EXPECT_STREQ(ch.child("atom:link").attribute("href").value(), channel().feed_url.c_str());
  auto entry = ch.child("item");
  EXPECT_EQ(std::string(entry.child_value("title")), item().title);
  EXPECT_STREQ(entry.child_value("pubDate"), "Wed, 21 Jul 2010 18:39:00 GMT");
  EXPECT_STREQ(entry.child_value("dc:creator"), "Maya Okafor");
  EXPECT_STREQ(entry.child("guid").attribute("isPermaLink").value(), "true");
  EXPECT_EQ(std::string(entry.child_value("content:encoded")), item().content_html);
  int categories = 0;
  for ([[maybe_unused]] auto c : entry.children("category")) ++categories;
  EXPECT_EQ(categories, 2);
  auto enclosure = entry.child("enclosure");
  EXPECT_STREQ(enclosure.attribute("type").value(), "video/mp4");
  EXPECT_EQ(enclosure.attribute("length").as_llong(), 123456);
}

TEST(Atom, HasIdsDatesAuthorsAndEnclosureLink) {
  auto doc = parse(render_atom(channel(), {item()}));
  auto feed = doc.child("feed");
  EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  EXPECT_STREQ(feed.child_value("updated"), "2010-07-21T18:39:00Z");
  auto entry = feed.child("entry");
  EXPECT_EQ(std::string(entry.child_value("id")), item().id);
  EXPECT_STREQ(entry.child_value("published"), "2010-07-21T18:39:00Z");
  EXPECT_STREQ(entry.child_value("updated"), "2010-07-22T10:00:00Z");
  EXPECT_STREQ(entry.child("author").child_value("name"), "Maya Okafor");
  EXPECT_STREQ(entry.child("content").attribute("type").value(), "html");
  EXPECT_TRUE(entry.find_child_by_attribute("link", "rel", "enclosure"));
}

FeedImage photo() {
  return {"https://news.example.com/media/lead-1200.jpg",
          1200,
          675,
          48213,
          "Two singers on a stage",
          "Studio photo & co"};
}

TEST(Rss, CarriesTheLeadPhotoAsMediaContentAndAsTheEnclosureWithoutAClip) {
  auto story = item();
  story.image = photo();
  auto entry = parse(render_rss(channel(), {story})).child("rss").child("channel").child("item");
  auto content = entry.child("media:content");
  ASSERT_TRUE(content);
  EXPECT_EQ(std::string(content.attribute("url").value()), photo().url);
  EXPECT_STREQ(content.attribute("medium").value(), "image");
  EXPECT_EQ(content.attribute("width").as_int(), 1200);
  EXPECT_EQ(content.attribute("height").as_int(), 675);
  EXPECT_EQ(content.attribute("fileSize").as_llong(), 48213);
  EXPECT_STREQ(content.child_value("media:description"), "Two singers on a stage");
  EXPECT_STREQ(content.child_value("media:credit"), "Studio photo & co");
  // One enclosure only, as RSS allows: the clip wins; without it, the photo.
  int enclosures = 0;
  for ([[maybe_unused]] auto e : entry.children("enclosure")) ++enclosures;
  EXPECT_EQ(enclosures, 1);
  EXPECT_STREQ(entry.child("enclosure").attribute("type").value(), "video/mp4");
  story.enclosure.reset();
  entry = parse(render_rss(channel(), {story})).child("rss").child("channel").child("item");
  EXPECT_EQ(std::string(entry.child("enclosure").attribute("url").value()), photo().url);
  EXPECT_STREQ(entry.child("enclosure").attribute("type").value(), "image/jpeg");
  EXPECT_EQ(entry.child("enclosure").attribute("length").as_llong(), 48213);
  // No photo, no media:content.
  entry = parse(render_rss(channel(), {item()})).child("rss").child("channel").child("item");
  EXPECT_FALSE(entry.child("media:content"));
}

TEST(Atom, CarriesTheLeadPhotoBesideTheClip) {
  auto story = item();
  story.image = photo();
  auto entry = parse(render_atom(channel(), {story})).child("feed").child("entry");
  int enclosures = 0;
  bool photo_link = false;
  for (auto link : entry.children("link")) {
    if (std::string(link.attribute("rel").value()) != "enclosure") continue;
    ++enclosures;
    photo_link = photo_link || std::string(link.attribute("type").value()) == "image/jpeg";
  }
  EXPECT_EQ(enclosures, 2);
  EXPECT_TRUE(photo_link);
  EXPECT_EQ(entry.child("media:content").attribute("width").as_int(), 1200);
  auto json = nlohmann::json::parse(render_json_feed(channel(), {story}));
  EXPECT_EQ(json["items"][0]["image"], photo().url);
}

TEST(Atom, EntryWithoutAuthorsNamesThePublication) {
  auto story = item();
  story.authors.clear();
  auto doc = parse(render_atom(channel(), {story}));
  EXPECT_STREQ(doc.child("feed").child("entry").child("author").child_value("name"),
               "Marquee: Movies");
}

TEST(JsonFeed, FollowsVersionOnePointOne) {
  auto feed = nlohmann::json::parse(render_json_feed(channel(), {item()}));
  EXPECT_EQ(feed["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(feed["feed_url"], channel().feed_url);
  auto& entry = feed["items"][0];
  EXPECT_EQ(entry["id"], item().id);
  EXPECT_EQ(entry["content_html"], item().content_html);
  EXPECT_EQ(entry["authors"][0]["name"], "Maya Okafor");
  EXPECT_EQ(entry["tags"].size(), 2u);
  EXPECT_EQ(entry["attachments"][0]["mime_type"], "video/mp4");
  EXPECT_EQ(entry["attachments"][0]["duration_in_seconds"], 95);
  EXPECT_EQ(entry["date_published"], "2010-07-21T18:39:00Z");
}

TEST(JsonFeed, EmptyBodyFallsBackToText) {
  auto story = item();
  story.content_html.clear();
  story.enclosure.reset();
  auto entry = nlohmann::json::parse(render_json_feed(channel(), {story}))["items"][0];
  EXPECT_FALSE(entry.contains("content_html"));
  EXPECT_EQ(entry["content_text"], story.summary);
  EXPECT_FALSE(entry.contains("attachments"));
}

TEST(Feeds, EmptyFeedsAreValid) {
  parse(render_rss(channel(), {}));
  parse(render_atom(channel(), {}));
  EXPECT_TRUE(nlohmann::json::parse(render_json_feed(channel(), {}))["items"].empty());
}

TEST(Feeds, HostileTextStaysWellFormed) {
  auto story = item();
  story.title = std::string("bell\x07 nul\0 end", 14) + "\xff\xfe broken ]]> </item>";
  story.content_html = "<p>\x01\x1f control</p>]]><![CDATA[";
  story.authors = {{"\xc3\x28 bad", ""}};
  for (auto format : {FeedFormat::rss, FeedFormat::atom}) {
    auto doc = parse(render_feed(format, channel(), {story}));
    EXPECT_TRUE(doc.first_child()) << file_name(format);
  }
  auto json = nlohmann::json::parse(render_json_feed(channel(), {story}));
  EXPECT_NE(json["items"][0]["title"].get<std::string>().find("broken"), std::string::npos);
}

TEST(Feeds, FileNamesRoundTrip) {
  for (auto format : {FeedFormat::rss, FeedFormat::atom, FeedFormat::json}) {
    EXPECT_EQ(format_for_file_name(file_name(format)), format);
  }
  EXPECT_FALSE(format_for_file_name("feed.xml"));
  EXPECT_FALSE(format_for_file_name(""));
}

TEST(XmlSafe, KeepsGoodTextAndRepairsTheRest) {
  const std::pair<std::string, std::string> cases[] = {
      {"plain", "plain"},
      {"tab\tnew\nline\r", "tab\tnew\nline\r"},
      {"caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x8e\xac",
       "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xf0\x9f\x8e\xac"},
      {std::string("a\0b", 3), "ab"},
      {"bell\x07", "bell"},
      {"\xff", "\xef\xbf\xbd"},
      {"\xc3", "\xef\xbf\xbd"},                                  // truncated sequence
      {"\xe0\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // overlong
      {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},  // surrogate
      {"\xef\xbf\xbe", ""},                                      // U+FFFE is not a character
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(xml_safe(in), want) << in;
}

}  // namespace
}  // namespace marquee::feeds
