// The streaming WXR reader over a real WordPress 6.1 export (tests/data/wordpress) and small
// hand-made ones for what it lacks, and for malformed input.
#include "importers/wordpress/wxr_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace marquee::importers {
namespace {

const std::string kExport = std::string(MARQUEE_TEST_DATA) + "/wordpress/export-small.xml";

std::vector<WxrItem> read_all(WxrReader& reader) {
  std::vector<WxrItem> items;
  while (auto item = reader.next()) items.push_back(std::move(*item));
  return items;
}

TEST(WxrReader, ReadsTheRealExportItemByItem) {
  auto reader = WxrReader::open_file(kExport);
  auto items = read_all(*reader);
  ASSERT_EQ(items.size(), 50u);
  const WxrSite& site = reader->site();
  EXPECT_EQ(site.title, "The Marquee Wire");
  EXPECT_EQ(site.wxr_version, "1.2");
  EXPECT_EQ(site.base_site_url, "http://127.0.0.1:8081");
  ASSERT_EQ(site.authors.size(), 4u);
  EXPECT_EQ(site.authors[0].login, "mquell");
  EXPECT_EQ(site.authors[0].id, 2);
  EXPECT_EQ(site.authors[0].email, "mquell@marquee-wire.example");

  const WxrItem& first = items.front();
  EXPECT_EQ(first.post_id, 1313);
  EXPECT_EQ(first.post_type, "post");
  EXPECT_EQ(first.status, "publish");
  EXPECT_EQ(first.slug, "small-claims-season-4-trailer-reveals-paloma-serranos-return");
  EXPECT_EQ(first.title, "'Small Claims' Season 4 Trailer Reveals Paloma Serrano's Return");
  EXPECT_EQ(first.creator, "mquell");
  EXPECT_EQ(first.post_date, "2025-11-01 00:39:15");
  EXPECT_EQ(first.post_date_gmt, "2025-11-01 07:39:15");
  EXPECT_EQ(first.meta_value("_thumbnail_id"), "4");
  EXPECT_NE(first.content.find("<!-- wp:paragraph -->"), std::string::npos);
  ASSERT_FALSE(first.terms.empty());
  EXPECT_EQ(first.terms[0].domain, "category");
  EXPECT_EQ(first.terms[0].slug, "television");
  EXPECT_EQ(first.terms[0].name, "Television");
  EXPECT_GT(first.line, 40);

  int comments = 0, terms = 0, with_thumbnail = 0, pending = 0;
  for (const auto& item : items) {
    comments += static_cast<int>(item.comments.size());
    terms += static_cast<int>(item.terms.size());
    with_thumbnail += item.meta_value("_thumbnail_id") ? 1 : 0;
    pending += item.status == "pending" ? 1 : 0;
  }
  EXPECT_EQ(comments, 26);
  EXPECT_EQ(terms, 148);
  EXPECT_EQ(with_thumbnail, 13);
  EXPECT_EQ(pending, 1);
}

TEST(WxrReader, CommentsKeepTheirThread) {
  auto reader = WxrReader::open_file(kExport);
  for (auto item = reader->next(); item; item = reader->next()) {
    if (item->post_id != 1319) continue;
    ASSERT_EQ(item->comments.size(), 2u);
    EXPECT_EQ(item->comments[0].id, 540);
    EXPECT_EQ(item->comments[0].parent, 0);
    EXPECT_EQ(item->comments[0].author, "Arjun S.");
    EXPECT_EQ(item->comments[0].approved, "1");
    EXPECT_EQ(item->comments[0].date_gmt, "2025-11-06 06:41:39");
    EXPECT_EQ(item->comments[1].parent, 540);
    return;
  }
  FAIL() << "post 1319 not found";
}

constexpr const char* kSmall = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Small &amp; Co</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>movies</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Movies]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>biopics</wp:category_nicename>
    <wp:category_parent>movies</wp:category_parent><wp:cat_name><![CDATA[Biopics]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>red-carpet</wp:tag_slug><wp:tag_name><![CDATA[Red Carpet]]></wp:tag_name></wp:tag>
  <item>
    <title>About us</title>
    <wp:post_id>7</wp:post_id><wp:post_type>page</wp:post_type><wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent><wp:menu_order>2</wp:menu_order>
    <content:encoded><![CDATA[<p>We cover <em>film</em> &amp; music.</p>]]></content:encoded>
  </item>
  <item>
    <title>photo</title>
    <wp:post_id>8</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
    <wp:post_parent>7</wp:post_parent>
    <wp:attachment_url>http://old.example/wp-content/uploads/2025/11/photo.jpg</wp:attachment_url>
    <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Two stars]]></wp:meta_value></wp:postmeta>
  </item>
  <item>
    <title>Scheduled</title><wp:post_id>9</wp:post_id><wp:post_type>post</wp:post_type>
    <wp:status>future</wp:status><wp:is_sticky>1</wp:is_sticky>
  </item>
</channel>
</rss>
)xml";

TEST(WxrReader, ChannelTermsPagesAttachmentsAndFlags) {
  auto reader = WxrReader::open_memory(kSmall);
  auto items = read_all(*reader);
  ASSERT_EQ(items.size(), 3u);
  const WxrSite& site = reader->site();
  EXPECT_EQ(site.title, "Small & Co");
  ASSERT_EQ(site.terms.size(), 3u);
  EXPECT_EQ(site.terms[1].domain, "category");
  EXPECT_EQ(site.terms[1].slug, "biopics");
  EXPECT_EQ(site.terms[1].parent, "movies");
  EXPECT_EQ(site.terms[2].domain, "post_tag");
  EXPECT_EQ(site.terms[2].name, "Red Carpet");
  EXPECT_EQ(items[0].post_type, "page");
  EXPECT_EQ(items[0].menu_order, 2);
  EXPECT_EQ(items[0].content, "<p>We cover <em>film</em> &amp; music.</p>");
  EXPECT_EQ(items[1].parent_id, 7);
  EXPECT_EQ(items[1].attachment_url, "http://old.example/wp-content/uploads/2025/11/photo.jpg");
  EXPECT_EQ(items[1].meta_value("_wp_attachment_image_alt"), "Two stars");
  EXPECT_EQ(items[2].status, "future");
  EXPECT_TRUE(items[2].sticky);
}

TEST(WxrReader, MalformedFilesAreRefusedWithTheirLine) {
  const std::string broken =
      std::string(kSmall).replace(std::string(kSmall).find("</item>"), 7, "</itme>");
  auto reader = WxrReader::open_memory(broken);
  try {
    read_all(*reader);
    FAIL() << "no error";
  } catch (const WxrError& e) {
    EXPECT_EQ(e.line, 18);  // the first </item>, misspelt
    EXPECT_FALSE(e.message.empty());
  }
  for (const char* text : {"", "<feed><entry/></feed>", "<rss><channel><item>", "not xml at all"}) {
    auto other = WxrReader::open_memory(text);
    EXPECT_THROW(read_all(*other), WxrError) << text;
  }
  EXPECT_THROW(WxrReader::open_file("/no/such/export.xml")->next(), WxrError);
}

TEST(WxrReader, EntitiesAreNotExpandedFromOutside) {
  // An external entity is never fetched or read: the reader refuses or leaves it out.
  const std::string hostile = R"xml(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title>
<wp:post_id>1</wp:post_id></item></channel></rss>)xml";
  auto reader = WxrReader::open_memory(hostile);
  try {
    auto items = read_all(*reader);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].title.find("root:"), std::string::npos);
  } catch (const WxrError&) {
  }
}

TEST(WxrReader, TellsAnExportFromOtherFiles) {
  std::ifstream in(kExport);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  EXPECT_TRUE(looks_like_wxr(head));
  EXPECT_FALSE(looks_like_wxr("+++\ntitle = \"A story\"\n+++\nBody"));
  EXPECT_FALSE(looks_like_wxr("<rss version=\"2.0\"><channel><title>A feed</title>"));
}

}  // namespace
}  // namespace marquee::importers
